package io.cpimon.ingest.testing;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.ingest.IngestService;
import io.cpimon.ingest.MplPoller;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The landscape an ingest test runs in, as a JUnit extension: a {@link SimClock}, a {@link Simulator} on
 * loopback, a fresh migrated {@link Database}, a {@link Vertx}, and the {@link IngestService}s the test builds
 * on them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0);
 *
 * @Test
 * void pollOnce_someCondition_someResult() {
 *     SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("a"));
 *     landscape.poller(landscape.oauth2(tenant)).pollOnce();
 *     assertThat(landscape.db().mpls().count("a")).isEqualTo(tenant.groundTruth().size());
 * }
 * }</pre>
 *
 * <p>Scope follows the field: registered in a static field, one landscape serves the whole class (started before
 * the first test, closed after the last); in an instance field, every test gets its own. Either way an
 * {@code IngestService} made by {@link #ingest} or {@link #poller}, and whatever is handed to {@link #own}, is
 * closed after the test that made it.
 *
 * <p>Closing runs in reverse order of opening (the test's resources, then Vert.x, the database, the simulator);
 * every close is attempted even when an earlier one fails, and the first failure is thrown with the later ones
 * added as suppressed. A landscape that fails to start closes what it had started.
 *
 * <p>Not thread-safe: configure it when the field is initialised and use it from the test's thread. Accessors
 * throw {@link IllegalStateException} outside a running landscape; none returns null.
 */
public final class SimulatedLandscape implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    /** Interval 30 s, overlap 5 min, pages of 1000, initial lookback 1 h: what most ingest tests poll with. */
    public static final PollConfig DEFAULT_POLL = SimulatedTenants.poll(Duration.ofMinutes(5), 1000, Duration.ofHours(1));

    private Supplier<SimClock> clocks;
    private PollConfig poll = DEFAULT_POLL;
    private boolean withDatabase = true;
    private final List<TenantSpec> tenants = new ArrayList<>();

    /** The JUnit context (class or test) that started the landscape and whose end closes it; null when stopped. */
    private String owner;
    private final OwnedResources landscape = new OwnedResources();
    private final OwnedResources perTest = new OwnedResources();
    private SimClock clock;
    private Simulator sim;
    private String jdbcUrl;
    private Database db;
    private Vertx vertx;

    private SimulatedLandscape(Supplier<SimClock> clocks) {
        this.clocks = clocks;
    }

    /** A landscape on a settable clock that starts at {@code t0} each time the landscape starts. */
    public static SimulatedLandscape startingAt(Instant t0) {
        Objects.requireNonNull(t0, "t0");
        return new SimulatedLandscape(() -> SimClock.fixed(t0));
    }

    /** A landscape whose clock follows the wall clock (live traffic, child processes). */
    public static SimulatedLandscape onWallClock() {
        return new SimulatedLandscape(SimClock::system);
    }

    /** Makes the clock each start of the landscape runs on. */
    public SimulatedLandscape clock(Supplier<SimClock> clocks) {
        this.clocks = Objects.requireNonNull(clocks, "clocks");
        return this;
    }

    /** The poll settings of the configs {@link #oauth2} and {@link #basic} make; {@link #DEFAULT_POLL} unless set. */
    public SimulatedLandscape poll(PollConfig poll) {
        this.poll = Objects.requireNonNull(poll, "poll");
        return this;
    }

    /** Tenants the simulator has from the start (find them with {@code sim().tenant(id)}). */
    public SimulatedLandscape tenants(TenantSpec... specs) {
        tenants.addAll(List.of(specs));
        return this;
    }

    /** No database: the test brings its own (a dedicated server it stops, say); {@link #db()} and {@link #ingest} then throw. */
    public SimulatedLandscape withoutDatabase() {
        this.withDatabase = false;
        return this;
    }

    // --- lifecycle -------------------------------------------------------------------------------------------

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
        RuntimeException failure = perTest.closeAll(null);
        if (context.getUniqueId().equals(owner)) {
            failure = stop(failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            RuntimeException failure = stop(perTest.closeAll(null));
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Starts the landscape unless running: a static field starts it for the class, an instance field for the test. */
    private void startFor(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        try {
            clock = clocks.get();
            sim = landscape.add(Simulator.start(clock));
            for (TenantSpec spec : tenants) {
                sim.addTenant(spec);
            }
            if (withDatabase) {
                jdbcUrl = TestDatabase.freshJdbcUrl();
                db = landscape.add(TestDatabase.open(jdbcUrl, 4));
            }
            Vertx v = Vertx.vertx();
            landscape.add(() -> v.close().await());
            vertx = v;
        } catch (RuntimeException e) {
            RuntimeException failure = landscape.closeAll(e);
            forget();
            throw failure;
        }
        owner = context.getUniqueId();
    }

    private RuntimeException stop(RuntimeException failure) {
        RuntimeException result = landscape.closeAll(failure);
        forget();
        return result;
    }

    private void forget() {
        owner = null;
        clock = null;
        sim = null;
        jdbcUrl = null;
        db = null;
        vertx = null;
    }

    // --- what a running landscape offers ----------------------------------------------------------------------

    public SimClock clock() {
        return running(clock, "clock");
    }

    public Simulator sim() {
        return running(sim, "simulator");
    }

    public Vertx vertx() {
        return running(vertx, "Vert.x");
    }

    public Database db() {
        return running(withDatabase(db), "database");
    }

    /** The JDBC URL of {@link #db()} (connect as {@code TestDatabase.user()} with {@code TestDatabase.password()}), for child processes. */
    public String jdbcUrl() {
        return running(withDatabase(jdbcUrl), "database");
    }

    /** OAuth2 client credentials for a simulated tenant, polling with this landscape's {@link #poll} settings. */
    public TenantConfig oauth2(SimulatedTenant tenant) {
        return SimulatedTenants.oauth2(tenant, poll);
    }

    /** As {@link #oauth2(SimulatedTenant)} with an API timeout of its own (hanging tenants). */
    public TenantConfig oauth2(SimulatedTenant tenant, Duration apiTimeout) {
        return SimulatedTenants.oauth2(tenant, poll, apiTimeout);
    }

    /** Basic authentication for a simulated tenant, polling with this landscape's {@link #poll} settings. */
    public TenantConfig basic(SimulatedTenant tenant) {
        return SimulatedTenants.basic(tenant, poll);
    }

    /** An ingest service for these tenants on the landscape's Vert.x, database and clock (not started), closed after the test. */
    public IngestService ingest(TenantConfig... tenants) {
        return ingest(List.of(tenants));
    }

    /** An ingest service for these tenants on the landscape's Vert.x, database and clock (not started), closed after the test. */
    public IngestService ingest(List<TenantConfig> tenants) {
        return ingest(SimulatedTenants.config(tenants));
    }

    /** An ingest service for this configuration on the landscape's Vert.x, database and clock (not started), closed after the test. */
    public IngestService ingest(CpimonConfig config) {
        return perTest.add(new IngestService(vertx(), config, db(), clock(), ChangeNotifier.NOOP));
    }

    /**
     * An ingest service for these tenants on a database of the test's own (built {@link #withoutDatabase()}) and the
     * landscape's Vert.x and clock (not started), closed after the test.
     */
    public IngestService ingest(Database database, TenantConfig... tenants) {
        Objects.requireNonNull(database, "database");
        return perTest.add(new IngestService(vertx(), SimulatedTenants.config(List.of(tenants)), database, clock(),
                ChangeNotifier.NOOP));
    }

    /** The MPL poller of an ingest service of its own for this one tenant (closed after the test). */
    public MplPoller poller(TenantConfig tenant) {
        return ingest(tenant).poller(tenant);
    }

    /** Closes {@code resource} after the test, before the landscape's own resources; returns it. */
    public <T extends AutoCloseable> T own(T resource) {
        return perTest.add(resource);
    }

    private <T> T withDatabase(T resource) {
        if (!withDatabase) {
            throw new IllegalStateException("this simulated landscape was built withoutDatabase(): the test brings its own");
        }
        return resource;
    }

    private <T> T running(T resource, String what) {
        if (resource == null) {
            throw new IllegalStateException("no " + what + ": the simulated landscape is not running"
                    + " (register it with @RegisterExtension and use it inside a test)");
        }
        return resource;
    }
}
