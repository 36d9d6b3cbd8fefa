package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cpimon.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Testcontainers path of {@link TestDatabase} ({@code CPIMON_TEST_POSTGRES_IMAGE}): a PostgreSQL 15 container,
 * a schema of its own, the migrations and a store round trip. Needs a Docker engine; where none answers it is skipped
 * and says so.
 */
class ContainerPostgresIT {
    private static final String IMAGE = "postgres:15-alpine";

    @Test
    void container_postgres15_migratesAndStores() throws Exception {
        boolean docker = ContainerTestServer.dockerAvailable();
        if (!docker) {
            System.out.println("ContainerPostgresIT skipped: no Docker engine answers (DOCKER_HOST or /var/run/docker.sock),"
                    + " so the Testcontainers path (" + TestDatabase.IMAGE_VARIABLE + "=" + IMAGE + ") cannot run here");
        }
        assumeTrue(docker, "no Docker engine answers: the Testcontainers path cannot run here");
        ContainerTestServer server = new ContainerTestServer(IMAGE);
        try (Database db = Database.open(server.freshJdbcUrl(true), server.user(), server.password(), 2)) {
            Instant start = Instant.parse("2026-11-20T10:00:00Z");
            db.mpls().upsertPage("t1", List.of(MplRecords.mpl("t1", "g1", "COMPLETED", start)), null);
            assertThat(db.mpls().allOf("t1")).hasSize(1);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW server_version_num")) {
                rs.next();
                assertThat(rs.getInt(1) / 10_000).isEqualTo(15);
            }
        }
    }
}
