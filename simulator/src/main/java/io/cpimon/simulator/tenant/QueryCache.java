package io.cpimon.simulator.tenant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The (lazily) evaluated result of the last few MPL queries of one tenant, valid as long as the tenant's
 * view is the same object: a client following {@code __next} links pages over one evaluation while nothing
 * changed, and over a fresh one (like real CPI) once something did. Thread-safe.
 */
final class QueryCache {
    private record Cached(MplLedger.View view, MplQuery.Result result) {
    }

    private final Map<String, Cached> cache = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > 16;
        }
    };

    MplQuery.Result get(String key, MplLedger.View view, Supplier<MplQuery.Result> compute) {
        synchronized (cache) {
            Cached c = cache.get(key);
            if (c != null && c.view == view) {
                return c.result;
            }
        }
        MplQuery.Result result = compute.get();
        synchronized (cache) {
            cache.put(key, new Cached(view, result));
        }
        return result;
    }
}
