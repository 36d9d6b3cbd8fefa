package io.cpimon.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.db.Database;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.TenantRow;
import io.cpimon.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overview's heartbeat over real PostgreSQL as time moves: closed buckets are read once and kept, the open ones
 * (and those a late probe may still reach) are read again on every call, and the window slides at bucket boundaries.
 */
class OverviewViewsIT {
    static Database db;

    @BeforeAll
    static void start() {
        db = TestDatabase.fresh();
        db.tenants().sync(List.of(new TenantRow("t1", "One", Map.of(), null, null, null, null)));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static List<int[]> beats(OverviewView v) {
        return v.tenants().getFirst().heartbeat().stream().map(b -> new int[] {b.bucket(), b.probes(), b.down()})
                .toList();
    }

    @Test
    void closedBucketsAreReadOnce_openOnesEveryTime_andTheWindowSlides() throws Exception {
        MovingClock clock = new MovingClock(Instant.parse("2026-11-24T12:00:30Z"));
        TenantViews tiles = new TenantViews(db.tenants(), db.probes(), db.cursors(), db.mpls(), db.alerts(), clock);
        OverviewViews views = new OverviewViews(tiles, new PairStatusService(db.alerts(), List.of()), db.dashboard(),
                db.silences(), () -> Duration.ofHours(1), clock);
        // the 1h window is [11:01, 12:01): bucket 0 at 11:01, bucket 59 (open) at 12:00
        db.probes().record(new ProbeResult("t1", Instant.parse("2026-11-24T11:01:10Z"), true, 401, 100, null));
        db.probes().record(new ProbeResult("t1", Instant.parse("2026-11-24T12:00:05Z"), true, 401, 100, null));
        assertThat(beats(views.overview(ChartRange.HOUR))).containsExactly(new int[] {0, 1, 0}, new int[] {59, 1, 0});

        // the closed bucket is not read again (its rows gone from the database, it still shows); the open one is
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM probe_result WHERE tenant_id = 't1' AND at < '2026-11-24T11:30:00Z'");
        }
        db.probes().record(new ProbeResult("t1", Instant.parse("2026-11-24T12:00:20Z"), false, null, 5000, "refused"));
        // a probe that ended late in a bucket closed less than the settle time ago still counts
        db.probes().record(new ProbeResult("t1", Instant.parse("2026-11-24T11:59:50Z"), true, 401, 90, null));
        assertThat(beats(views.overview(ChartRange.HOUR)))
                .containsExactly(new int[] {0, 1, 0}, new int[] {58, 1, 0}, new int[] {59, 2, 1});

        // a minute later the window starts at 11:02: the old bucket 0 has left it, the rest moved one to the left
        clock.now = Instant.parse("2026-11-24T12:01:30Z");
        db.probes().record(new ProbeResult("t1", Instant.parse("2026-11-24T12:01:10Z"), true, 401, 80, null));
        assertThat(beats(views.overview(ChartRange.HOUR)))
                .containsExactly(new int[] {57, 1, 0}, new int[] {58, 2, 1}, new int[] {59, 1, 0});
    }
}
