package io.cpimon.ingest;

import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.PartitionReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@code retention.mpl} on the daily partitions of {@code mpl}. Each run (the first one at start-up, then
 * every {@link #INTERVAL}): drops the partitions of days that ended before now − retention (their rows that have not
 * expired yet, e.g. a message started long ago that ended recently, move to the default partition), ensures a
 * partition for every day of [now − retention, today + {@value #DAYS_AHEAD} days], and deletes expired rows of the
 * default partition in batches of {@value #BATCH}, each its own short transaction. A run costs O(partitions) plus the
 * rows of the default partition that expire, not O(rows expiring): at 100 M rows and 90 days, a daily drop of ~1.1 M
 * rows is one DROP TABLE. Rows expire at day granularity: kept at least the retention, at most one day longer.
 * Idempotent and safe in several processes at once (the store serialises partition changes). Blocking; run it on
 * its own worker.
 */
public final class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    static final int BATCH = 10_000;
    /** One run deletes at most this many batches, then yields to the next run. */
    static final int MAX_BATCHES_PER_RUN = 1_000;
    /** Partitions are created ahead, so a day's rows never land in the default partition while cpimon runs. */
    static final int DAYS_AHEAD = 3;
    public static final Duration INTERVAL = Duration.ofHours(1);

    private final MplStore mpls;
    private final Duration retention;
    private final Clock clock;

    public RetentionJob(MplStore mpls, Duration retention, Clock clock) {
        this.mpls = mpls;
        this.retention = retention;
        this.clock = clock;
    }

    /** What one run did. @param deletedFromDefault rows deleted from the default partition */
    public record Outcome(PartitionReport partitions, long deletedFromDefault) {}

    /** @throws io.cpimon.db.DataAccessException when the database fails or a partition lock was not granted in time */
    public Outcome runOnce() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        PartitionReport report = mpls.maintainPartitions(cutoff, LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(DAYS_AHEAD));
        long deleted = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int n = mpls.deleteEndedBefore(cutoff, BATCH);
            deleted += n;
            if (n < BATCH) {
                break;
            }
        }
        if (!report.created().isEmpty() || !report.dropped().isEmpty() || deleted > 0) {
            LOG.info("retention.mpl {} (cutoff {}): dropped {} partition(s) {} (~{} rows; {} not yet expired rows kept),"
                            + " created {} partition(s) {} ({} rows moved in from the default partition),"
                            + " deleted {} rows from the default partition",
                    retention, cutoff, report.dropped().size(), report.dropped(), report.rowsDropped(), report.rowsKept(),
                    report.created().size(), span(report), report.rowsMoved(), deleted);
        }
        return new Outcome(report, deleted);
    }

    private static String span(PartitionReport r) {
        return r.created().isEmpty() ? "[]" : "[" + r.created().getFirst() + " … " + r.created().getLast() + "]";
    }
}
