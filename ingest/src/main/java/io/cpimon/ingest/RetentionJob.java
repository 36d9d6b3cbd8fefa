package io.cpimon.ingest;

import io.cpimon.db.MplStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Enforces {@code retention.mpl}: deletes messages whose LogEnd (or, without one, first sighting) is older than
 * the retention, in batches of {@value #BATCH} rows, each its own short transaction walking an index from the
 * oldest end, so a run costs what it deletes and never locks the table (at 100 M rows and 90 days, a daily run
 * deletes about 1.1 M rows in ~110 batches). Blocking; run it on its own worker.
 */
public final class RetentionJob {
    static final int BATCH = 10_000;
    /** One run deletes at most this many batches, then yields to the next run. */
    static final int MAX_BATCHES_PER_RUN = 1_000;
    public static final Duration INTERVAL = Duration.ofHours(1);

    private final MplStore mpls;
    private final Duration retention;
    private final Clock clock;

    public RetentionJob(MplStore mpls, Duration retention, Clock clock) {
        this.mpls = mpls;
        this.retention = retention;
        this.clock = clock;
    }

    /** @return how many rows were deleted */
    public long runOnce() {
        Instant cutoff = clock.instant().minus(retention);
        long deleted = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int n = mpls.deleteEndedBefore(cutoff, BATCH);
            deleted += n;
            if (n < BATCH) {
                break;
            }
        }
        return deleted;
    }
}
