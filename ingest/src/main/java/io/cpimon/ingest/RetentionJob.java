package io.cpimon.ingest;

import io.cpimon.db.ForwardStore;
import io.cpimon.db.ForwardStore.ChangeLogPrune;
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
 * With a {@link ForwardStore} it also prunes the forwarders' change log: replaced MPL states every configured
 * forwarder has passed, and those stored before now − retention; a forwarder that had not read a state pruned by age
 * gets it counted as a gap on its cursor, logged here at WARN and shown by the forwarders' API.
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
    private final ForwardStore forwarding;
    private final Duration retention;
    private final Clock clock;

    /** Without the forwarders' change log. */
    public RetentionJob(MplStore mpls, Duration retention, Clock clock) {
        this(mpls, null, retention, clock);
    }

    /** @param forwarding nullable: the store whose change log is pruned too */
    public RetentionJob(MplStore mpls, ForwardStore forwarding, Duration retention, Clock clock) {
        this.mpls = mpls;
        this.forwarding = forwarding;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * What one run did.
     *
     * @param deletedFromDefault rows deleted from the default partition
     * @param changeLog nullable: what was pruned from the forwarders' change log; null without a forward store
     */
    public record Outcome(PartitionReport partitions, long deletedFromDefault, ChangeLogPrune changeLog) {
        public Outcome(PartitionReport partitions, long deletedFromDefault) {
            this(partitions, deletedFromDefault, null);
        }
    }

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
        ChangeLogPrune changeLog = forwarding == null ? null : pruneChangeLog(cutoff);
        return new Outcome(report, deleted, changeLog);
    }

    private ChangeLogPrune pruneChangeLog(Instant cutoff) {
        ChangeLogPrune p = forwarding.pruneChanges(cutoff);
        p.gaps().forEach((sink, rows) -> LOG.warn("forwarder {}: {} replaced MPL state(s) stored before {} pruned from"
                + " the change log before it read them (retention.mpl {}): it skips them, counted as a gap", sink,
                rows, cutoff, retention));
        if (p.passed() > 0 || p.expired() > 0) {
            LOG.info("forward change log: pruned {} state(s) every forwarder had passed, {} by age", p.passed(),
                    p.expired());
        }
        return p;
    }

    private static String span(PartitionReport r) {
        return r.created().isEmpty() ? "[]" : "[" + r.created().getFirst() + " … " + r.created().getLast() + "]";
    }
}
