package io.cpimon.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.Realism;
import io.cpimon.simulator.tenant.RuntimeArtifact;
import io.cpimon.simulator.tenant.SimulatedTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each scripted scenario, read as a timeline on a clock the test controls (phase = 10 minutes). */
class ScenarioTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final Duration P = Duration.ofMinutes(10);
    Simulator sim;

    @BeforeEach
    void start() {
        sim = Simulator.start(SimClock.fixed(T0));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static long started(SimulatedTenant t, Instant from, Instant to) {
        return t.groundTruth().stream().filter(m -> m.logStart() != null && !m.logStart().isBefore(from) && m.logStart().isBefore(to)).count();
    }

    static long count(SimulatedTenant t, Instant from, Instant to, Predicate<MplTruth> p) {
        return t.groundTruth().stream().filter(m -> m.logStart() != null && !m.logStart().isBefore(from) && m.logStart().isBefore(to))
                .filter(p).count();
    }

    @Test
    void failover_primaryDown_trafficMovesToDr_thenReturns() {
        ScenarioRun run = sim.scenario("failover", P);
        SimulatedTenant primary = sim.tenant("prd-weu");
        SimulatedTenant dr = sim.tenant("prd-eus");

        // t=0..P: primary active, DR idle
        run.advanceTo(P.minusMinutes(1));
        assertThat(started(primary, T0, T0.plus(P).minus(Duration.ofMinutes(1)))).isPositive();
        assertThat(started(dr, T0.minus(Duration.ofHours(1)), T0.plus(P))).isZero();
        // t=P: primary runtime and API down
        run.advanceTo(P.plusMinutes(1));
        assertThat(primary.isDown()).isTrue();
        run.advanceTo(P.multipliedBy(2).minusMinutes(1));
        assertThat(started(dr, T0.plus(P), T0.plus(P.multipliedBy(2)))).isPositive();
        assertThat(started(primary, T0.plus(P), T0.plus(P.multipliedBy(2)))).isZero();
        // t=2P: primary back, traffic returns
        run.advanceTo(P.multipliedBy(3).minusMinutes(1));
        assertThat(primary.isDown()).isFalse();
        assertThat(started(primary, T0.plus(P.multipliedBy(2)), T0.plus(P.multipliedBy(3)))).isPositive();
        assertThat(started(dr, T0.plus(P.multipliedBy(2)), T0.plus(P.multipliedBy(3)))).isZero();
        assertThat(run.log()).hasSize(3);
        // the timeline repeats
        run.advanceTo(P.multipliedBy(4).plusMinutes(1));
        assertThat(primary.isDown()).isTrue();
    }

    @Test
    void splitBrain_bothTenantsProcessSameBusinessKeys_onlyDuringThePhase() {
        ScenarioRun run = sim.scenario("split-brain", P);
        SimulatedTenant a = sim.tenant("prd-weu");
        SimulatedTenant b = sim.tenant("prd-eus");
        // RETRY entries with null dates (FULL realism) cannot be placed in a phase: keep this comparison exact
        a.realism(Realism.BASIC);
        b.realism(Realism.BASIC);
        run.advanceTo(P.multipliedBy(3).minusMinutes(1));

        Set<String> before = keys(a, T0, T0.plus(P));
        before.retainAll(keys(b, T0, T0.plus(P)));
        Set<String> during = keys(a, T0.plus(P), T0.plus(P.multipliedBy(2)));
        Set<String> duringB = keys(b, T0.plus(P), T0.plus(P.multipliedBy(2)));
        Set<String> after = keys(a, T0.plus(P.multipliedBy(2)), T0.plus(P.multipliedBy(3)));
        after.retainAll(keys(b, T0.plus(P.multipliedBy(2)), T0.plus(P.multipliedBy(3))));

        assertThat(before).isEmpty();
        assertThat(during).isNotEmpty().isEqualTo(duringB);
        assertThat(after).isEmpty();
        assertThat(keys(a, T0, T0.plus(P))).isNotEmpty();
        assertThat(keys(b, T0, T0.plus(P))).isNotEmpty();
    }

    static Set<String> keys(SimulatedTenant t, Instant from, Instant to) {
        return t.groundTruth().stream().filter(m -> m.logStart() != null && !m.logStart().isBefore(from) && m.logStart().isBefore(to))
                .map(MplTruth::applicationMessageId).collect(Collectors.toSet());
    }

    @Test
    void drDrift_drLacksArtifactAndRunsOlderVersion_thenError_thenRepaired() {
        ScenarioRun run = sim.scenario("dr-drift", P);
        SimulatedTenant primary = sim.tenant("prd-weu");
        SimulatedTenant dr = sim.tenant("prd-eus");

        assertThat(dr.artifact("Send_Invoices_to_Ariba")).isNull();
        assertThat(primary.artifact("Send_Invoices_to_Ariba")).isNotNull();
        assertThat(primary.artifact("Replicate_Orders_S4_to_WMS").version()).isEqualTo("1.2.0");
        assertThat(dr.artifact("Replicate_Orders_S4_to_WMS").version()).isEqualTo("1.1.0");
        run.advanceTo(P.plusMinutes(1));
        assertThat(dr.artifact("Sync_BusinessPartner_to_CRM").status()).isEqualTo("ERROR");
        run.advanceTo(P.multipliedBy(2).plusMinutes(1));
        assertThat(dr.artifacts()).extracting(RuntimeArtifact::id).containsAll(primary.artifacts().stream().map(RuntimeArtifact::id).toList());
        assertThat(dr.artifact("Replicate_Orders_S4_to_WMS").version()).isEqualTo("1.2.0");
        assertThat(dr.artifacts()).allMatch(x -> x.status().equals("STARTED"));
    }

    @Test
    void stuck_messagesStayProcessingForever() {
        ScenarioRun run = sim.scenario("stuck", P);
        SimulatedTenant t = sim.tenant("prd-weu");
        run.advanceTo(P.multipliedBy(3));
        run.advance(Duration.ofHours(2));

        Predicate<MplTruth> orders = m -> m.artifactId().equals("Replicate_Orders_S4_to_WMS");
        long stuck = count(t, T0.plus(P), T0.plus(P.multipliedBy(2)), orders.and(m -> m.status().equals("PROCESSING")));
        long all = count(t, T0.plus(P), T0.plus(P.multipliedBy(2)), orders);
        assertThat(stuck).isPositive().isEqualTo(all);
        assertThat(count(t, T0, T0.plus(P), orders.and(m -> m.status().equals("PROCESSING")))).isZero();
        assertThat(count(t, T0.plus(P.multipliedBy(2)), T0.plus(P.multipliedBy(3)), orders.and(m -> m.status().equals("PROCESSING")))).isZero();
    }

    @Test
    void storm_fortyIflowsFailAtOnce_thenRecover() {
        ScenarioRun run = sim.scenario("storm", P);
        SimulatedTenant t = sim.tenant("storm-weu");
        run.advanceTo(P.multipliedBy(3));
        sim.clock().advance(Duration.ofMinutes(10));

        Predicate<MplTruth> failed = m -> m.status().equals("FAILED");
        Set<String> failingFlows = t.groundTruth().stream()
                .filter(m -> m.logStart() != null && !m.logStart().isBefore(T0.plus(P)) && m.logStart().isBefore(T0.plus(P.multipliedBy(2))))
                .filter(failed).map(MplTruth::artifactId).collect(Collectors.toSet());
        assertThat(t.spec().iflows()).hasSize(40);
        assertThat(failingFlows).hasSizeGreaterThan(30);
        assertThat(count(t, T0.plus(P), T0.plus(P.multipliedBy(2)), failed.negate().and(m -> m.isFinal()))).isZero();
        assertThat(count(t, T0, T0.plus(P), failed)).isZero();
        assertThat(count(t, T0.plus(P.multipliedBy(2)), T0.plus(P.multipliedBy(3)), failed)).isZero();
    }

    @Test
    void quiet_aDayOfNormalTraffic() {
        ScenarioRun run = sim.scenario("quiet", P);
        SimulatedTenant primary = sim.tenant("prd-weu");

        assertThat(run.timeline()).isEmpty();
        assertThat(started(primary, T0.minus(Duration.ofDays(1)), T0.minus(Duration.ofHours(23)))).isPositive();
        assertThat(started(primary, T0.minus(Duration.ofDays(1)), T0)).isGreaterThan(10_000);
        assertThat(started(sim.tenant("prd-eus"), T0.minus(Duration.ofDays(1)), T0)).isZero();
    }

    @Test
    void unknownScenario_isRejectedWithTheNames() {
        assertThatThrownBy(() -> sim.scenario("nope", P)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failover");
    }

    @Test
    void scenario_drivesLiveTraffic() {
        sim.scenario("failover", Duration.ofMinutes(1));
        sim.startLiveTraffic(Duration.ofMillis(20));
        sim.clock().advance(Duration.ofSeconds(90));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sim.tenant("prd-weu").isDown());
        sim.stopLiveTraffic();
        assertThat(sim.activeScenario().log()).anyMatch(l -> l.contains("down"));
        assertThat(List.of(sim.tenant("prd-weu"), sim.tenant("prd-eus"))).allMatch(t -> t.mplCount() > 0);
    }
}
