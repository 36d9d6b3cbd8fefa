package io.cpimon.alerting.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.alerting.testing.AlertingFixtures;
import io.cpimon.db.Database;
import io.cpimon.db.NotificationState;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * kill -9 during dispatch: a dispatcher JVM ({@link DispatcherProcess}) is killed with SIGKILL at random moments
 * and restarted until the outbox is empty. Delivery is at least once (every group reaches both peers) and
 * ServiceNow never gets a second incident for a group (lookup by correlation_id before every create).
 */
class DispatcherKillIT {

    @Test
    void killDashNineLoop_everyGroupDeliveredAtLeastOnce_zeroDuplicateIncidents() throws Exception {
        String url = TestDatabase.freshJdbcUrl();
        try (Simulator sim = Simulator.start(SimClock.system()); Database db = TestDatabase.open(url, 2)) {
            sim.serviceNow().slow(Duration.ofMillis(40));
            NotificationPlanner planner = new NotificationPlanner(new Router(List.of(DispatcherProcess.ROUTE)), null);
            int groups = 24;
            for (int i = 0; i < groups; i++) {
                Instant now = Instant.now();
                AlertingFixtures.AlertBuilder alert = AlertingFixtures.alert("tenant_down").label("tenant", "t" + i)
                        .label("severity", "critical").annotations(Map.of("summary", "Tenant t" + i + " is down")).at(now);
                db.alerts().open(alert.toNew(), planner.plan(alert.build(), NoticeStatus.FIRING, now));
            }
            SplittableRandom random = new SplittableRandom(42);
            int kills = 0;
            for (int run = 0; run < 3 && db.notifications().countByState().get(NotificationState.PENDING) > 0; run++) {
                Process p = start(url, sim);
                awaitLine(p, "dispatching");
                boolean exited = p.waitFor(300 + random.nextInt(900), TimeUnit.MILLISECONDS);
                if (!exited) {
                    p.destroyForcibly().waitFor(); // SIGKILL, mid-dispatch
                    kills++;
                }
            }
            // the last run: let a dispatcher finish (claims of killed ones expire after their 2 s lease)
            Process last = start(url, sim);
            awaitLine(last, "dispatching");
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> db.notifications().countByState().get(NotificationState.PENDING) == 0);
            } finally {
                last.destroyForcibly().waitFor();
            }

            assertThat(kills).as("dispatchers killed mid-run").isGreaterThanOrEqualTo(2);
            assertThat(db.notifications().countByState().get(NotificationState.PENDING)).isZero();
            assertThat(db.notifications().countByState().get(NotificationState.DEAD)).isZero();
            Map<String, Long> incidentsPerGroup = sim.serviceNow().incidents().stream()
                    .collect(Collectors.groupingBy(i -> i.getString("correlation_id"), Collectors.counting()));
            assertThat(incidentsPerGroup).hasSize(groups);
            assertThat(incidentsPerGroup.values()).as("zero duplicate incidents").containsOnly(1L);
            assertThat(sim.teams().received().stream().map(e -> e.encode()).map(DispatcherKillIT::tenant).distinct())
                    .as("every group reached Teams at least once").hasSize(groups);
        }
    }

    private static String tenant(String card) {
        int i = card.indexOf("Tenant t");
        return card.substring(i, card.indexOf(' ', i + 7));
    }

    private static Process start(String url, Simulator sim) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DispatcherProcess.class.getName(),
                url, TestDatabase.user(), sim.serviceNow().instanceUrl(), sim.serviceNow().user(), sim.serviceNow().password(),
                sim.teams().url()).redirectErrorStream(true).start();
    }

    private static void awaitLine(Process p, String line) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String l;
        while ((l = r.readLine()) != null) {
            if (l.contains(line)) {
                Thread.ofVirtual().start(() -> {
                    try {
                        r.transferTo(Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the process died
                    }
                });
                return;
            }
        }
        throw new AssertionError("dispatcher process exited before '" + line + "'");
    }
}
