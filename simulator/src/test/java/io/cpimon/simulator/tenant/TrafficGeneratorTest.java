package io.cpimon.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.simulator.Http;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.scenario.TenantPair;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Determinism, realism and ground truth of generated traffic. */
class TrafficGeneratorTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    Simulator sim;

    @BeforeEach
    void start() {
        sim = Simulator.start(SimClock.fixed(T0));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void generate_sameSeedSameCalls_sameMessages() {
        List<MplTruth> a;
        try (Simulator other = Simulator.start(SimClock.fixed(T0))) {
            SimulatedTenant t = other.addTenant(TenantSpec.of("det"));
            t.generate(T0.minus(Duration.ofHours(1)), T0);
            a = t.groundTruth();
        }
        SimulatedTenant t = sim.addTenant(TenantSpec.of("det"));
        t.generate(T0.minus(Duration.ofHours(1)), T0);

        assertThat(t.groundTruth()).isEqualTo(a);
        assertThat(a).hasSizeGreaterThan(500);
    }

    @Test
    void generate_defaultMix_mostlyCompletedSomeFailedSomeProcessing_realisticIds() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("mix"));
        t.generate(T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofMinutes(10)));
        sim.clock().set(T0.minus(Duration.ofMinutes(10)));
        Map<String, Long> byStatus = t.groundTruth().stream().collect(Collectors.groupingBy(MplTruth::status, Collectors.counting()));

        assertThat(byStatus.get("COMPLETED")).isGreaterThan(byStatus.get("FAILED") * 5);
        assertThat(byStatus.get("FAILED")).isPositive();
        assertThat(byStatus.get("PROCESSING")).isPositive();
        MplTruth failed = t.groundTruth().stream().filter(m -> m.status().equals("FAILED")).findFirst().orElseThrow();
        assertThat(failed.errorText()).isNotBlank();
        for (MplTruth m : t.groundTruth()) {
            assertThat(m.messageGuid()).matches("[A-Za-z0-9_-]{28}");
            assertThat(m.correlationId()).matches("[A-Za-z0-9_-]{28}");
            assertThat(m.applicationMessageId()).matches("45\\d{8}");
            assertThat(m.transactionId()).matches("[0-9a-f]{32}");
            assertThat(m.logStart()).isBetween(T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofMinutes(10)));
            assertThat(m.customHeaders()).containsValue(m.applicationMessageId());
        }
        sim.clock().set(T0);
        assertThat(t.groundTruth().stream().filter(m -> m.logStart().isBefore(T0.minus(Duration.ofMinutes(20)))))
                .allMatch(m -> m.isFinal());
    }

    @Test
    void fullRealism_producesRetryWithNullDates_abandoned_sameMillis_lateVisible() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("real").withIflows(List.of(
                new IflowSpec("Busy_Flow", "Busy Flow", 100, 0.05))));
        t.realism(new Realism(0.02, 0.02, 0.2, 0.05));
        t.generate(T0.minus(Duration.ofHours(2)), T0);
        List<MplTruth> now = t.groundTruth();

        assertThat(now).anyMatch(m -> m.status().equals("RETRY") && m.logStart() == null && m.logEnd() == null);
        assertThat(now).anyMatch(m -> m.status().equals("ABANDONED"));
        Map<Instant, Long> perMillis = now.stream().filter(m -> m.logEnd() != null)
                .collect(Collectors.groupingBy(MplTruth::logEnd, Collectors.counting()));
        assertThat(perMillis.values()).anyMatch(n -> n >= 3);
        // late-visible: after the clock moves, entries appear whose LogEnd is older than the previous "now"
        sim.clock().advance(Duration.ofMinutes(15));
        List<MplTruth> later = t.groundTruth();
        assertThat(later).anyMatch(m -> m.logEnd() != null && m.logEnd().isBefore(T0) && m.isFinal()
                && now.stream().noneMatch(n -> n.messageGuid().equals(m.messageGuid())));
    }

    @Test
    void perfectPoller_withOverlapAndUpserts_endsEqualToGroundTruth() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("poll"));
        t.realism(Realism.FULL).pageCap(100);
        String auth = Http.basic(t.basicUser(), t.basicPassword());
        Map<String, String> db = new HashMap<>();
        Instant watermark = T0.minus(Duration.ofHours(1));
        Instant last = T0.minus(Duration.ofHours(1));
        sim.clock().set(last);
        for (int i = 0; i < 12; i++) {
            Instant next = last.plus(Duration.ofMinutes(5));
            t.generate(last, next);
            sim.clock().set(next);
            last = next;
            // poll with a 15-minute overlap, ordered by LogEnd, following __next
            String from = LocalDateTime.ofInstant(watermark.minus(Duration.ofMinutes(15)), ZoneOffset.UTC).toString();
            String url = t.apiUrl() + "/MessageProcessingLogs?$format=json&$orderby=LogEnd&$filter=" + Http.enc("LogEnd ge datetime'" + from + "'");
            while (url != null) {
                JsonNode d = Http.json(Http.get(url, auth)).get("d");
                for (JsonNode e : d.get("results")) {
                    db.put(e.get("MessageGuid").asText(), e.get("Status").asText());
                    watermark = Instant.ofEpochMilli(Math.max(watermark.toEpochMilli(), TenantWireFormatTest.millis(e.get("LogEnd").asText())));
                }
                url = d.has("__next") ? d.get("__next").asText() : null;
            }
        }
        Map<String, String> truth = t.groundTruth().stream().filter(m -> m.logEnd() != null)
                .collect(Collectors.toMap(MplTruth::messageGuid, MplTruth::status));

        assertThat(db).isEqualTo(truth);
        assertThat(t.served()).extracting(MplTruth::messageGuid).containsAll(truth.keySet());
    }

    @Test
    void pair_bothRouting_sameBusinessKeysOnBothTenants() {
        SimulatedTenant a = sim.addTenant(TenantSpec.of("pa"));
        SimulatedTenant b = sim.addTenant(TenantSpec.of("pb"));
        TenantPair pair = sim.pair("pa", "pb").routing(TenantPair.Routing.BOTH);
        pair.generate(T0.minus(Duration.ofMinutes(30)), T0);

        List<String> keysA = a.groundTruth().stream().map(MplTruth::applicationMessageId).sorted().toList();
        List<String> keysB = b.groundTruth().stream().map(MplTruth::applicationMessageId).sorted().toList();
        assertThat(keysA).isNotEmpty().isEqualTo(keysB);
        assertThat(a.groundTruth()).extracting(MplTruth::messageGuid).doesNotContainAnyElementsOf(
                b.groundTruth().stream().map(MplTruth::messageGuid).toList());
    }

    @Test
    void liveTraffic_generatesAsTheClockMoves() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("live"));
        sim.startLiveTraffic(Duration.ofMillis(20));
        sim.clock().advance(Duration.ofMinutes(10));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> t.mplCount() > 20);
        sim.stopLiveTraffic();
        assertThat(t.groundTruth()).allMatch(m -> m.logStart() == null || !m.logStart().isBefore(T0));
    }

    @Test
    void groundTruthVersions_keepEveryStatus() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("versions"));
        MplTruth p = t.add(MplTruth.of("AGversion00000000000000001", "Flow", "PROCESSING", T0.minusSeconds(30), T0.minusSeconds(29)));
        t.schedule(p.withStatus("COMPLETED", T0.plusSeconds(30)), T0.plusSeconds(30));

        assertThat(t.groundTruthVersions()).extracting(MplTruth::status).containsExactly("PROCESSING");
        sim.clock().advance(Duration.ofMinutes(1));
        assertThat(t.groundTruthVersions()).extracting(MplTruth::status).containsExactly("PROCESSING", "COMPLETED");
        assertThat(t.current(p.messageGuid()).logEnd()).isEqualTo(T0.plusSeconds(30));
    }
}
