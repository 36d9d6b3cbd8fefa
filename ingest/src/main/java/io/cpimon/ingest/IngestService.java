package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.core.Backoff;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.core.Leadership;
import io.cpimon.core.Lifecycle;
import io.cpimon.core.PeriodicWorker;
import io.cpimon.core.ProbeEvents;
import io.cpimon.db.ArtifactStore;
import io.cpimon.db.ContentStore;
import io.cpimon.db.DataAccessException;
import io.cpimon.db.Database;
import io.cpimon.db.ForwardStore;
import io.cpimon.db.KeystoreStore;
import io.cpimon.db.LeaseToken;
import io.cpimon.db.MplStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.ingest.lease.LeasedTenants;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest component: starts, per configured tenant, an {@link MplPoller}, an {@link ArtifactPoller} and a
 * {@link TenantProbe}, each on its own {@link PeriodicWorker}, and the MPL retention job. HTTP runs on the Vert.x event
 * loops; every blocking step (awaiting a response, JDBC) runs on the workers' virtual threads. A new configuration
 * ({@link #reconfigure}) starts the loops of added tenants, stops those of removed ones and restarts those whose
 * settings changed; the other tenants' loops run on untouched. {@link #start()}, {@link #reconfigure} and
 * {@link #close()} are synchronized; {@link #check()} may be called from any thread.
 */
public final class IngestService implements Lifecycle, LeasedTenants {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final Duration BACKOFF_CAP = Duration.ofMinutes(5);
    /** At most one log line per this period about polls that found every pooled connection busy. */
    static final Duration POOL_WAIT_LOG_EVERY = Duration.ofMinutes(1);
    /**
     * Tenants started in a burst run their first polls and probes one tenant per step (a thousand tenants over 30 s;
     * one tenant, e.g. a lease taken over, at once): all at the same instant they would queue for the pool's
     * connections until they time out. The artifacts and content loops, whose data is less urgent, take
     * {@link #ARTIFACTS_STEPS} steps per tenant: a thousand tenants over 5 minutes, their interval, so that they start
     * no faster than they run afterwards (their first runs write every row; at twice this pace they were most of
     * the waits for a pooled connection in the first minutes of a thousand tenants).
     */
    static final Duration STARTUP_STEP = Duration.ofMillis(30);
    static final int ARTIFACTS_STEPS = 10;

    private volatile CpimonConfig config;
    private final MplStore mpls;
    private final PollCursorStore cursors;
    private final ProbeStore probes;
    private final ArtifactStore artifacts;
    private final KeystoreStore keystore;
    /** Nullable: the forwarders' change log, pruned by the retention job. */
    private final ForwardStore forwarding;
    private final ContentStore content;
    private final Clock clock;
    private final ChangeNotifier notifier;
    private final MeterRegistry meters;
    private final ProbeEvents probeEvents;
    private final List<PeriodicWorker> workers = new ArrayList<>();
    /** Guarded by {@code this}: each tenant's loops and the settings they were started with. */
    private final Map<String, TenantLoops> tenantLoops = new LinkedHashMap<>();
    /** Guarded by {@code this}: each running tenant's meters, closed with its loops. */
    private final Map<String, TenantMeters> tenantMeters = new LinkedHashMap<>();
    private final WebClient client;
    private volatile boolean started;
    /** Whether tenants' loops run only while this instance holds their lease ({@link #hold}, {@link #drop}). */
    private volatile boolean leased;
    private volatile Leadership leadership = Leadership.ALWAYS;
    /** Polls that gave up waiting for a pooled connection since the last line about them, and when that was. */
    private final AtomicInteger poolWaits = new AtomicInteger();
    private final AtomicReference<Instant> poolWaitsLogged = new AtomicReference<>(Instant.MIN);
    /** Guarded by {@code this}: when (System.nanoTime) the next tenant started may run its first poll and probe. */
    private long nextFirstRun = System.nanoTime();

    /**
     * Every loop: MPL poller, artifacts/keystore poller and probe per tenant; meters in {@code meters}; every stored
     * probe result published to {@code probeEvents}.
     */
    public IngestService(Vertx vertx, CpimonConfig config, Database database, Clock clock, ChangeNotifier notifier,
                         MeterRegistry meters, ProbeEvents probeEvents) {
        this(vertx, config, database.mpls(), database.cursors(), database.probes(), database.artifacts(),
                database.keystore(), database.forwarding(), database.content(), clock, notifier, meters, probeEvents);
    }

    /** Every loop: MPL poller, artifacts/keystore poller and probe per tenant; meters in {@code meters}. */
    public IngestService(Vertx vertx, CpimonConfig config, Database database, Clock clock, ChangeNotifier notifier,
                         MeterRegistry meters) {
        this(vertx, config, database, clock, notifier, meters, new ProbeEvents());
    }

    /** Every loop, without meters. */
    public IngestService(Vertx vertx, CpimonConfig config, Database database, Clock clock, ChangeNotifier notifier) {
        this(vertx, config, database, clock, notifier, new CompositeMeterRegistry());
    }

    /** MPL pollers and probes only: without artifact and keystore stores no artifacts/keystore poller is started. */
    public IngestService(Vertx vertx, CpimonConfig config, MplStore mpls, PollCursorStore cursors, ProbeStore probes,
                         Clock clock, ChangeNotifier notifier) {
        this(vertx, config, mpls, cursors, probes, null, null, null, null, clock, notifier,
                new CompositeMeterRegistry(), new ProbeEvents());
    }

    private IngestService(Vertx vertx, CpimonConfig config, MplStore mpls, PollCursorStore cursors, ProbeStore probes,
                          ArtifactStore artifacts, KeystoreStore keystore, ForwardStore forwarding,
                          ContentStore content, Clock clock, ChangeNotifier notifier, MeterRegistry meters,
                          ProbeEvents probeEvents) {
        this.meters = meters;
        this.probeEvents = probeEvents;
        this.config = config;
        this.mpls = mpls;
        this.cursors = cursors;
        this.probes = probes;
        this.artifacts = artifacts;
        this.keystore = keystore;
        this.forwarding = forwarding;
        this.content = content;
        this.clock = clock;
        this.notifier = notifier;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("cpimon")
                .setConnectTimeout(5_000)
                .setKeepAlive(true)
                .setFollowRedirects(false));
    }

    @Override
    public String name() {
        return "ingest";
    }

    /**
     * Several instances share the database: a tenant's loops run only between {@link #hold} and {@link #drop} (its
     * lease), and retention only while {@code leadership} leads. Before {@link #start()}.
     */
    public IngestService byLease(Leadership leadership) {
        this.leased = true;
        this.leadership = leadership;
        return this;
    }

    /**
     * One tenant's loops and what they were built from.
     * @param lease nullable: the lease the poller's watermark writes are fenced with
     */
    private record TenantLoops(TenantConfig tenant, String businessKey, List<PeriodicWorker> workers,
                               MplPoller poller, LeaseToken lease) {}

    /** Starts every tenant's poller and probe loops; returns at once, the loops' first runs follow on their own. */
    @Override
    public synchronized void start() {
        List<TenantConfig> tenants = config.tenants();
        for (int i = 0; i < tenants.size() && !leased; i++) {
            startTenant(tenants.get(i), i, tenants.size(), null);
        }
        if (config.retention() != null && config.retention().mpl() != null) {
            RetentionJob retention = new RetentionJob(mpls, forwarding, config.retention().mpl(), clock);
            workers.add(new PeriodicWorker("retention-mpl", RetentionJob.INTERVAL,
                    Backoff.of(Duration.ofMinutes(1), RetentionJob.INTERVAL), () -> {
                        if (leadership.leads()) {
                            retention.runOnce();
                        }
                    }).start());
        }
        started = true;
    }

    /**
     * Applies a new configuration's tenants: loops start for added tenants, stop for removed ones and restart for
     * tenants whose settings (or pair business key) changed. Stored data and poll cursors stay, so a tenant that
     * comes back resumes where it was. The retention job keeps the settings it started with.
     * @return what changed, one line per tenant (e.g. {@code tenant dev-weu added}); empty when nothing did
     */
    public synchronized List<String> reconfigure(CpimonConfig next) {
        List<String> changes = new ArrayList<>();
        Set<String> before = Set.copyOf(configuredTenants());
        this.config = next;
        if (!started) {
            return changes;
        }
        Map<String, TenantConfig> wanted = new LinkedHashMap<>();
        next.tenants().forEach(t -> wanted.put(t.id(), t));
        for (String id : List.copyOf(tenantLoops.keySet())) {
            TenantLoops running = tenantLoops.get(id);
            TenantConfig t = wanted.get(id);
            if (t == null) {
                stopTenant(id);
                changes.add("tenant " + id + " removed");
            } else if (!t.equals(running.tenant()) || !Objects.equals(businessKey(t), running.businessKey())) {
                stopTenant(id);
                startTenant(t, 0, 1, running.lease());
                changes.add("tenant " + id + " changed");
            }
        }
        // leased: the tenants new to the configuration; their leases are taken on the coordinator's next round
        List<TenantConfig> added = next.tenants().stream()
                .filter(t -> leased ? !before.contains(t.id()) : !tenantLoops.containsKey(t.id())).toList();
        for (int i = 0; i < added.size(); i++) {
            if (!leased) {
                startTenant(added.get(i), i, added.size(), null);
            }
            changes.add("tenant " + added.get(i).id() + " added");
        }
        return changes;
    }

    /** The ids of the configured tenants, in configuration order (the leases an instance may hold). */
    @Override
    public List<String> configuredTenants() {
        return config.tenants().stream().map(TenantConfig::id).toList();
    }

    /**
     * This instance holds {@code tenantId}'s lease as {@code lease}: starts its loops (their first runs at once, or a
     * step after the previous tenant's in a burst) or, when they run, fences its poller with the new token. Ignored
     * for a tenant the configuration does not have.
     * @return whether its loops run
     */
    @Override
    public synchronized boolean hold(String tenantId, LeaseToken lease) {
        if (!started) {
            return false;
        }
        TenantLoops running = tenantLoops.get(tenantId);
        if (running != null) {
            running.poller().fencedBy(lease);
            tenantLoops.put(tenantId, new TenantLoops(running.tenant(), running.businessKey(), running.workers(),
                    running.poller(), lease));
            return true;
        }
        List<TenantConfig> tenants = config.tenants();
        for (int i = 0; i < tenants.size(); i++) {
            if (tenants.get(i).id().equals(tenantId)) {
                startTenant(tenants.get(i), i, tenants.size(), lease);
                return true;
            }
        }
        return false;
    }

    /**
     * This instance gives {@code tenantId}'s lease up: stops its loops, letting a poll that runs finish (up to
     * {@code grace}; after that it is interrupted, and its fenced watermark write fails once the lease moved). The
     * tenant's loops (poll, artifacts, content, probe) stop in parallel, so the whole call takes at most about
     * {@code grace}, not {@code grace} per loop. Blocking; call it before releasing the lease.
     */
    @Override
    public void drop(String tenantId, Duration grace) {
        TenantLoops loops;
        synchronized (this) {
            loops = tenantLoops.remove(tenantId);
            TenantMeters m = tenantMeters.remove(tenantId);
            if (m != null) {
                m.close();
            }
        }
        if (loops != null) {
            List<Thread> stopping = new ArrayList<>();
            for (PeriodicWorker w : loops.workers()) {
                stopping.add(Thread.ofVirtual().name("stop-" + tenantId).start(() -> w.closeAfterRun(grace)));
            }
            for (Thread t : stopping) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    loops.workers().forEach(PeriodicWorker::close);
                    return;
                }
            }
        }
    }

    /** The ids of the tenants whose loops run. */
    public synchronized Set<String> runningTenants() {
        return Set.copyOf(tenantLoops.keySet());
    }

    /**
     * Every loop of one tenant, the {@code index}-th of {@code count} started together (their runs spread).
     * @param lease nullable: the lease its watermark writes are fenced with
     */
    private void startTenant(TenantConfig tenant, int index, int count, LeaseToken lease) {
        // the first runs follow one another at a step per tenant (a few tenants: at once), then the tenants' runs
        // spread evenly over each interval: 200 tenants polled every 30 s make one poll every 150 ms, not 200 polls
        // in the same second
        List<PeriodicWorker> loops = new ArrayList<>();
        MplPoller poller = poller(tenant).fencedBy(lease);
        TenantProbe probe = probe(tenant);
        TenantMeters m = new TenantMeters(meters, tenant.id(), clock);
        tenantMeters.put(tenant.id(), m);
        Duration first = firstRunDelay();
        Duration pollEvery = tenant.poll().interval();
        PeriodicWorker pollWorker = new PeriodicWorker("poll-" + tenant.id(), pollEvery,
                Backoff.of(pollEvery, BACKOFF_CAP), () -> pollOrWaitForPool(m, poller, pollEvery))
                .phase(PeriodicWorker.spread(pollEvery, index, count))
                .firstRunAfter(first)
                .mdc("tenant", tenant.id()).start();
        loops.add(pollWorker);
        // a tenant whose runtime answers again is polled at once, not when the backoff of its outage ends
        probe.onRecovery(pollWorker::wake);
        if (artifacts != null) {
            ArtifactPoller artifactPoller = artifactPoller(tenant);
            loops.add(new PeriodicWorker("artifacts-" + tenant.id(), ArtifactPoller.DEFAULT_INTERVAL,
                    Backoff.of(pollEvery, BACKOFF_CAP), artifactPoller::pollOnce)
                    .phase(PeriodicWorker.spread(ArtifactPoller.DEFAULT_INTERVAL, index, count))
                    .firstRunAfter(first.multipliedBy(ARTIFACTS_STEPS))
                    .mdc("tenant", tenant.id()).start());
            loops.add(new PeriodicWorker("content-" + tenant.id(), ArtifactPoller.DEFAULT_INTERVAL,
                    Backoff.of(pollEvery, BACKOFF_CAP), contentPoller(tenant)::pollOnce)
                    .phase(PeriodicWorker.spread(ArtifactPoller.DEFAULT_INTERVAL, index, count))
                    .firstRunAfter(first.multipliedBy(ARTIFACTS_STEPS))
                    .mdc("tenant", tenant.id()).start());
        }
        Duration probeEvery = tenant.probe().interval();
        loops.add(new PeriodicWorker("probe-" + tenant.id(), probeEvery, Backoff.of(probeEvery, probeEvery),
                () -> m.probe(probe::probeOnce))
                .phase(PeriodicWorker.spread(probeEvery, index, count))
                .firstRunAfter(first)
                .mdc("tenant", tenant.id()).start());
        tenantLoops.put(tenant.id(), new TenantLoops(tenant, businessKey(tenant), List.copyOf(loops), poller, lease));
    }

    /**
     * One poll; one that found every pooled connection busy (this instance's own load, not the tenant's fault) waits
     * for the pool again at once, as long as its interval has not passed since it began, instead of backing off or
     * giving up until its next run: a poll that gave up would make the tenant's data one interval older each time it
     * lost the race for a connection, and the same tenants lose it again and again under load. Every attempt's failure
     * is still recorded on the tenant's stream status and meters; the log says it at most once per
     * {@link #POOL_WAIT_LOG_EVERY}, with a count, however many tenants meet it.
     */
    private void pollOrWaitForPool(TenantMeters m, MplPoller poller, Duration interval) {
        // a deadline of the waiting itself, not a decision over data: the monotonic clock (a test's fixed clock would
        // never let it pass)
        long giveUpAt = System.nanoTime() + interval.toNanos();
        while (true) {
            try {
                m.poll(poller::pollOnce);
                return;
            } catch (DataAccessException e) {
                if (!poolExhausted(e)) {
                    throw e;
                }
                notePoolWait(e);
                if (System.nanoTime() - giveUpAt >= 0 || Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    private void notePoolWait(DataAccessException e) {
        int waits = poolWaits.incrementAndGet();
        Instant now = clock.instant();
        Instant last = poolWaitsLogged.get();
        if (!now.isBefore(last.plus(POOL_WAIT_LOG_EVERY)) && poolWaitsLogged.compareAndSet(last, now)) {
            poolWaits.addAndGet(-waits);
            LOG.warn("{} poll(s) found every database connection busy ({}); each waits again within its interval."
                    + " A lasting one: raise database.poolSize", waits, e.getMessage());
        }
    }

    /** Whether {@code e} says no pooled connection became free in time (e.g. Hikari's connection timeout). */
    static boolean poolExhausted(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** The first-run delay of the next tenant started: none after a pause, one step more per tenant in a burst. */
    private Duration firstRunDelay() {
        long now = System.nanoTime();
        long at = Math.max(now, nextFirstRun);
        nextFirstRun = at + STARTUP_STEP.toNanos();
        return Duration.ofNanos(at - now);
    }

    private void stopTenant(String id) {
        TenantLoops loops = tenantLoops.remove(id);
        if (loops != null) {
            loops.workers().forEach(PeriodicWorker::close);
        }
        TenantMeters m = tenantMeters.remove(id);
        if (m != null) {
            m.close();
        }
    }

    private String businessKey(TenantConfig tenant) {
        return config.pairOf(tenant.id()).map(PairConfig::businessKey).orElse(null);
    }

    /** A poller for one tenant, sharing this service's HTTP client (tests drive it with {@code pollOnce}). */
    public MplPoller poller(TenantConfig tenant) {
        return new MplPoller(tenant.id(), tenant.api().url().toString(), tenant.poll(), businessKey(tenant),
                new CpiClient(client, tokenSource(tenant), tenant.api().timeout()), mpls, cursors, clock, notifier);
    }

    /** An artifacts and keystore poller for one tenant (tests drive it with {@code pollOnce}). */
    public ArtifactPoller artifactPoller(TenantConfig tenant) {
        if (artifacts == null) {
            throw new IllegalStateException("this IngestService was built without artifact and keystore stores");
        }
        return new ArtifactPoller(tenant.id(), tenant.api().url().toString(),
                new CpiClient(client, tokenSource(tenant), tenant.api().timeout()), artifacts, keystore, cursors, clock,
                notifier);
    }

    /** A content poller (security artifacts, variables, number ranges) for one tenant (tests drive it with {@code pollOnce}). */
    public ContentPoller contentPoller(TenantConfig tenant) {
        if (content == null) {
            throw new IllegalStateException("this IngestService was built without a content store");
        }
        return new ContentPoller(tenant.id(), tenant.api().url().toString(),
                new CpiClient(client, tokenSource(tenant), tenant.api().timeout()), content, cursors, clock, notifier);
    }

    /**
     * A probe for one tenant, sharing this service's HTTP client and publishing its results to the probe events
     * (tests drive it with {@code probeOnce}).
     */
    public TenantProbe probe(TenantConfig tenant) {
        return new TenantProbe(tenant.id(), tenant.probe(), client, probes, clock, notifier)
                .onResult(r -> probeEvents.publish(r.tenantId(), r.up()));
    }

    private TokenSource tokenSource(TenantConfig tenant) {
        var auth = tenant.api().auth();
        return auth.oauth2() != null
                ? new OAuth2TokenSource(client, auth.oauth2(), clock, tenant.api().timeout())
                : new BasicAuthTokenSource(auth.basic());
    }

    public boolean started() {
        return started;
    }

    /** Up once started: a failing tenant is that tenant's alert ({@code api_unreachable}), not ingest being down. */
    @Override
    public Check check() {
        return started ? new Check(true, config.tenants().size() + " tenant(s)") : Check.down("not started");
    }

    @Override
    public synchronized void close() {
        started = false;
        List.copyOf(tenantLoops.keySet()).forEach(this::stopTenant);
        workers.forEach(PeriodicWorker::close);
        workers.clear();
        tenantMeters.values().forEach(TenantMeters::close);
        tenantMeters.clear();
        client.close();
    }
}
