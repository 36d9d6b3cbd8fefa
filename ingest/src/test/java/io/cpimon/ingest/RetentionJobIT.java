package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.testing.MplRecords;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code retention.mpl}: everything older than the retention goes, in batches, the rest stays. */
class RetentionJobIT {

    @Test
    void runOnce_moreOldRowsThanOneBatch_deletesAllOldKeepsRecent() {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        try (Database db = TestDatabase.fresh()) {
            List<MplRecord> rows = new ArrayList<>();
            for (int i = 0; i < RetentionJob.BATCH + 500; i++) {
                rows.add(MplRecords.mpl("t1", "old-" + i, "COMPLETED", now.minus(Duration.ofDays(91)).plusSeconds(i)));
            }
            for (int i = 0; i < 300; i++) {
                rows.add(MplRecords.mpl("t1", "recent-" + i, "COMPLETED", now.minus(Duration.ofDays(89)).plusSeconds(i)));
            }
            db.mpls().upsertPage("t1", rows, null);

            long deleted = new RetentionJob(db.mpls(), Duration.ofDays(90), SimClock.fixed(now)).runOnce();

            assertThat(deleted).isEqualTo(RetentionJob.BATCH + 500);
            assertThat(db.mpls().allOf("t1")).hasSize(300).allSatisfy(r -> assertThat(r.messageGuid()).startsWith("recent-"));
        }
    }
}
