package io.cpimon.alerting.channels;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the channel ITs talk through and to, as a JUnit extension: the simulator's channel peers (Teams, ServiceNow,
 * Azure Monitor, webhook, SMTP) on the wall clock, and one Vert.x with the WebClient the channels use.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ChannelPeers peers = new ChannelPeers();
 *
 * @Test
 * void send_healthyPeer_isDelivered() {
 *     Channel c = new TeamsChannel(config(peers.sim().teams().url()), peers.client(), TIMEOUT);
 *     ...
 * }
 * }</pre>
 *
 * <p>Scope follows the field: registered in a static field, the peers serve the whole class (started before the
 * first test, closed after the last); in an instance field, every test gets its own. Closing runs in reverse order
 * (client, Vert.x, simulator), every close is attempted, and the first failure is thrown with the later ones
 * suppressed. Not thread-safe: use it from the test's thread. Accessors throw {@link IllegalStateException} while
 * the peers are not running; none returns null.
 */
public final class ChannelPeers implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    /** The JUnit context (class or test) that started the peers and whose end closes them; null when stopped. */
    private String owner;
    private Simulator sim;
    private Vertx vertx;
    private WebClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            stop();
        }
    }

    public Simulator sim() {
        return running(sim);
    }

    public Vertx vertx() {
        return running(vertx);
    }

    public WebClient client() {
        return running(client);
    }

    private void startFor(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        try {
            sim = Simulator.start(SimClock.system());
            vertx = Vertx.vertx();
            client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000));
        } catch (RuntimeException e) {
            RuntimeException failure = closeAll(e);
            throw failure;
        }
        owner = context.getUniqueId();
    }

    private void stop() {
        RuntimeException failure = closeAll(null);
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException closeAll(RuntimeException failure) {
        WebClient c = client;
        Vertx v = vertx;
        Simulator s = sim;
        owner = null;
        client = null;
        vertx = null;
        sim = null;
        failure = attempt(failure, c == null ? null : c::close);
        failure = attempt(failure, v == null ? null : () -> v.close().await());
        return attempt(failure, s == null ? null : s::close);
    }

    private static RuntimeException attempt(RuntimeException failure, Runnable close) {
        if (close == null) {
            return failure;
        }
        try {
            close.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    private <T> T running(T resource) {
        if (resource == null) {
            throw new IllegalStateException("the channel peers are not running");
        }
        return resource;
    }
}
