package io.cpimon.ingest;

import io.cpimon.db.MplRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The watermark arithmetic of the MPL poller, pure so that it can be tested row by row.
 *
 * <p>The watermark is the highest {@code LogEnd} ("last updated") committed. A poll asks for
 * {@code LogEnd ge (watermark − overlap)}: equal-millisecond ties at the watermark are re-read ({@code ge}),
 * entries that become visible late with an older LogEnd are caught while they are younger than the overlap,
 * and a status that moves on bumps LogEnd past the watermark. Entries with a null LogEnd are never in such a
 * window; the poller finds them with a separate {@code LogEnd eq null} query.
 */
public final class Watermark {
    private Watermark() {}

    /** Where a poll starts: {@code watermark − overlap}, or {@code now − initialLookback} before the first success. */
    public static Instant windowStart(Instant watermark, Duration overlap, Instant now, Duration initialLookback) {
        return watermark != null ? watermark.minus(overlap) : now.minus(initialLookback);
    }

    /** The watermark after committing {@code rows}: the highest non-null LogEnd, never lower than {@code current}. */
    public static Instant advance(Instant current, List<MplRecord> rows) {
        Instant w = current;
        for (MplRecord r : rows) {
            if (r.logEnd() != null && (w == null || r.logEnd().isAfter(w))) {
                w = r.logEnd();
            }
        }
        return w;
    }

    /**
     * Where the next page's query starts (keyset paging on LogEnd). CPI's {@code __next}/{@code $skiptoken}
     * pages by offset over a result that moves while it is read (an entry whose status moves on jumps to the
     * end, shifting the others forward), so an offset can skip an entry for good; a fresh query from the
     * highest LogEnd read so far cannot. Only when a full page holds nothing newer than the current bound
     * (more equal-millisecond entries than a page) does the poller page on by offset within that millisecond.
     *
     * @return the next lower bound, or null when the page holds no LogEnd after {@code bound} (page by offset)
     */
    public static Instant nextBound(Instant bound, List<MplRecord> page) {
        Instant max = advance(null, page);
        return max != null && (bound == null || max.isAfter(bound)) ? max : null;
    }
}
