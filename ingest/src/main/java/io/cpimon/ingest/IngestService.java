package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.core.Backoff;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.core.Lifecycle;
import io.cpimon.core.PeriodicWorker;
import io.cpimon.db.ArtifactStore;
import io.cpimon.db.Database;
import io.cpimon.db.KeystoreStore;
import io.cpimon.db.MplStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingest component: starts, per configured tenant, an {@link MplPoller}, an {@link ArtifactPoller} and a
 * {@link TenantProbe}, each on its own {@link PeriodicWorker}, and the MPL retention job. HTTP runs on the Vert.x event
 * loops; every blocking step (awaiting a response, JDBC) runs on the workers' virtual threads. {@link #start()} and
 * {@link #close()} are synchronized; {@link #check()} may be called from any thread.
 */
public final class IngestService implements Lifecycle {
    private static final Duration BACKOFF_CAP = Duration.ofMinutes(5);

    private final CpimonConfig config;
    private final MplStore mpls;
    private final PollCursorStore cursors;
    private final ProbeStore probes;
    private final ArtifactStore artifacts;
    private final KeystoreStore keystore;
    private final Clock clock;
    private final ChangeNotifier notifier;
    private final MeterRegistry meters;
    private final List<PeriodicWorker> workers = new ArrayList<>();
    private final List<TenantMeters> tenantMeters = new ArrayList<>();
    private final WebClient client;
    private volatile boolean started;

    /** Every loop: MPL poller, artifacts/keystore poller and probe per tenant; meters in {@code meters}. */
    public IngestService(Vertx vertx, CpimonConfig config, Database database, Clock clock, ChangeNotifier notifier,
                         MeterRegistry meters) {
        this(vertx, config, database.mpls(), database.cursors(), database.probes(), database.artifacts(),
                database.keystore(), clock, notifier, meters);
    }

    /** Every loop, without meters. */
    public IngestService(Vertx vertx, CpimonConfig config, Database database, Clock clock, ChangeNotifier notifier) {
        this(vertx, config, database, clock, notifier, new CompositeMeterRegistry());
    }

    /** MPL pollers and probes only: without artifact and keystore stores no artifacts/keystore poller is started. */
    public IngestService(Vertx vertx, CpimonConfig config, MplStore mpls, PollCursorStore cursors, ProbeStore probes,
                         Clock clock, ChangeNotifier notifier) {
        this(vertx, config, mpls, cursors, probes, null, null, clock, notifier, new CompositeMeterRegistry());
    }

    private IngestService(Vertx vertx, CpimonConfig config, MplStore mpls, PollCursorStore cursors, ProbeStore probes,
                          ArtifactStore artifacts, KeystoreStore keystore, Clock clock, ChangeNotifier notifier,
                          MeterRegistry meters) {
        this.meters = meters;
        this.config = config;
        this.mpls = mpls;
        this.cursors = cursors;
        this.probes = probes;
        this.artifacts = artifacts;
        this.keystore = keystore;
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

    /** Starts every tenant's poller and probe loops; returns at once, the loops' first runs follow on their own. */
    @Override
    public synchronized void start() {
        // every loop runs at once at start-up, then the tenants' runs spread evenly over each interval:
        // 200 tenants polled every 30 s make one poll every 150 ms, not 200 polls in the same second
        List<TenantConfig> tenants = config.tenants();
        for (int i = 0; i < tenants.size(); i++) {
            TenantConfig tenant = tenants.get(i);
            MplPoller poller = poller(tenant);
            TenantProbe probe = probe(tenant);
            TenantMeters m = new TenantMeters(meters, tenant.id(), clock);
            tenantMeters.add(m);
            Duration pollEvery = tenant.poll().interval();
            PeriodicWorker pollWorker = new PeriodicWorker("poll-" + tenant.id(), pollEvery,
                    Backoff.of(pollEvery, BACKOFF_CAP), () -> m.poll(poller::pollOnce))
                    .phase(PeriodicWorker.spread(pollEvery, i, tenants.size())).mdc("tenant", tenant.id()).start();
            workers.add(pollWorker);
            // a tenant whose runtime answers again is polled at once, not when the backoff of its outage ends
            probe.onRecovery(pollWorker::wake);
            if (artifacts != null) {
                ArtifactPoller artifactPoller = artifactPoller(tenant);
                workers.add(new PeriodicWorker("artifacts-" + tenant.id(), ArtifactPoller.DEFAULT_INTERVAL,
                        Backoff.of(pollEvery, BACKOFF_CAP), artifactPoller::pollOnce)
                        .phase(PeriodicWorker.spread(ArtifactPoller.DEFAULT_INTERVAL, i, tenants.size()))
                        .mdc("tenant", tenant.id()).start());
            }
            Duration probeEvery = tenant.probe().interval();
            workers.add(new PeriodicWorker("probe-" + tenant.id(), probeEvery, Backoff.of(probeEvery, probeEvery),
                    () -> m.probe(probe::probeOnce))
                    .phase(PeriodicWorker.spread(probeEvery, i, tenants.size())).mdc("tenant", tenant.id()).start());
        }
        if (config.retention() != null && config.retention().mpl() != null) {
            RetentionJob retention = new RetentionJob(mpls, config.retention().mpl(), clock);
            workers.add(new PeriodicWorker("retention-mpl", RetentionJob.INTERVAL,
                    Backoff.of(Duration.ofMinutes(1), RetentionJob.INTERVAL), retention::runOnce).start());
        }
        started = true;
    }

    /** A poller for one tenant, sharing this service's HTTP client (tests drive it with {@code pollOnce}). */
    public MplPoller poller(TenantConfig tenant) {
        String businessKey = config.pairOf(tenant.id()).map(PairConfig::businessKey).orElse(null);
        return new MplPoller(tenant.id(), tenant.api().url().toString(), tenant.poll(), businessKey,
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

    /** A probe for one tenant, sharing this service's HTTP client (tests drive it with {@code probeOnce}). */
    public TenantProbe probe(TenantConfig tenant) {
        return new TenantProbe(tenant.id(), tenant.probe(), client, probes, clock, notifier);
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
        workers.forEach(PeriodicWorker::close);
        workers.clear();
        tenantMeters.forEach(TenantMeters::close);
        tenantMeters.clear();
        client.close();
    }
}
