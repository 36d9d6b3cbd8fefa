package io.cpimon.alerting;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.ChannelConfig;
import io.cpimon.db.AlertStore;
import io.cpimon.db.ChangeNotifier;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.runtime.Backoff;
import io.cpimon.runtime.PeriodicWorker;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rule evaluator (every {@code rules.evaluationInterval}) and the outbox dispatcher (woken when
 * the evaluator enqueued, and at least every {@link #DISPATCH_POLL}), each on its own virtual thread.
 */
public final class AlertingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);
    static final Duration DISPATCH_POLL = Duration.ofSeconds(1);
    static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final CpimonConfig config;
    private final ProbeStore probes;
    private final AlertStore alerts;
    private final NotificationStore outbox;
    private final Clock clock;
    private final ChangeNotifier notifier;
    private final String dashboardUrl;
    private final List<PeriodicWorker> workers = new ArrayList<>();
    private WebClient client;
    private volatile Thread dispatcherThread;
    private volatile boolean closed;
    private volatile boolean started;

    /** @param dashboardUrl nullable: linked from notifications */
    public AlertingService(Vertx vertx, CpimonConfig config, ProbeStore probes, AlertStore alerts, NotificationStore outbox,
                           Clock clock, ChangeNotifier notifier, String dashboardUrl) {
        this.vertx = vertx;
        this.config = config;
        this.probes = probes;
        this.alerts = alerts;
        this.outbox = outbox;
        this.clock = clock;
        this.notifier = notifier;
        this.dashboardUrl = dashboardUrl;
    }

    public synchronized AlertingService start() {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("cpimon").setConnectTimeout(5_000));
        Dispatcher dispatcher = new Dispatcher(outbox, channels(), clock, Dispatcher.Policy.defaults(), notifier);
        dispatcherThread = Thread.ofVirtual().name("dispatcher").start(() -> dispatchLoop(dispatcher));
        AlertEvaluator evaluator = new AlertEvaluator(rules(), alerts,
                new NotificationPlanner(new Router(config.routes()), dashboardUrl), clock, notifier, this::wakeDispatcher);
        Duration interval = config.rules().evaluationInterval();
        workers.add(new PeriodicWorker("rules", interval, Backoff.of(interval, Duration.ofMinutes(1)), evaluator::evaluateOnce).start());
        started = true;
        return this;
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        if (config.rules().tenantDown().enabled()) {
            rules.add(new TenantDownRule(config, probes));
        }
        return rules;
    }

    /** One channel per configured channel whose type is implemented; the others are reported at start. */
    public Map<String, Channel> channels() {
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (ChannelConfig c : config.channels()) {
            switch (c) {
                case CpimonConfig.TeamsChannel teams -> channels.put(teams.name(), new TeamsChannel(teams, client, CHANNEL_TIMEOUT));
                default -> LOG.warn("channel {}: type {} is not implemented in this version; its notifications go dead", c.name(), c.type());
            }
        }
        return channels;
    }

    private void dispatchLoop(Dispatcher dispatcher) {
        while (!closed) {
            int handled;
            try {
                handled = dispatcher.dispatchOnce();
            } catch (Exception e) {
                LOG.warn("dispatcher: {}", e.toString());
                handled = 0;
            }
            if (handled == 0 && !closed) {
                LockSupport.parkNanos(this, DISPATCH_POLL.toNanos());
            }
        }
    }

    private void wakeDispatcher() {
        Thread t = dispatcherThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    public boolean started() {
        return started;
    }

    @Override
    public synchronized void close() {
        closed = true;
        started = false;
        workers.forEach(PeriodicWorker::close);
        workers.clear();
        wakeDispatcher();
        Thread t = dispatcherThread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (client != null) {
            client.close();
        }
    }
}
