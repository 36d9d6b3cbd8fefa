package io.cpimon.db.testing;

import io.cpimon.db.jdbc.EmbeddedPostgresLauncher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A dedicated embedded PostgreSQL (never the shared test cluster) that a test stops and starts again on the same
 * port and data directory, to take the database away from a running cpimon. Not thread-safe: one test drives it.
 */
public final class StoppablePostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private EmbeddedPostgres pg;
    private boolean running;

    private StoppablePostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a new cluster with database {@code cpimon}. */
    public static StoppablePostgres start() {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            StoppablePostgres p = new StoppablePostgres(Files.createTempDirectory("cpimon-stoppable-pg"), port);
            p.startAgain();
            EmbeddedPostgresLauncher.ensureDatabase(p.pg, "cpimon");
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of database {@code cpimon}; connect as {@link #user()} without a password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/cpimon";
    }

    public String user() {
        return EmbeddedPostgresLauncher.SUPERUSER;
    }

    /** Stops the server (fast shutdown: open connections are cut). */
    public void stop() {
        try {
            running = false;
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped server on the same port with the same data. */
    public void startAgain() {
        try {
            pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", "off").setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(Duration.ofSeconds(60)).start();
            running = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        if (running) {
            stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
