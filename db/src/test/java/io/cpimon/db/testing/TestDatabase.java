package io.cpimon.db.testing;

import io.cpimon.db.DataAccessException;
import io.cpimon.db.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Real PostgreSQL for tests, and a new, migrated database per {@link #fresh()} call. Which server is chosen once
 * per test JVM from the environment (and printed on first use):
 * <ul>
 * <li>{@value #URL_VARIABLE} set: that external server, as {@value #USER_VARIABLE} with {@value #PASSWORD_VARIABLE}
 * (nullable); each fresh database is a schema the test user creates (it needs {@code CREATE} on the database, no
 * superuser) and that is dropped when the JVM exits;</li>
 * <li>else {@value #IMAGE_VARIABLE} set (e.g. {@code postgres:15-alpine}): a container of that image through
 * Testcontainers (needs a Docker engine), used the same way;</li>
 * <li>else the embedded PostgreSQL: one cluster per test JVM (a temporary directory, fsync off, stopped by a shutdown
 * hook), fresh databases cloned from a template migrated once.</li>
 * </ul>
 * Thread-safe.
 *
 * <pre>{@code
 * try (Database db = TestDatabase.fresh()) { db.mpls().upsertPage(...); }
 * }</pre>
 */
public final class TestDatabase {
    /** The JDBC URL of an external server to test against instead of the embedded one. */
    public static final String URL_VARIABLE = "CPIMON_TEST_JDBC_URL";
    public static final String USER_VARIABLE = "CPIMON_TEST_JDBC_USER";
    public static final String PASSWORD_VARIABLE = "CPIMON_TEST_JDBC_PASSWORD";
    /** A PostgreSQL image to run through Testcontainers instead of the embedded server. */
    public static final String IMAGE_VARIABLE = "CPIMON_TEST_POSTGRES_IMAGE";
    private static TestServer server;

    private TestDatabase() {}

    /** A new empty database with the current schema, as a {@link Database} (pool of 4). Close it when done. */
    public static Database fresh() {
        return open(freshJdbcUrl(), 4);
    }

    /** Opens {@code jdbcUrl} (from {@link #freshJdbcUrl()}) as the test user, with a pool of {@code poolSize}. */
    public static Database open(String jdbcUrl, int poolSize) {
        return Database.open(jdbcUrl, user(), password(), poolSize);
    }

    /**
     * Creates a new empty database with the current schema and returns its JDBC URL; connect as
     * {@link #user()} with {@link #password()}.
     */
    public static String freshJdbcUrl() {
        return server().freshJdbcUrl(true);
    }

    /** Creates a new database without any migration (migration tests) and returns its JDBC URL. */
    public static String emptyJdbcUrl() {
        return server().freshJdbcUrl(false);
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

    /** The user the tests connect as: the embedded cluster's superuser, or the external server's test user. */
    public static String user() {
        return server().user();
    }

    /** The test user's password; null for the embedded cluster (trust authentication). */
    public static String password() {
        return server().password();
    }

    /** The test server's {@code host:port} as it appears in the URLs (starts it if needed). */
    public static String hostAndPort() {
        return server().hostAndPort();
    }

    /** Whether the tests run against the embedded cluster (whose superuser may create databases and roles). */
    public static boolean embedded() {
        return server() instanceof EmbeddedTestServer;
    }

    private static synchronized TestServer server() {
        if (server == null) {
            String url = System.getenv(URL_VARIABLE);
            String image = System.getenv(IMAGE_VARIABLE);
            if (url != null && !url.isBlank()) {
                String user = System.getenv(USER_VARIABLE);
                if (user == null || user.isBlank()) {
                    throw new IllegalStateException(URL_VARIABLE + " is set but " + USER_VARIABLE + " is not");
                }
                server = new ExternalTestServer(url, user, System.getenv(PASSWORD_VARIABLE));
            } else if (image != null && !image.isBlank()) {
                server = new ContainerTestServer(image);
            } else {
                server = new EmbeddedTestServer();
            }
            System.out.println("test PostgreSQL: " + server.describe());
        }
        return server;
    }
}
