package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.DataAccessException;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.jdbc.EmbeddedPostgresLauncher;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.tenant.Fault;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stops in the middle of a poll (a dedicated embedded server, not the shared test cluster) and
 * starts again: the poll fails, and the next one resumes from the committed watermark, so that the database
 * ends equal to the ground truth with no row missing and none twice.
 */
class DatabaseOutageIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").setServerConfig("listen_addresses", "localhost")
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0).withoutDatabase();

    @Test
    void pollOnce_postgresStopsMidPoll_failsThenResumesFromWatermark_noGapNoDuplicate() throws Exception {
        SimClock clock = landscape.clock();
        Path dir = Files.createTempDirectory("cpimon-outage-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = startPostgres(dir, port);
        try {
            EmbeddedPostgresLauncher.ensureDatabase(pg, "cpimon");
            try (Database db = Database.open(EmbeddedPostgresLauncher.jdbcUrl(pg, "cpimon"), EmbeddedPostgresLauncher.SUPERUSER, null, 4)) {
                SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("outage-a")).pageCap(20);
                tenant.generate(T0.minus(Duration.ofMinutes(40)), T0);
                TenantConfig config = landscape.oauth2(tenant);
                MplPoller poller = landscape.ingest(db, config).poller(config);
                // the third page is slow: PostgreSQL stops while the poller waits for it
                tenant.inject(Fault.slow(Duration.ofSeconds(2)).onPath("/api/v1/MessageProcessingLogs").after(2).times(1));
                CompletableFuture<MplPoller.Outcome> poll = CompletableFuture.supplyAsync(poller::pollOnce, r -> Thread.ofVirtual().start(r));
                await().atMost(Duration.ofSeconds(10)).until(() -> tenant.requestCount("/api/v1/MessageProcessingLogs") >= 3);
                pg.close();

                assertThat(poll).failsWithin(Duration.ofSeconds(30)).withThrowableThat().withCauseInstanceOf(DataAccessException.class);
                pg = startPostgres(dir, port);
                long committed = rowsAfterRestart(db);
                assertThat(committed).as("the pages before the outage were committed, not the rest")
                        .isBetween(20L, (long) tenant.groundTruth().size() - 1);
                Instant maxLogEnd = db.mpls().allOf("outage-a").stream().map(MplRecord::logEnd).max(Instant::compareTo).orElseThrow();
                assertThat(db.cursors().get("outage-a", MplPoller.STREAM).orElseThrow().watermark())
                        .as("the watermark committed with the last page").isEqualTo(maxLogEnd);

                clock.advance(Duration.ofMinutes(1));
                tenant.generate(T0, clock.instant());
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> poller.pollOnce() != null);
                List<MplRecord> rows = db.mpls().allOf("outage-a");
                assertThat(rows).hasSize(tenant.groundTruth().size());
                assertThat(statuses(rows)).isEqualTo(tenant.groundTruth().stream()
                        .collect(Collectors.toMap(MplTruth::messageGuid, MplTruth::status, (a, b) -> b, TreeMap::new)));
            }
        } finally {
            pg.close();
        }
    }

    private static long rowsAfterRestart(Database db) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> db.mpls().count("outage-a"), n -> n >= 0);
    }

    private static Map<String, String> statuses(List<MplRecord> rows) {
        return rows.stream().collect(Collectors.toMap(MplRecord::messageGuid, MplRecord::status, (a, b) -> b, TreeMap::new));
    }
}
