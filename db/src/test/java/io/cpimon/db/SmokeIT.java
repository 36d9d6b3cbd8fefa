package io.cpimon.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeIT {
    @Test
    void everyStore_basicCall_works() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (Database db = TestDatabase.fresh()) {
            assertThat(db.ping()).isTrue();
            MplRecord r = new MplRecord("t1", "g1", "c", null, null, null, t, t.plusSeconds(1), "s", "r", "flow", "COMPLETED",
                    "COMPLETED", null, null, null, null, null, null, "INFO", null, null, null, null, null, "bk",
                    Map.of("a", "b\tc\\d\ne"), null);
            var res = db.mpls().upsertPage("t1", List.of(r), new MplStore.CursorAdvance("mpl", t, t));
            assertThat(res).isEqualTo(new MplStore.UpsertResult(1, 0, 0));
            assertThat(db.mpls().upsertPage("t1", List.of(r), new MplStore.CursorAdvance("mpl", t, t))).isEqualTo(new MplStore.UpsertResult(0, 0, 1));
            assertThat(db.mpls().allOf("t1")).containsExactly(r);
            assertThat(db.cursors().get("t1", "mpl")).isPresent();
            db.cursors().recordFailure("t1", "mpl", t, "boom");
            db.cursors().recordSuccess("t1", "x", t);
            System.out.println(db.cursors().all());
            db.probes().record(new ProbeResult("t1", t, true, 200, 5, null));
            db.probes().record(new ProbeResult("t2", t, false, null, 5, "refused"));
            System.out.println(db.probes().lastN("t1", 5) + " " + db.probes().latestPerTenant());
            assertThat(db.probes().deleteOlderThan(t.plusSeconds(1))).isEqualTo(2);
            db.tenants().sync(List.of(new TenantRow("t1", "T1", Map.of("x", "y"), null, null, null, null)));
            System.out.println(db.tenants().all());
            Alert a = db.alerts().open(new NewAlert("fp", "rule", Map.of("tenant", "t1"), Map.of(), AlertState.PENDING, t),
                    List.of(new NewNotification(null, "teams", "k1", "g", "{\"a\":1}", t)));
            System.out.println(db.alerts().transition(a.id(), AlertState.FIRING, t.plusSeconds(5), List.of()));
            System.out.println(db.notifications().claimDue(t, 10, Duration.ofMinutes(1)));
            System.out.println(db.describe());
        }
    }
}
