package io.cpimon.db.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL container started through Testcontainers' PostgreSQL module (needs a Docker engine), used like any
 * external server: a schema per test database. The container lives as long as the test JVM (Testcontainers' reaper
 * removes it).
 */
final class ContainerTestServer implements TestServer {
    private final ExternalTestServer server;
    private final String image;

    ContainerTestServer(String image) {
        if (!dockerAvailable()) {
            throw new IllegalStateException(TestDatabase.IMAGE_VARIABLE + "=" + image
                    + " asks for a PostgreSQL container, but no Docker engine answers (DOCKER_HOST or"
                    + " /var/run/docker.sock); unset it to use the embedded server");
        }
        this.image = image;
        PostgreSQLContainer container = new PostgreSQLContainer(
                DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-container"));
        server = new ExternalTestServer(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    /** Whether a Docker engine answers; false (never an exception) when none is configured or reachable. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String freshJdbcUrl(boolean migrated) {
        return server.freshJdbcUrl(migrated);
    }

    @Override
    public String user() {
        return server.user();
    }

    @Override
    public String password() {
        return server.password();
    }

    @Override
    public String hostAndPort() {
        return server.hostAndPort();
    }

    @Override
    public String describe() {
        return server.describe() + " in a Testcontainers container of " + image;
    }
}
