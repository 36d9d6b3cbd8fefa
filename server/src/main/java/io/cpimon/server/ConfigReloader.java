package io.cpimon.server;

import io.cpimon.api.routes.ReloadRoutes.ReloadStatus;
import io.cpimon.api.routes.ReloadRoutes.Reloader;
import io.cpimon.config.ConfigError;
import io.cpimon.config.ConfigException;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reload path, for SIGHUP and {@code POST /api/v1/reload} alike: read, validate and build the whole new
 * configuration from the file first; an invalid file is rejected with its errors and nothing changes; a valid one is
 * handed to the wiring's apply step (tenants' loops, alerting, the API's view), which restores the previous
 * configuration when it fails. Sections that only apply at start ({@code server}, {@code database},
 * {@code retention}, {@code forwarding}, {@code logging}) are reported, not applied. Without a file (the demo) there is nothing to
 * reload. One reload at a time (synchronized); {@link #last()} from any thread.
 */
final class ConfigReloader implements Reloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** Applies a new configuration and says what changed; throws when it could not (the caller restores). */
    interface Apply {
        List<String> apply(CpimonConfig previous, CpimonConfig next);
    }

    private final Clock clock;
    private final Apply apply;
    private volatile CpimonConfig current;
    private volatile Path file;
    private volatile Function<Path, CpimonConfig> loader;
    private volatile ReloadStatus last = ReloadStatus.none(null);

    ConfigReloader(CpimonConfig initial, Clock clock, Apply apply) {
        this.current = initial;
        this.clock = clock;
        this.apply = apply;
    }

    /** The configuration in force. */
    CpimonConfig current() {
        return current;
    }

    /**
     * Where reloads read from. @param loader reads and validates the file; throws {@link InvalidConfig} with its
     * errors
     */
    void source(Path path, Function<Path, CpimonConfig> loader) {
        this.file = path;
        this.loader = loader;
        this.last = ReloadStatus.none(path.toString());
    }

    /** A loader over {@link ConfigLoader}: its errors become an {@link InvalidConfig}. */
    static Function<Path, CpimonConfig> loader(ConfigLoader configLoader) {
        return path -> {
            try {
                return configLoader.load(path);
            } catch (ConfigException e) {
                throw new InvalidConfig(e.errors().stream().map(ConfigError::format).toList());
            }
        };
    }

    /** A file that did not validate. */
    static final class InvalidConfig extends RuntimeException {
        final List<String> errors;

        InvalidConfig(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }
    }

    @Override
    public ReloadStatus last() {
        return last;
    }

    @Override
    public synchronized ReloadStatus reload(String trigger) {
        Path path = file;
        if (path == null) {
            ReloadStatus s = status(trigger, "unsupported", null, List.of(), List.of("cpimon runs a built-in"
                    + " configuration (the demo): there is no file to reload; restart it to change it"), List.of());
            LOG.warn("reload ({}) ignored: {}", trigger, s.errors().getFirst());
            return s;
        }
        CpimonConfig next;
        try {
            next = loader.apply(path);
        } catch (InvalidConfig e) {
            LOG.warn("reload ({}) rejected: {} is invalid; the running configuration stays:\n  {}", trigger, path,
                    String.join("\n  ", e.errors));
            return remember(status(trigger, "rejected", path, List.of(), e.errors, List.of()));
        } catch (RuntimeException e) {
            LOG.warn("reload ({}) rejected: {} could not be read: {}", trigger, path, e.toString());
            return remember(status(trigger, "rejected", path, List.of(), List.of(path + ": " + e.getMessage()),
                    List.of()));
        }
        CpimonConfig previous = current;
        List<String> restart = restartNeeded(previous, next);
        if (next.equals(previous)) {
            LOG.info("reload ({}): {} is unchanged", trigger, path);
            return remember(status(trigger, "unchanged", path, List.of(), List.of(), restart));
        }
        try {
            List<String> changes = apply.apply(previous, next);
            current = next;
            LOG.info("reload ({}) applied from {}: {}{}", trigger, path, changes.isEmpty() ? "no change" : changes,
                    restart.isEmpty() ? "" : "; changed but applied only at the next start: " + restart);
            return remember(status(trigger, "applied", path, changes, List.of(), restart));
        } catch (RuntimeException e) {
            LOG.error("reload ({}) failed while applying {}; restoring the previous configuration", trigger, path, e);
            List<String> errors = new ArrayList<>(List.of(Objects.toString(e.getMessage(), e.toString())));
            try {
                apply.apply(next, previous);
            } catch (RuntimeException restoring) {
                LOG.error("restoring the previous configuration failed too", restoring);
                errors.add("restoring the previous configuration failed: " + restoring.getMessage());
            }
            return remember(status(trigger, "failed", path, List.of(), errors, restart));
        }
    }

    private ReloadStatus status(String trigger, String outcome, Path path, List<String> changes, List<String> errors,
                                List<String> restart) {
        return new ReloadStatus(clock.instant(), trigger, outcome, path == null ? null : path.toString(),
                List.copyOf(changes), List.copyOf(errors), List.copyOf(restart));
    }

    private ReloadStatus remember(ReloadStatus s) {
        last = s;
        return s;
    }

    /** The sections that differ but only apply at start. */
    static List<String> restartNeeded(CpimonConfig a, CpimonConfig b) {
        List<String> out = new ArrayList<>();
        if (!Objects.equals(a.server(), b.server())) {
            out.add("server");
        }
        if (!Objects.equals(a.database(), b.database())) {
            out.add("database");
        }
        if (!Objects.equals(a.retention(), b.retention())) {
            out.add("retention");
        }
        if (!Objects.equals(a.forwarding(), b.forwarding())) {
            out.add("forwarding");
        }
        if (!Objects.equals(a.logging(), b.logging())) {
            out.add("logging");
        }
        return out;
    }
}
