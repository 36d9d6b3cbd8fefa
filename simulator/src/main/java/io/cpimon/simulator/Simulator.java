package io.cpimon.simulator;

import io.cpimon.simulator.peers.AzureMonitorPeer;
import io.cpimon.simulator.peers.GoogleChatPeer;
import io.cpimon.simulator.peers.HttpPeer;
import io.cpimon.simulator.peers.MattermostPeer;
import io.cpimon.simulator.peers.OtlpPeer;
import io.cpimon.simulator.peers.RocketChatPeer;
import io.cpimon.simulator.peers.ServiceNowPeer;
import io.cpimon.simulator.peers.SlackPeer;
import io.cpimon.simulator.peers.SmtpPeer;
import io.cpimon.simulator.peers.TeamsPeer;
import io.cpimon.simulator.peers.WebhookPeer;
import io.cpimon.simulator.scenario.ScenarioRun;
import io.cpimon.simulator.scenario.Scenarios;
import io.cpimon.simulator.scenario.TenantPair;
import io.cpimon.simulator.tenant.BusinessKeySequence;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated landscape: CPI tenants, tenant pairs, channel peers, live traffic and scenarios, all on
 * 127.0.0.1 and one {@link SimClock}. Owns its own Vert.x instance. Thread-safe; the methods that start or
 * stop servers block and must not be called from a Vert.x event loop.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimClock.fixed(Instant.parse("2026-05-01T10:00:00Z")))) {
 *     SimulatedTenant t = sim.addTenant(TenantSpec.of("prd-weu"));
 *     t.generate(sim.clock().now().minus(Duration.ofHours(1)), sim.clock().now());
 *     // point a client at t.apiUrl(), t.tokenUrl() with t.clientId()/t.clientSecret()
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimClock clock;
    private final Vertx vertx;
    private final BusinessKeySequence keys = new BusinessKeySequence(4_500_000_001L);
    private final Map<String, SimulatedTenant> tenants = new LinkedHashMap<>();
    private final List<TenantPair> pairs = new ArrayList<>();
    private final Object peersLock = new Object();
    private TeamsPeer teams;
    private ServiceNowPeer serviceNow;
    private AzureMonitorPeer azureMonitor;
    private OtlpPeer otlp;
    private WebhookPeer webhook;
    private SlackPeer slack;
    private GoogleChatPeer googleChat;
    private MattermostPeer mattermost;
    private RocketChatPeer rocketChat;
    private SmtpPeer smtp;
    private AdminServer admin;
    private final Object trafficLock = new Object();
    private Long liveTimer;
    private Instant lastTick;
    private volatile ScenarioRun scenario;
    private volatile boolean closed;

    private Simulator(SimClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.vertx = Vertx.vertx();
    }

    /** Starts a simulator (no tenants yet). Blocks until ready. */
    public static Simulator start(SimClock clock) {
        return new Simulator(clock);
    }

    public SimClock clock() {
        return clock;
    }

    Vertx vertx() {
        return vertx;
    }

    // ---------------------------------------------------------------- tenants

    /** Starts a tenant's HTTP server on 127.0.0.1 ({@code spec.port()}, 0 = ephemeral). Blocks. */
    public SimulatedTenant addTenant(TenantSpec spec) {
        synchronized (tenants) {
            if (closed) {
                throw new IllegalStateException("simulator closed");
            }
            if (tenants.containsKey(spec.id())) {
                throw new IllegalArgumentException("tenant already exists: " + spec.id());
            }
            SimulatedTenant t = new SimulatedTenant(spec, clock, vertx, keys);
            t.start();
            tenants.put(spec.id(), t);
            LOG.info("tenant {} listening at {}", spec.id(), t.apiUrl());
            return t;
        }
    }

    /** The tenant with this id; throws {@link NoSuchElementException} when unknown. */
    public SimulatedTenant tenant(String id) {
        synchronized (tenants) {
            SimulatedTenant t = tenants.get(id);
            if (t == null) {
                throw new NoSuchElementException("no simulated tenant " + id);
            }
            return t;
        }
    }

    /** All tenants in the order they were added. */
    public List<SimulatedTenant> tenants() {
        synchronized (tenants) {
            return List.copyOf(tenants.values());
        }
    }

    /** Pairs two tenants: from now on live traffic of the pair is routed (see {@link TenantPair}). */
    public TenantPair pair(String primaryId, String drId) {
        TenantPair p = new TenantPair(tenant(primaryId), tenant(drId), keys);
        synchronized (pairs) {
            pairs.removeIf(x -> x.primary().id().equals(primaryId) || x.dr().id().equals(drId)
                    || x.primary().id().equals(drId) || x.dr().id().equals(primaryId));
            pairs.add(p);
        }
        return p;
    }

    public List<TenantPair> pairs() {
        synchronized (pairs) {
            return List.copyOf(pairs);
        }
    }

    // ---------------------------------------------------------------- peers

    /** The Teams peer (started on first use). */
    public TeamsPeer teams() {
        synchronized (peersLock) {
            if (teams == null) {
                teams = new TeamsPeer(vertx, clock, 0, 0x7EA45L);
            }
            return teams;
        }
    }

    /** The ServiceNow peer (started on first use). */
    public ServiceNowPeer serviceNow() {
        synchronized (peersLock) {
            if (serviceNow == null) {
                serviceNow = new ServiceNowPeer(vertx, clock, 0);
            }
            return serviceNow;
        }
    }

    /** The Azure Monitor Logs Ingestion peer, HTTPS (started on first use). */
    public AzureMonitorPeer azureMonitor() {
        synchronized (peersLock) {
            if (azureMonitor == null) {
                azureMonitor = new AzureMonitorPeer(vertx, clock, 0);
            }
            return azureMonitor;
        }
    }

    /** The OTLP/HTTP logs collector peer (started on first use). */
    public OtlpPeer otlp() {
        synchronized (peersLock) {
            if (otlp == null) {
                otlp = new OtlpPeer(vertx, clock, 0);
            }
            return otlp;
        }
    }

    /** The generic webhook receiver (started on first use). */
    public WebhookPeer webhook() {
        synchronized (peersLock) {
            if (webhook == null) {
                webhook = new WebhookPeer(vertx, clock, 0);
            }
            return webhook;
        }
    }

    /** The Slack peer: incoming webhook and Web API (started on first use). */
    public SlackPeer slack() {
        synchronized (peersLock) {
            if (slack == null) {
                slack = new SlackPeer(vertx, clock, 0, 0x51ACL);
            }
            return slack;
        }
    }

    /** The Google Chat space webhook (started on first use). */
    public GoogleChatPeer googleChat() {
        synchronized (peersLock) {
            if (googleChat == null) {
                googleChat = new GoogleChatPeer(vertx, clock, 0, 0x6C4A7L);
            }
            return googleChat;
        }
    }

    /** The Mattermost incoming webhook (started on first use). */
    public MattermostPeer mattermost() {
        synchronized (peersLock) {
            if (mattermost == null) {
                mattermost = new MattermostPeer(vertx, clock, 0, 0x3A77L);
            }
            return mattermost;
        }
    }

    /** The Rocket.Chat incoming webhook (started on first use). */
    public RocketChatPeer rocketChat() {
        synchronized (peersLock) {
            if (rocketChat == null) {
                rocketChat = new RocketChatPeer(vertx, clock, 0, 0x70C4L);
            }
            return rocketChat;
        }
    }

    /** The SMTP server (GreenMail, started on first use). */
    public SmtpPeer smtp() {
        synchronized (peersLock) {
            if (smtp == null) {
                smtp = new SmtpPeer(0);
            }
            return smtp;
        }
    }

    /** The HTTP peers started so far, by name. */
    public Map<String, HttpPeer> httpPeers() {
        synchronized (peersLock) {
            Map<String, HttpPeer> m = new LinkedHashMap<>();
            if (teams != null) {
                m.put(teams.name(), teams);
            }
            if (serviceNow != null) {
                m.put(serviceNow.name(), serviceNow);
            }
            if (azureMonitor != null) {
                m.put(azureMonitor.name(), azureMonitor);
            }
            if (webhook != null) {
                m.put(webhook.name(), webhook);
            }
            for (HttpPeer p : new HttpPeer[] {slack, googleChat, mattermost, rocketChat}) {
                if (p != null) {
                    m.put(p.name(), p);
                }
            }
            return m;
        }
    }

    /** The admin API (fault switches, inboxes, clock) on 127.0.0.1, on an ephemeral port started on first use. */
    public String adminUrl() {
        synchronized (peersLock) {
            if (admin == null) {
                admin = new AdminServer(this, 0);
            }
            return admin.baseUrl();
        }
    }

    // ---------------------------------------------------------------- traffic

    /**
     * Generates one window of traffic [from, to): for the active scenario if any, else for every pair
     * (routed) and every unpaired tenant that is up.
     */
    public void generate(Instant from, Instant to) {
        ScenarioRun run = scenario;
        if (run != null) {
            run.tick(from, to);
            return;
        }
        generateDefault(from, to);
    }

    public void generateDefault(Instant from, Instant to) {
        List<TenantPair> ps = pairs();
        List<String> paired = new ArrayList<>();
        for (TenantPair p : ps) {
            paired.add(p.primary().id());
            paired.add(p.dr().id());
            p.generate(from, to);
        }
        for (SimulatedTenant t : tenants()) {
            if (!paired.contains(t.id()) && t.acceptsTraffic()) {
                t.generate(from, to);
            }
        }
    }

    /** Every {@code tick} (real time), generates traffic for [last tick, clock.now) (see {@link #generate}). */
    public void startLiveTraffic(Duration tick) {
        synchronized (trafficLock) {
            stopLiveTraffic();
            lastTick = clock.instant();
            liveTimer = vertx.setPeriodic(Math.max(1, tick.toMillis()), id -> vertx.executeBlocking(() -> {
                liveTick();
                return null;
            }).onFailure(e -> LOG.warn("live traffic tick failed", e)));
        }
    }

    private void liveTick() {
        Instant from;
        Instant to = clock.instant();
        synchronized (trafficLock) {
            if (liveTimer == null || lastTick == null || !to.isAfter(lastTick)) {
                return;
            }
            from = lastTick;
            lastTick = to;
        }
        generate(from, to);
    }

    public void stopLiveTraffic() {
        synchronized (trafficLock) {
            if (liveTimer != null) {
                vertx.cancelTimer(liveTimer);
                liveTimer = null;
            }
        }
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * Sets up scenario {@code name} (see {@link Scenarios#NAMES}) with phases of {@code phase} each, starting at
     * the clock's now; it then drives {@link #generate} (and so live traffic). Adds the tenants it needs.
     */
    public ScenarioRun scenario(String name, Duration phase) {
        return scenario(name, phase, 0);
    }

    /**
     * {@link #scenario(String, Duration)} with new tenants on consecutive ports from {@code firstPort} (0: ephemeral).
     */
    public ScenarioRun scenario(String name, Duration phase, int firstPort) {
        ScenarioRun run = Scenarios.create(this, name, phase, firstPort);
        this.scenario = run;
        return run;
    }

    /** The active scenario or null. */
    public ScenarioRun activeScenario() {
        return scenario;
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopLiveTraffic();
        for (SimulatedTenant t : tenants()) {
            try {
                t.close();
            } catch (RuntimeException e) {
                LOG.debug("closing tenant {}", t.id(), e);
            }
        }
        synchronized (peersLock) {
            if (smtp != null) {
                smtp.close();
            }
        }
        Blocking.await(vertx.close());
    }
}
