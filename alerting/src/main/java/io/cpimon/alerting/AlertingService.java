package io.cpimon.alerting;

import io.cpimon.alerting.channels.Channel;
import io.cpimon.alerting.channels.ChannelFactory;
import io.cpimon.alerting.channels.ChannelTester;
import io.cpimon.alerting.inbound.AzureMonitorInbound;
import io.cpimon.alerting.lifecycle.AlertEvaluator;
import io.cpimon.alerting.lifecycle.Inhibitor;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.lifecycle.ProbeTrigger;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.alerting.lifecycle.TimedRule;
import io.cpimon.alerting.outbox.Dispatcher;
import io.cpimon.alerting.outbox.RateLimiter;
import io.cpimon.alerting.rules.BuiltInRules;
import io.cpimon.alerting.rules.Rule;
import io.cpimon.alerting.rules.TenantDownRule;
import io.cpimon.config.CpimonConfig;
import io.cpimon.core.Backoff;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.core.Leadership;
import io.cpimon.core.Lifecycle;
import io.cpimon.core.PeriodicWorker;
import io.cpimon.core.ProbeEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting component: runs two rule evaluators and the outbox dispatcher, each on its own virtual thread. The
 * probe rules' evaluator ({@link BuiltInRules#PROBE_DRIVEN}) runs every {@code rules.evaluationInterval} and as soon as
 * a stored probe result may change what those rules see ({@link ProbeEvents}, {@link ProbeTrigger}; events that
 * arrive while it runs make one more run, never a second one at the same time); the other rules' evaluator runs every
 * {@code rules.evaluationInterval}. Their rules and alerts are disjoint, so one slow message rule never delays an
 * outage's notification. The dispatcher is woken when an evaluator or the Azure Monitor inbound enqueued, and runs at
 * least every {@link #DISPATCH_POLL}. The router and the notification planner are built once
 * here and shared by the evaluator, the dispatcher and the inbound. Start and close from one thread;
 * {@link #check()}, {@link #channelTester()} and {@link #azureMonitor()} from any.
 */
public final class AlertingService implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);
    static final Duration DISPATCH_POLL = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final CpimonConfig config;
    private final AlertingStores stores;
    private final Clock clock;
    private final ChangeNotifier notifier;
    private final String dashboardUrl;
    private final Router router;
    private final NotificationPlanner planner;
    private final AzureMonitorInbound azureMonitor;
    private final MeterRegistry meters;
    private volatile ChannelTester channelTester;
    private final ProbeEvents probeEvents;
    private volatile Leadership leadership = Leadership.ALWAYS;
    private PeriodicWorker evaluatorWorker;
    private PeriodicWorker probeEvaluatorWorker;
    private ProbeEvents.Subscription probeSubscription;
    private WebClient client;
    private volatile Thread dispatcherThread;
    private volatile boolean closed;
    private volatile boolean started;

    /**
     * @param dashboardUrl nullable: linked from notifications
     * @param meters where every rule's evaluation time is recorded
     */
    public AlertingService(Vertx vertx, CpimonConfig config, AlertingStores stores, Clock clock,
                           ChangeNotifier notifier, String dashboardUrl, MeterRegistry meters) {
        this(vertx, config, stores, clock, notifier, dashboardUrl, meters, new ProbeEvents());
    }

    /**
     * @param dashboardUrl nullable: linked from notifications
     * @param meters where every rule's evaluation time is recorded
     * @param probeEvents the stored probe results, which wake the probe rules' evaluation while the service runs
     */
    public AlertingService(Vertx vertx, CpimonConfig config, AlertingStores stores, Clock clock,
                           ChangeNotifier notifier, String dashboardUrl, MeterRegistry meters,
                           ProbeEvents probeEvents) {
        this.meters = meters;
        this.probeEvents = probeEvents;
        this.vertx = vertx;
        this.config = config;
        this.stores = stores;
        this.clock = clock;
        this.notifier = notifier;
        this.dashboardUrl = dashboardUrl;
        this.router = new Router(config.routes());
        this.planner = new NotificationPlanner(router, dashboardUrl);
        this.azureMonitor = new AzureMonitorInbound(stores.alerts(), planner, clock, notifier, this::wakeDispatcher);
        this.channelTester = new ChannelTester(Map.of(), clock, dashboardUrl);
    }

    /**
     * Evaluates rules only while {@code leadership} says this instance leads (several instances on one database: one
     * evaluator, the others' dispatchers still deliver). Before {@link #start()}; without it the evaluator always runs.
     */
    public AlertingService ledBy(Leadership leadership) {
        this.leadership = leadership;
        return this;
    }

    @Override
    public String name() {
        return "alerting";
    }

    @Override
    public synchronized void start() {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("cpimon").setConnectTimeout(5_000));
        Map<String, Channel> channels = Map.copyOf(new ChannelFactory(client).create(config.channels()));
        channelTester = new ChannelTester(channels, clock, dashboardUrl);
        RateLimiter limiter = new RateLimiter(RateLimiter.limits(channels));
        Dispatcher dispatcher = new Dispatcher(stores.outbox(), stores.notificationLog(), stores.alerts(), channels,
                router, clock, Dispatcher.Policy.defaults(), notifier, limiter, dashboardUrl);
        dispatcherThread = Thread.ofVirtual().name("dispatcher").start(() -> dispatchLoop(dispatcher));
        List<Rule> rules = BuiltInRules.of(config, stores.probes(), stores.cursors(), stores.ruleQueries(),
                stores.alerts()).stream().<Rule>map(r -> new TimedRule(r, meters)).toList();
        Predicate<String> probeDriven = BuiltInRules.PROBE_DRIVEN::contains;
        Duration interval = config.rules().evaluationInterval();
        probeEvaluatorWorker = evaluatorWorker("rules-probe", interval, evaluator(
                rules.stream().filter(r -> probeDriven.test(r.name())).toList(), probeDriven));
        evaluatorWorker = evaluatorWorker("rules", interval, evaluator(
                rules.stream().filter(r -> !probeDriven.test(r.name())).toList(), probeDriven.negate()));
        probeSubscription = probeEvents.subscribe(new ProbeTrigger(
                config.rules().get(TenantDownRule.DEFINITION).window(), probeEvaluatorWorker::wake));
        started = true;
    }

    private AlertEvaluator evaluator(List<Rule> rules, Predicate<String> owns) {
        return new AlertEvaluator(rules, owns, stores.alerts(), planner, clock, notifier, this::wakeDispatcher,
                new Inhibitor(config.rules().inhibit()), stores.silences(), stores.outbox());
    }

    /** An evaluator that runs only while this instance leads (always, when it runs alone). */
    private PeriodicWorker evaluatorWorker(String name, Duration interval, AlertEvaluator evaluator) {
        return new PeriodicWorker(name, interval, Backoff.of(interval, Duration.ofMinutes(1)), () -> {
            if (leadership.leads()) {
                evaluator.evaluateOnce();
            }
        }).start();
    }

    @Override
    public Check check() {
        return started ? Check.UP : Check.down("not started");
    }

    /** Tests the running channels; before {@link #start()} it knows none. */
    public ChannelTester channelTester() {
        return channelTester;
    }

    /** Accepts Azure Monitor alerts, routed and notified like any other. */
    public AzureMonitorInbound azureMonitor() {
        return azureMonitor;
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

    @Override
    public synchronized void close() {
        closed = true;
        started = false;
        if (probeSubscription != null) {
            probeSubscription.close();
            probeSubscription = null;
        }
        for (PeriodicWorker w : new PeriodicWorker[] {probeEvaluatorWorker, evaluatorWorker}) {
            if (w != null) {
                w.close();
            }
        }
        probeEvaluatorWorker = null;
        evaluatorWorker = null;
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
