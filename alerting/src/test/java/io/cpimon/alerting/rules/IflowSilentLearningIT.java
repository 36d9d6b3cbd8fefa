package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code iflow_silent} learns its sending profiles off the evaluator's thread: an evaluation waits for a learning
 * only so long, and without a profile yet the rule fails (its alerts stay as they are) until one is learned.
 */
class IflowSilentLearningIT {
    @RegisterExtension
    static final FreshDatabase fresh = new FreshDatabase();

    static final Instant NOW = RulesOnDatabaseIT.NOW;
    static final Duration WAIT = Duration.ofMillis(200);

    /** Three past Tuesdays, 11:00-12:40: Nightly every 20 minutes, and nothing of it this Tuesday. */
    void nightlyHistory() throws Exception {
        for (int week = 1; week <= 3; week++) {
            Instant tuesday11 = NOW.minus(Duration.ofDays(7L * week)).minus(Duration.ofHours(1));
            for (int m = 0; m <= 100; m += 20) {
                Instant end = tuesday11.plus(Duration.ofMinutes(m));
                mpl("N" + week + "-" + m, end);
            }
        }
    }

    void mpl(String guid, Instant end) throws Exception {
        try (Connection c = fresh.get().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                // mpl's writers keep its day spans (V160): the rules' queries prune day partitions by them
                "WITH w AS (INSERT INTO mpl (tenant_id, message_guid, integration_flow_name, status, log_start, log_end)"
                        + " VALUES ('t1', ?, 'Nightly', 'COMPLETED', ?, ?) RETURNING tenant_id, part_day, log_end)"
                        + " SELECT mpl_day_span_raise(array_agg(tenant_id), array_agg(part_day), array_agg(log_end)) FROM w")) {
            ps.setString(1, guid);
            ps.setObject(2, end.minusSeconds(1).atOffset(ZoneOffset.UTC));
            ps.setObject(3, end.atOffset(ZoneOffset.UTC));
            ps.execute();
        }
    }

    IflowSilentRule rule() throws Exception {
        return new IflowSilentRule(RulesOnDatabaseIT.config(), fresh.get().ruleQueries(), WAIT);
    }

    /** Holds a lock that makes every read of mpl wait until the returned connection rolls back. */
    Connection blockReads() throws Exception {
        Connection c = fresh.get().dataSource().getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE mpl IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    @Test
    void evaluate_firstLearningSlowerThanTheWait_failsUntilLearnedThenFires() throws Exception {
        nightlyHistory();
        IflowSilentRule rule = rule();
        try (Connection lock = blockReads()) {
            assertThatThrownBy(() -> rule.evaluate(NOW)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still learning");
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(labels(rule.evaluate(NOW)))
                .containsExactly("Nightly@t1"));
    }

    static List<String> labels(List<AlertInstance> instances) {
        return instances.stream().map(i -> i.labels().get("iflow") + "@" + i.labels().get("tenant")).toList();
    }
}
