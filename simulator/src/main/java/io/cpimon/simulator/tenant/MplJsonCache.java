package io.cpimon.simulator.tenant;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serialized JSON of the MPL entries one tenant served ({@link ODataWriter#mplJson}), per {@link MplTruth}
 * instance and {@link ODataWriter.MplOptions} ({@code $select}, {@code $expand}, the wrong-types fault): an
 * MplTruth is immutable and a new version is a new instance, so an entry never goes stale; keys compare the
 * MplTruth by identity. An entry is kept only when it is serialized a second time (a doorkeeper remembering the
 * last {@value #SEEN} instances serialized): a client draining the ledger page by page never asks for
 * an entry twice, and caching such a scan would only turn every page into long-lived garbage, while entries
 * served again (overlapping poll windows, a page retried after a fault) are worth keeping. Bounded by bytes,
 * least recently used out first; everything is dropped when the tenant's URLs change (a tenant back up on
 * another ephemeral port). Thread-safe.
 */
final class MplJsonCache {
    /** What a cached entry costs beside its bytes (map node, key, array header), roughly. */
    private static final int OVERHEAD = 96;

    private record Key(MplTruth mpl, ODataWriter.MplOptions options) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.mpl == mpl && k.options.equals(options);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(mpl) * 31 + options.hashCode();
        }
    }

    /** How many serialized instances the doorkeeper remembers. */
    static final int SEEN = 1 << 14;

    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
    /** The MplTruth instances serialized lately, oldest first: serialized again while remembered, one is cached. */
    private final LinkedHashMap<Identity, Boolean> seen = new LinkedHashMap<>(1024, 0.75f) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, Boolean> eldest) {
            return size() > SEEN;
        }
    };

    private record Identity(MplTruth mpl) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.mpl == mpl;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(mpl);
        }
    }
    private ODataWriter.Context context;
    private long maxBytes;
    private long bytes;
    private long hits;
    private long misses;

    /** A cache of at most {@code maxBytes} (0 keeps nothing). */
    MplJsonCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The default budget per tenant: 32 MiB, at most 1/64 of the heap. */
    static long defaultMaxBytes() {
        return Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 64);
    }

    /** The JSON of every entry of {@code page}, in order: cached ones as they are, the others serialized and kept. */
    List<byte[]> json(ODataWriter.Context ctx, List<MplTruth> page, ODataWriter.MplOptions options) {
        byte[][] out = new byte[page.size()][];
        synchronized (this) {
            if (!ctx.equals(context)) {
                clear();
                context = ctx;
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = entries.get(new Key(page.get(i), options));
            }
        }
        int missed = 0;
        boolean[] fresh = new boolean[out.length];
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = ODataWriter.mplJson(ctx, page.get(i), options);
                fresh[i] = true;
                missed++;
            }
        }
        synchronized (this) {
            hits += out.length - missed;
            misses += missed;
            if (missed > 0 && maxBytes > 0 && ctx.equals(context)) {
                for (int i = 0; i < out.length; i++) {
                    if (fresh[i] && admit(page.get(i)) && out[i].length + OVERHEAD <= maxBytes
                            && entries.putIfAbsent(new Key(page.get(i), options), out[i]) == null) {
                        bytes += out[i].length + OVERHEAD;
                    }
                }
                evict();
            }
        }
        return Arrays.asList(out);
    }

    /**
     * Serializes every entry of {@code all} not cached yet and keeps it, bypassing the doorkeeper, while the budget
     * allows; returns how many entries are cached for {@code options} afterwards. A drain that follows is served
     * without serializing: a benchmark measures its client, not this simulator's JSON writer.
     */
    int prerender(ODataWriter.Context ctx, List<MplTruth> all, ODataWriter.MplOptions options) {
        int cached = 0;
        for (MplTruth m : all) {
            Key key = new Key(m, options);
            synchronized (this) {
                if (!ctx.equals(context)) {
                    clear();
                    context = ctx;
                }
                if (entries.get(key) != null) {
                    cached++;
                    continue;
                }
            }
            byte[] json = ODataWriter.mplJson(ctx, m, options);
            synchronized (this) {
                if (!ctx.equals(context) || bytes + json.length + OVERHEAD > maxBytes) {
                    return cached;
                }
                if (entries.putIfAbsent(key, json) == null) {
                    bytes += json.length + OVERHEAD;
                }
                cached++;
            }
        }
        return cached;
    }

    /** Whether {@code m} was serialized before (and is still remembered); remembers it either way. */
    private boolean admit(MplTruth m) {
        Identity id = new Identity(m);
        if (seen.remove(id) != null) {
            return true;
        }
        seen.put(id, Boolean.TRUE);
        return false;
    }

    private void evict() {
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Key, byte[]> e = it.next();
            bytes -= e.getValue().length + OVERHEAD;
            it.remove();
        }
    }

    synchronized void maxBytes(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("cache size must be >= 0: " + max);
        }
        maxBytes = max;
        evict();
    }

    synchronized long maxBytes() {
        return maxBytes;
    }

    synchronized void clear() {
        entries.clear();
        bytes = 0;
        seen.clear();
    }

    /** Bytes held (entries plus their estimated overhead). */
    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }

    /** Entries served from the cache so far. */
    synchronized long hits() {
        return hits;
    }

    /** Entries serialized because they were not cached. */
    synchronized long misses() {
        return misses;
    }
}
