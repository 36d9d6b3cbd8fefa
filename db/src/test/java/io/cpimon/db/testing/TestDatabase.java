package io.cpimon.db.testing;

import io.cpimon.db.DataAccessException;
import io.cpimon.db.Database;
import io.cpimon.db.jdbc.EmbeddedPostgresLauncher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * Real PostgreSQL for tests: one embedded cluster per test JVM (started on first use, stopped by a
 * shutdown hook, its data in a temporary directory with fsync off), and a new, migrated database per
 * {@link #fresh()} call, cloned from a template migrated once. Thread-safe.
 *
 * <pre>{@code
 * try (Database db = TestDatabase.fresh()) { db.mpls().upsertPage(...); }
 * }</pre>
 */
public final class TestDatabase {
    private static final String TEMPLATE = "cpimon_template";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres cluster;

    private TestDatabase() {}

    /** A new empty database with the current schema, as a {@link Database} (pool of 4). Close it when done. */
    public static Database fresh() {
        return Database.open(freshJdbcUrl(), user(), null, 4);
    }

    /**
     * Creates a new empty database with the current schema and returns its JDBC URL; connect as
     * {@link #user()} without a password.
     */
    public static String freshJdbcUrl() {
        EmbeddedPostgres pg = cluster();
        String name = "cpimon_test_" + COUNTER.incrementAndGet();
        // FILE_COPY: with fsync off, copying the few files of the template beats WAL-logging them
        execute(pg, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " STRATEGY FILE_COPY");
        return EmbeddedPostgresLauncher.jdbcUrl(pg, name);
    }

    /**
     * Empties every cpimon table of {@code db} (not the migration history) and restarts the id sequences:
     * cheaper than {@link #fresh()} between the tests of one class.
     */
    public static void reset(Database db) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(RESET);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static final String RESET = """
            DO $$ BEGIN
              EXECUTE (SELECT 'TRUNCATE ' || string_agg(format('%I', tablename), ', ') || ' RESTART IDENTITY CASCADE'
                       FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history');
            END $$""";

    /** The superuser of the test cluster. */
    public static String user() {
        return EmbeddedPostgresLauncher.SUPERUSER;
    }

    /** The test cluster's port (starts it if needed). */
    public static int port() {
        return cluster().getPort();
    }

    private static synchronized EmbeddedPostgres cluster() {
        if (cluster == null) {
            EmbeddedPostgres pg;
            try {
                pg = EmbeddedPostgresLauncher.start(Files.createTempDirectory("cpimon-test-pg-"), true, Map.of(
                        "fsync", "off",
                        "synchronous_commit", "off",
                        "full_page_writes", "off"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary directory is best effort
                }
            }, "test-postgres-shutdown"));
            execute(pg, "CREATE DATABASE " + TEMPLATE);
            Flyway.configure(TestDatabase.class.getClassLoader())
                    .dataSource(pg.getDatabase(EmbeddedPostgresLauncher.SUPERUSER, TEMPLATE))
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            // no connection may stay on a template while it is cloned
            execute(pg, "ALTER DATABASE " + TEMPLATE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
            cluster = pg;
        }
        return cluster;
    }

    private static void execute(EmbeddedPostgres pg, String sql) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
