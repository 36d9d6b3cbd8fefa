package io.cpimon.db.testing;

import io.cpimon.db.DataAccessException;
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
 * The default test server: one embedded cluster per test JVM (a temporary directory, fsync off, stopped by a
 * shutdown hook); a migrated database is cloned from a template migrated once. The tests connect as its superuser.
 */
final class EmbeddedTestServer implements TestServer {
    private static final String TEMPLATE = "cpimon_template";
    private final AtomicInteger counter = new AtomicInteger();
    private final EmbeddedPostgres pg;

    EmbeddedTestServer() {
        pg = startCluster();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the temporary directory is best effort
            }
        }, "test-postgres-shutdown"));
        execute("CREATE DATABASE " + TEMPLATE);
        Flyway.configure(TestDatabase.class.getClassLoader())
                .dataSource(pg.getDatabase(EmbeddedPostgresLauncher.SUPERUSER, TEMPLATE))
                .locations("classpath:db/migration")
                .load()
                .migrate();
        // no connection may stay on a template while it is cloned
        execute("ALTER DATABASE " + TEMPLATE + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
    }

    /**
     * A new cluster in a new temporary directory; a start that fails is tried once more in another directory. Test
     * JVMs of parallel modules start clusters at the same time, and a port found free can be taken by another cluster
     * before this one binds it.
     */
    private static EmbeddedPostgres startCluster() {
        UncheckedIOException failed = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return EmbeddedPostgresLauncher.start(Files.createTempDirectory("cpimon-test-pg-"), true, Map.of(
                        "fsync", "off",
                        "synchronous_commit", "off",
                        "full_page_writes", "off"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (UncheckedIOException e) {
                if (failed != null) {
                    e.addSuppressed(failed);
                    throw e;
                }
                failed = e;
            }
        }
        throw failed;
    }

    @Override
    public String freshJdbcUrl(boolean migrated) {
        String name = "cpimon_test_" + counter.incrementAndGet();
        // FILE_COPY: with fsync off, copying the few files of the template beats WAL-logging them
        execute("CREATE DATABASE " + name + " TEMPLATE " + (migrated ? TEMPLATE : "template0") + " STRATEGY FILE_COPY");
        return EmbeddedPostgresLauncher.jdbcUrl(pg, name);
    }

    @Override
    public String user() {
        return EmbeddedPostgresLauncher.SUPERUSER;
    }

    @Override
    public String password() {
        return null;
    }

    @Override
    public String hostAndPort() {
        return "localhost:" + pg.getPort();
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL " + EmbeddedPostgresLauncher.VERSION + " on " + hostAndPort();
    }

    private void execute(String sql) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
