package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.MplRecord;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.ingest.testing.SimulatedTenants;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.scenario.ScenarioRun;
import io.cpimon.simulator.scenario.Scenarios;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator's scripted {@code storm} and {@code failover} runs, stepped minute by minute on a
 * {@link SimClock}, polled by the MPL poller: at the end the database holds exactly what a perfect
 * poller would have stored, for every message with a LogEnd (those without one are invisible to a
 * LogEnd filter by construction; finding them is the status sweep).
 */
class ScenarioIngestIT {
    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    static final Duration PHASE = Duration.ofMinutes(10);
    static final Duration STEP = Duration.ofMinutes(1);
    /**
     * The simulator makes some messages visible up to 10 minutes after their LogEnd (Realism.FULL); the
     * overlap must cover the longest such delay, which is exactly what the setting is for.
     */
    static final PollConfig POLL = SimulatedTenants.poll(Duration.ofMinutes(12), 1000, Duration.ofHours(2));

    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0).poll(POLL);

    /** Steps the scenario through its whole cycle, polling every tenant after each step; a failing tenant just fails that poll. */
    private int runAndPoll(ScenarioRun run) {
        List<TenantConfig> configs = new ArrayList<>();
        for (SimulatedTenant t : run.tenants()) {
            configs.add(landscape.oauth2(t));
        }
        int failedPolls = 0;
        IngestService ingest = landscape.ingest(configs);
        List<MplPoller> pollers = configs.stream().map(ingest::poller).toList();
        Instant end = T0.plus(run.cycle()).plus(STEP);
        while (landscape.clock().instant().isBefore(end)) {
            run.advance(STEP);
            for (MplPoller p : pollers) {
                try {
                    p.pollOnce();
                } catch (CpiException e) {
                    failedPolls++;
                }
            }
        }
        return failedPolls;
    }

    private static Map<String, String> truth(SimulatedTenant t) {
        return t.groundTruth().stream().filter(m -> m.logEnd() != null)
                .collect(Collectors.toMap(MplTruth::messageGuid, m -> m.status() + "@" + m.logEnd().toEpochMilli(), (a, b) -> b, TreeMap::new));
    }

    private Map<String, String> stored(String tenant) {
        return landscape.db().mpls().allOf(tenant).stream().filter(m -> m.logEnd() != null)
                .collect(Collectors.toMap(MplRecord::messageGuid, m -> m.status() + "@" + m.logEnd().toEpochMilli(), (a, b) -> b, TreeMap::new));
    }

    /** Fails with a readable difference (counts and a few examples), not two maps of thousands of entries. */
    static void assertSame(String what, Map<String, String> stored, Map<String, String> truth) {
        List<String> missing = truth.keySet().stream().filter(k -> !stored.containsKey(k)).map(k -> k + "=" + truth.get(k)).toList();
        List<String> extra = stored.keySet().stream().filter(k -> !truth.containsKey(k)).map(k -> k + "=" + stored.get(k)).toList();
        List<String> differ = truth.keySet().stream().filter(k -> stored.containsKey(k) && !stored.get(k).equals(truth.get(k)))
                .map(k -> k + " stored " + stored.get(k) + " truth " + truth.get(k)).toList();
        assertThat(missing.size() + extra.size() + differ.size())
                .as("%s: %d of %d messages missing %s, %d extra %s, %d differ %s", what, missing.size(), truth.size(),
                        missing.stream().limit(5).toList(), extra.size(), extra.stream().limit(5).toList(), differ.size(),
                        differ.stream().limit(5).toList())
                .isZero();
    }

    @Test
    void storm_fortyIflowsFailing_databaseEqualsGroundTruth() {
        Simulator sim = landscape.sim();
        ScenarioRun run = sim.scenario("storm", PHASE);
        int failedPolls = runAndPoll(run);
        SimulatedTenant t = sim.tenant(Scenarios.STORM_TENANT);
        assertThat(failedPolls).isZero();
        Map<String, String> truth = truth(t);
        assertThat(truth.values().stream().filter(s -> s.startsWith("FAILED")).count())
                .as("the storm makes failures").isGreaterThan(100);
        assertSame(Scenarios.STORM_TENANT, stored(Scenarios.STORM_TENANT), truth);
    }

    @Test
    void failover_primaryDownThenBack_bothTenantsEqualGroundTruth() {
        Simulator sim = landscape.sim();
        ScenarioRun run = sim.scenario("failover", PHASE);
        int failedPolls = runAndPoll(run);
        assertThat(failedPolls).as("the primary's polls fail while it is down").isGreaterThan(5);
        for (String id : List.of(Scenarios.PRIMARY, Scenarios.DR)) {
            assertSame(id, stored(id), truth(sim.tenant(id)));
        }
        assertThat(truth(sim.tenant(Scenarios.DR))).as("the DR tenant took traffic").isNotEmpty();
    }
}
