package io.cpimon.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.cpimon.config.CpimonConfig;
import io.cpimon.core.Lifecycle;
import io.cpimon.db.jdbc.EmbeddedPostgresLauncher;
import io.cpimon.db.jdbc.JdbcActionStore;
import io.cpimon.db.jdbc.JdbcAlertStore;
import io.cpimon.db.jdbc.JdbcArtifactStore;
import io.cpimon.db.jdbc.JdbcAuditStore;
import io.cpimon.db.jdbc.JdbcContentStore;
import io.cpimon.db.jdbc.JdbcDashboardStore;
import io.cpimon.db.jdbc.JdbcForwardStore;
import io.cpimon.db.jdbc.JdbcKeystoreStore;
import io.cpimon.db.jdbc.JdbcLeaseStore;
import io.cpimon.db.jdbc.JdbcMaintenanceStore;
import io.cpimon.db.jdbc.JdbcMplStore;
import io.cpimon.db.jdbc.JdbcNotificationLogStore;
import io.cpimon.db.jdbc.JdbcNotificationStore;
import io.cpimon.db.jdbc.JdbcPollCursorStore;
import io.cpimon.db.jdbc.JdbcProbeStore;
import io.cpimon.db.jdbc.JdbcRuleQueries;
import io.cpimon.db.jdbc.JdbcSilenceStore;
import io.cpimon.db.jdbc.JdbcTenantStore;
import io.cpimon.db.jdbc.JdbcTransactions;
import io.cpimon.db.jdbc.PollCursorRepository;
import io.cpimon.db.jdbc.ProbeResultRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: migrated schema, connection pool and the stores. The one entry point of this module.
 * Opening runs the Flyway migrations before the pool starts, so an opened database is running; as a
 * {@link Lifecycle} component, {@link #start()} only verifies that it answers and {@link #check()} pings it.
 * Thread-safe: the stores may be used from any number of (virtual) threads; every store method blocks, so never
 * call one from an event loop.
 */
public final class Database implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final int PING_TIMEOUT_SECONDS = 3;
    /** The database the embedded server keeps cpimon's tables in. */
    public static final String EMBEDDED_DATABASE = "cpimon";
    public static final String DEFAULT_EMBEDDED_DIR = "./data/pg";

    private final ApplicationContext context;
    private final DataSource dataSource;
    private final EmbeddedPostgres embedded;
    private final String description;
    private final MplStore mpls;
    private final PollCursorStore cursors;
    private final JdbcProbeStore probes;
    private final TenantStore tenants;
    private final AlertStore alerts;
    private final NotificationStore notifications;
    private final NotificationLogStore notificationLog;
    private final ArtifactStore artifacts;
    private final KeystoreStore keystore;
    private final ContentStore content;
    private final SilenceStore silences;
    private final AuditStore audit;
    private final ActionStore actions;
    private final MaintenanceStore maintenance;
    private final RuleQueries ruleQueries;
    private final ForwardStore forwarding;
    private final DashboardStore dashboard;
    private final LeaseStore leases;
    private volatile boolean closed;

    @SuppressWarnings("unchecked")
    private Database(ApplicationContext context, EmbeddedPostgres embedded, String description) {
        this.context = context;
        this.embedded = embedded;
        this.description = description;
        this.dataSource = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
        JdbcTransactions tx = new JdbcTransactions(dataSource);
        this.mpls = new JdbcMplStore(tx);
        this.cursors = new JdbcPollCursorStore(context.getBean(PollCursorRepository.class));
        this.probes = new JdbcProbeStore(context.getBean(ProbeResultRepository.class), tx);
        this.tenants = new JdbcTenantStore(tx);
        this.alerts = new JdbcAlertStore(tx);
        this.notifications = new JdbcNotificationStore(tx);
        this.silences = new JdbcSilenceStore(tx);
        this.audit = new JdbcAuditStore(tx);
        this.actions = new JdbcActionStore(tx);
        this.maintenance = new JdbcMaintenanceStore(tx);
        this.notificationLog = new JdbcNotificationLogStore(tx);
        this.artifacts = new JdbcArtifactStore(tx);
        this.keystore = new JdbcKeystoreStore(tx);
        this.content = new JdbcContentStore(tx);
        this.ruleQueries = new JdbcRuleQueries(tx, content);
        this.forwarding = new JdbcForwardStore(tx);
        this.dashboard = new JdbcDashboardStore(tx);
        this.leases = new JdbcLeaseStore(tx);
    }

    /**
     * Opens the configured database: an external server when {@code config.url()} is set, otherwise an
     * embedded PostgreSQL whose cluster lives in {@code config.embeddedDir()} (default {@value #DEFAULT_EMBEDDED_DIR})
     * and survives restarts; the embedded server ignores {@code user} and {@code password}. A
     * {@code poolSize} of 0 or less means 10.
     * @throws DataAccessException when the server is unreachable or a migration fails
     * @throws IllegalStateException when another process uses the embedded data directory
     * @throws java.io.UncheckedIOException when the embedded server cannot start (initdb, pg_ctl)
     */
    public static Database open(CpimonConfig.DatabaseConfig config) {
        int poolSize = config.poolSize() > 0 ? config.poolSize() : 10;
        if (!config.embedded()) {
            return open(config.url(), config.user(), config.password() == null ? null : config.password().reveal(),
                    poolSize);
        }
        Path dir = Path.of(config.embeddedDir() == null || config.embeddedDir().isBlank()
                ? DEFAULT_EMBEDDED_DIR : config.embeddedDir());
        // zonky defaults to synchronous_commit=off; an outbox row must survive a power cut once committed
        EmbeddedPostgres pg = EmbeddedPostgresLauncher.start(dir, false, Map.of("synchronous_commit", "on"));
        try {
            EmbeddedPostgresLauncher.ensureDatabase(pg, EMBEDDED_DATABASE);
            String url = EmbeddedPostgresLauncher.jdbcUrl(pg, EMBEDDED_DATABASE);
            String description = "embedded PostgreSQL " + EmbeddedPostgresLauncher.VERSION + " at " + dir
                    + " (port " + pg.getPort() + ")";
            return open(url, EmbeddedPostgresLauncher.SUPERUSER, null, poolSize, pg, description);
        } catch (RuntimeException e) {
            stop(pg, e);
            throw e;
        }
    }

    /**
     * Opens an external PostgreSQL server (15 or newer) and migrates it. The user needs no superuser: owning the
     * first schema of its {@code search_path} and creating temporary tables is enough.
     * @param password nullable (trust or peer authentication)
     * @throws DataAccessException when the server is unreachable, too old, the user lacks a right (the message says
     *     which and the statement that grants it) or a migration fails
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        return open(jdbcUrl, user, password, poolSize, null, withoutCredentials(jdbcUrl));
    }

    private static Database open(String jdbcUrl, String user, String password, int poolSize,
                                 EmbeddedPostgres embedded, String description) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        migrate(jdbcUrl, user, password);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("datasources.default.url", jdbcUrl);
        if (user != null) {
            props.put("datasources.default.username", user);
        }
        if (password != null) {
            props.put("datasources.default.password", password);
        }
        props.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        props.put("datasources.default.dialect", "POSTGRES");
        props.put("datasources.default.schema-generate", "NONE");
        props.put("datasources.default.maximum-pool-size", Math.max(1, poolSize));
        props.put("datasources.default.minimum-idle", Math.min(2, Math.max(1, poolSize)));
        props.put("datasources.default.connection-timeout", 10_000);
        props.put("datasources.default.pool-name", "cpimon-db-" + POOLS.incrementAndGet());
        // only these properties: no application.yml from the classpath, no DATASOURCES_* environment variables
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .enableDefaultPropertySources(false)
                .environmentPropertySource(false)
                .environments("cpimon-db")
                .properties(props)
                .start();
        try {
            Database db = new Database(context, embedded, description);
            LOG.info("database open: {}", description);
            return db;
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * Checks the server's version and the user's rights ({@link ServerRequirements}), then runs the Flyway migrations
     * in {@code classpath:db/migration}, each on a connection of its own.
     */
    private static void migrate(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        try (Connection c = ds.getConnection()) {
            ServerRequirements.verify(c, withoutCredentials(jdbcUrl), ServerRequirements.MINIMUM_VERSION_NUM);
        } catch (SQLException e) {
            throw new DataAccessException("connecting to " + withoutCredentials(jdbcUrl) + " failed: " + e.getMessage(), e);
        }
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new DataAccessException("migrating " + withoutCredentials(jdbcUrl) + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes the pool's meters (HikariCP's {@code hikaricp_connections_*}, label {@code pool}) to {@code registry}.
     * HikariCP binds a pool's meters once: a second call (a database reused by a second server, in tests) leaves the
     * first registry bound and returns false.
     */
    public synchronized boolean bindMetrics(MeterRegistry registry) {
        if (dataSource instanceof HikariDataSource hikari && hikari.getMetricsTrackerFactory() == null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
            return true;
        }
        return false;
    }

    /** The pool (HikariCP). Plain JDBC; connections are auto-commit. */
    public DataSource dataSource() {
        return dataSource;
    }

    public MplStore mpls() {
        return mpls;
    }

    public PollCursorStore cursors() {
        return cursors;
    }

    public ProbeStore probes() {
        return probes;
    }

    public TenantStore tenants() {
        return tenants;
    }

    public AlertStore alerts() {
        return alerts;
    }

    /** Deployed integration artifacts per tenant. */
    public ArtifactStore artifacts() {
        return artifacts;
    }

    /** Keystore entries per tenant. */
    public KeystoreStore keystore() {
        return keystore;
    }

    /** Security artifacts, variables and number ranges per tenant, and readiness acknowledgements. */
    public ContentStore content() {
        return content;
    }

    public NotificationStore notifications() {
        return notifications;
    }

    public SilenceStore silences() {
        return silences;
    }

    /** The pairs' failover actions and their steps. */
    public ActionStore actions() {
        return actions;
    }

    /** The audit log of state changes made through the API. */
    public AuditStore audit() {
        return audit;
    }

    /** Maintenance windows of tenants and pairs, with the silences they own. */
    public MaintenanceStore maintenance() {
        return maintenance;
    }

    /** The rules' read-only queries. */
    public RuleQueries ruleQueries() {
        return ruleQueries;
    }

    /** What each channel was last told per alert group. */
    public NotificationLogStore notificationLog() {
        return notificationLog;
    }

    /** The dashboard's read-only aggregates (time buckets, counts, duplicates). */
    public DashboardStore dashboard() {
        return dashboard;
    }

    /** The instances sharing this database and their leases. */
    public LeaseStore leases() {
        return leases;
    }

    /** The MPL forwarders' changes, cursors and dead letters. */
    public ForwardStore forwarding() {
        return forwarding;
    }

    /**
     * A new connection outside the pool, to the pool's database as the pool's user, for a session that stays open (a
     * {@code LISTEN}); the caller closes it. Blocking.
     * @throws SQLException when the server cannot be reached
     */
    public Connection dedicatedConnection() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari) {
            Properties props = new Properties();
            if (hikari.getUsername() != null) {
                props.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                props.setProperty("password", hikari.getPassword());
            }
            return DriverManager.getConnection(hikari.getJdbcUrl(), props);
        }
        return dataSource.getConnection();
    }

    /**
     * {@code SELECT 1} within 3 seconds; false on any error. Blocking. While the server is away the pool would wait its
     * whole connection timeout (10 s) for a connection, so the wait is bounded here and the attempt left to end alone.
     */
    public boolean ping() {
        if (closed) {
            return false;
        }
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(this::selectOne,
                r -> Thread.ofVirtual().name("database-ping").start(r));
        try {
            return answer.get(PING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean selectOne() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            return s.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "database";
    }

    /**
     * Verifies that the opened database answers. Blocking.
     * @throws DataAccessException when it does not answer or is closed
     */
    @Override
    public void start() {
        if (!ping()) {
            throw new DataAccessException("the database does not answer: " + description, null);
        }
    }

    /** A {@link #ping()}; up with where the data lives, down when it does not answer. Blocking (at most 3 s). */
    @Override
    public Check check() {
        return ping() ? new Check(true, description) : Check.down("no answer to SELECT 1 from " + description);
    }

    /** Where the data lives, for logs and the health page; never contains a password. */
    public String describe() {
        return description;
    }

    /** The embedded server's port, or -1 for an external server. */
    public int embeddedPort() {
        return embedded == null ? -1 : embedded.getPort();
    }

    /** Closes the pool and stops the embedded server if this instance started one. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try {
            probes.close();
            context.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (embedded != null) {
            stop(embedded, failure);
        }
        if (failure != null) {
            throw failure;
        }
        LOG.info("database closed: {}", description);
    }

    @Override
    public String toString() {
        return "Database[" + description + "]";
    }

    private static void stop(EmbeddedPostgres pg, Throwable failure) {
        try {
            pg.close();
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("stopping embedded PostgreSQL failed: {}", e.toString());
            }
        }
    }

    /** jdbc:postgresql://user:secret@host/db?password=x → the same without user info and secret parameters. */
    static String withoutCredentials(String jdbcUrl) {
        String s = jdbcUrl.replaceAll("//[^/@?]*@", "//");
        s = s.replaceAll("(?i)([?&](password|sslpassword|user)=)[^&]*", "$1***");
        return s;
    }
}
