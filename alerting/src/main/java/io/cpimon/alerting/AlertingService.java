package io.cpimon.alerting;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.Channel;
import io.cpimon.alerting.channels.ChannelCatalog;
import io.cpimon.alerting.channels.ChannelContext;
import io.cpimon.alerting.channels.ChannelTestResult;
import io.cpimon.alerting.channels.Delivery;
import io.cpimon.alerting.channels.GroupNotice;
import io.cpimon.alerting.inbound.AzureMonitorInbound;
import io.cpimon.alerting.lifecycle.AlertEvaluator;
import io.cpimon.alerting.lifecycle.Inhibitor;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.alerting.outbox.Dispatcher;
import io.cpimon.alerting.outbox.InMemoryNotificationLogStore;
import io.cpimon.alerting.outbox.NotificationReason;
import io.cpimon.alerting.outbox.RateLimiter;
import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.alerting.rules.BuiltInRules;
import io.cpimon.alerting.rules.Rule;
import io.cpimon.config.ChannelConfig;
import io.cpimon.config.CpimonConfig;
import io.cpimon.core.Backoff;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.core.PeriodicWorker;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NotificationLogStore;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.SilenceStore;
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
    private NotificationLogStore notificationLog;
    private volatile Map<String, Channel> channelMap = Map.of();
    private final Clock clock;
    private final ChangeNotifier notifier;
    private final String dashboardUrl;
    private final List<PeriodicWorker> workers = new ArrayList<>();
    private PollCursorStore ruleCursors;
    private RuleQueries ruleQueries;
    private SilenceStore silences;
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
        if (notificationLog == null) {
            notificationLog = new InMemoryNotificationLogStore();
            LOG.warn("alerting runs without a durable notification log: a restart may repeat or drop grouped notifications");
        }
        channelMap = Map.copyOf(channels());
        Dispatcher dispatcher = new Dispatcher(outbox, notificationLog, alerts, channelMap, new Router(config.routes()), clock,
                Dispatcher.Policy.defaults(), notifier, new RateLimiter(rateLimits(channelMap)), dashboardUrl);
        dispatcherThread = Thread.ofVirtual().name("dispatcher").start(() -> dispatchLoop(dispatcher));
        AlertEvaluator evaluator = evaluator(this::wakeDispatcher);
        Duration interval = config.rules().evaluationInterval();
        workers.add(new PeriodicWorker("rules", interval, Backoff.of(interval, Duration.ofMinutes(1)), evaluator::evaluateOnce).start());
        started = true;
        return this;
    }

    /**
     * The stores the rules beyond tenant_down read, and the silences; call before {@link #start()}. Without it,
     * only tenant_down runs and nothing is silenced (inhibition still applies).
     */
    public synchronized AlertingService ruleSources(PollCursorStore cursors, RuleQueries queries, SilenceStore silences) {
        this.ruleCursors = cursors;
        this.ruleQueries = queries;
        this.silences = silences;
        return this;
    }

    /**
     * The durable notification log per (group, channel) the dispatcher decides with; call before {@link #start()}.
     * Without it the log is kept in memory (lost on restart, not shared between instances).
     */
    public synchronized AlertingService notificationLog(NotificationLogStore log) {
        this.notificationLog = log;
        return this;
    }

    public List<Rule> rules() {
        return BuiltInRules.of(config, probes, ruleCursors, ruleQueries, alerts);
    }

    /** The evaluator: the built-in rules, inhibition from {@code rules.inhibit}, the silences, the planner. */
    AlertEvaluator evaluator(Runnable onEnqueued) {
        return new AlertEvaluator(rules(), alerts, new NotificationPlanner(new Router(config.routes()), dashboardUrl), clock,
                notifier, onEnqueued, new Inhibitor(config.rules().inhibit()), silences, outbox);
    }

    /** One channel per configured channel. Call after {@link #start()} (the HTTP channels share its client). */
    public Map<String, Channel> channels() {
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (ChannelConfig c : config.channels()) {
            Channel channel = ChannelCatalog.create(c, new ChannelContext(client, CHANNEL_TIMEOUT));
            channels.put(c.name(), channel);
        }
        return channels;
    }

    /** Teams: 4 requests per second per webhook (docs/channels.md §1.2); the other peers throttle with 429 themselves. */
    static Map<String, RateLimiter.Limit> rateLimits(Map<String, Channel> channels) {
        Map<String, RateLimiter.Limit> limits = new LinkedHashMap<>();
        channels.forEach((name, ch) -> {
            if (ch.type().equals("teams")) {
                limits.put(name, new RateLimiter.Limit(4, Duration.ofSeconds(1)));
            }
        });
        return limits;
    }

    /**
     * Accepts one Azure Monitor common-alert-schema webhook as an alert (see {@link AzureMonitorInbound}). Blocking.
     * @throws IllegalArgumentException when the payload is not one
     */
    public AzureMonitorInbound.Result acceptAzureMonitorAlert(String json) {
        return new AzureMonitorInbound(alerts, new NotificationPlanner(new Router(config.routes()), dashboardUrl), clock, notifier,
                this::wakeDispatcher).accept(json);
    }

    /** The running channels by name (empty before {@link #start()}). */
    public Map<String, Channel> runningChannels() {
        return channelMap;
    }

    /**
     * Sends a synthetic alert through channel {@code name}'s real formatter and peer, outside the outbox.
     * Blocking. @return the channel's answer, or empty when no such channel runs
     */
    public java.util.Optional<ChannelTestResult> testChannel(String name, String requestedBy) {
        Channel channel = channelMap.get(name);
        if (channel == null) {
            return java.util.Optional.empty();
        }
        java.time.Instant now = clock.instant();
        AlertNotice synthetic = new AlertNotice(null, AlertInstance.fingerprint(Map.of("rule", "channel_test", "channel", name,
                "at", now.toString())), "channel_test", "firing",
                Map.of("rule", "channel_test", "channel", name, "severity", "info"),
                Map.of("summary", "Test notification from cpimon to channel " + name,
                        "description", "Sent by " + requestedBy + " at " + now + " through POST /api/v1/channels/" + name
                                + "/test. No action is needed."),
                now.toString(), null, dashboardUrl);
        try {
            Delivery d = channel.send(GroupNotice.single(synthetic, name, NotificationReason.TEST.text(), now));
            LOG.info("channel test of {} by {}: {}", name, requestedBy, d.getClass().getSimpleName());
            return java.util.Optional.of(ChannelTestResult.of(channel, d));
        } catch (RuntimeException e) {
            return java.util.Optional.of(ChannelTestResult.of(channel, new Delivery.Retry(name + ": " + e.getClass().getSimpleName(), null)));
        }
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
