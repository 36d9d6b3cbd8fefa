package io.cpimon.server;

import io.cpimon.core.Lifecycle;
import io.cpimon.core.Lifecycle.Check;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one running cpimon, in start order: {@link #startAll()} starts them one after the other,
 * {@link #close()} closes every one of them in reverse order, and {@link #checks()} is what {@code /readyz} shows.
 * Components are added before {@link #startAll()} on one thread; {@link #checks()} may then be called from any thread.
 */
final class Components implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    private final List<Lifecycle> components = new ArrayList<>();
    private final Set<Lifecycle> started = ConcurrentHashMap.newKeySet();

    /** Appends a component; it starts after the ones added before it and closes before them. */
    <T extends Lifecycle> T add(T component) {
        components.add(component);
        return component;
    }

    /**
     * Starts every component in order. When one fails, every component is closed (in reverse) and the start failure
     * is thrown with the close failures suppressed onto it.
     */
    void startAll() throws Exception {
        for (Lifecycle c : components) {
            try {
                c.start();
            } catch (Exception | Error e) {
                LOG.error("{} failed to start: {}", c.name(), e.toString());
                closeAll(e);
                throw e;
            }
            started.add(c);
        }
    }

    /**
     * Every component's check by name, in start order: a component that has not started is down, and a check that
     * throws is down with the exception. Blocking when a check is (a database ping).
     */
    Map<String, Check> checks() {
        Map<String, Check> out = new LinkedHashMap<>();
        for (Lifecycle c : List.copyOf(components)) {
            out.put(c.name(), started.contains(c) ? check(c) : Check.down("not started"));
        }
        return out;
    }

    private static Check check(Lifecycle c) {
        try {
            return c.check();
        } catch (RuntimeException e) {
            return Check.down(e.toString());
        }
    }

    /** Closes every component in reverse order; the first failure is thrown, later ones are suppressed onto it. */
    @Override
    public void close() {
        RuntimeException first = closeAll(null);
        if (first != null) {
            throw first;
        }
    }

    /** Closes all in reverse; failures go onto {@code failure} when given, else onto the first, which is returned. */
    private RuntimeException closeAll(Throwable failure) {
        RuntimeException first = null;
        for (Lifecycle c : components.reversed()) {
            started.remove(c);
            try {
                c.close();
            } catch (RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
