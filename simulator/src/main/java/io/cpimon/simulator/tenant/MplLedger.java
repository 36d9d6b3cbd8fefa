package io.cpimon.simulator.tenant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Every MPL of one tenant with all its versions. A version becomes visible at its
 * {@code visibleAt}; what the tenant serves at time T is, per guid, the visible version with the
 * latest {@code visibleAt} (ties: the one recorded last). Thread-safe (one lock); the view of
 * what is current is cached until the ledger changes or the clock passes the next pending version.
 */
final class MplLedger {

    record Version(Instant visibleAt, long seq, MplTruth mpl) {
    }

    private static final class Entry {
        final long seq;
        final List<Version> versions = new ArrayList<>(2);

        Entry(long seq) {
            this.seq = seq;
        }

        Version at(Instant now) {
            Version best = null;
            for (Version v : versions) {
                if (!v.visibleAt.isAfter(now) && (best == null || !v.visibleAt.isBefore(best.visibleAt))) {
                    best = v;
                }
            }
            return best;
        }
    }

    /** LogEnd ascending with nulls first, then MessageGuid: the order of {@code $orderby=LogEnd asc}. */
    static final Comparator<MplTruth> BY_LOG_END = Comparator.comparing(MplTruth::logEnd, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MplTruth::messageGuid);

    /**
     * A snapshot: the current version of every visible entry, in creation order. Immutable (the LogEnd index is
     * computed on first use, once; racing threads may both compute it and either result is the same).
     */
    static final class View {
        final long modCount;
        final Instant asOf;
        final List<MplTruth> current;
        final Map<String, MplTruth> byGuid;
        private volatile MplTruth[] byLogEnd;

        View(long modCount, Instant asOf, List<MplTruth> current, Map<String, MplTruth> byGuid) {
            this.modCount = modCount;
            this.asOf = asOf;
            this.current = current;
            this.byGuid = byGuid;
        }

        /** {@link #current} sorted by {@link #BY_LOG_END}; callers must not modify the array. */
        MplTruth[] byLogEnd() {
            MplTruth[] sorted = byLogEnd;
            if (sorted == null) {
                sorted = current.toArray(new MplTruth[0]);
                // creation order is close to LogEnd order: TimSort finds the runs
                Arrays.sort(sorted, BY_LOG_END);
                byLogEnd = sorted;
            }
            return sorted;
        }
    }

    private final Supplier<Instant> clock;
    private final Object lock = new Object();
    private final Map<String, Entry> entries = new HashMap<>();
    private final List<Entry> order = new ArrayList<>();
    private final List<String> orderGuids = new ArrayList<>();
    /** visibleAt instants of all versions → how many versions become visible then. */
    private final TreeMap<Instant, Integer> visibilityTimes = new TreeMap<>();
    private long modCount;
    private long seq;
    private View view;

    MplLedger(Supplier<Instant> clock) {
        this.clock = clock;
    }

    void put(MplTruth mpl, Instant visibleAt) {
        synchronized (lock) {
            Entry e = entries.get(mpl.messageGuid());
            if (e == null) {
                e = new Entry(seq++);
                entries.put(mpl.messageGuid(), e);
                order.add(e);
                orderGuids.add(mpl.messageGuid());
            }
            e.versions.add(new Version(visibleAt, seq++, mpl));
            visibilityTimes.merge(visibleAt, 1, Integer::sum);
            modCount++;
        }
    }

    /** The current view at the clock's now. */
    View view() {
        Instant now = clock.get();
        synchronized (lock) {
            View v = view;
            if (v != null && v.modCount == modCount && !now.isBefore(v.asOf)) {
                Instant next = visibilityTimes.higherKey(v.asOf);
                if (next == null || next.isAfter(now)) {
                    return v;
                }
            }
            List<MplTruth> current = new ArrayList<>(order.size());
            Map<String, MplTruth> byGuid = new HashMap<>(order.size() * 2);
            for (int i = 0; i < order.size(); i++) {
                Version ver = order.get(i).at(now);
                if (ver != null) {
                    current.add(ver.mpl);
                    byGuid.put(orderGuids.get(i), ver.mpl);
                }
            }
            view = new View(modCount, now, List.copyOf(current), byGuid);
            return view;
        }
    }

    /** Every visible version of one guid, oldest first; empty when unknown or not yet visible. */
    List<MplTruth> history(String guid) {
        Instant now = clock.get();
        synchronized (lock) {
            Entry e = entries.get(guid);
            if (e == null) {
                return List.of();
            }
            return e.versions.stream()
                    .filter(v -> !v.visibleAt.isAfter(now))
                    .sorted(Comparator.comparing(Version::visibleAt).thenComparingLong(Version::seq))
                    .map(Version::mpl)
                    .toList();
        }
    }

    /** Every version of every entry including those not yet visible, with their visibility time. */
    List<Version> allVersions() {
        synchronized (lock) {
            List<Version> all = new ArrayList<>();
            for (Entry e : order) {
                all.addAll(e.versions);
            }
            return all;
        }
    }

    int size() {
        synchronized (lock) {
            return entries.size();
        }
    }
}
