package io.cpimon.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where a read path's time goes, by store call: {@link #wrap} puts a timing proxy in front of a store interface, and
 * every call's wall time (its statement, waiting for a pooled connection included) is kept per
 * {@code Store.method} until {@link #reset}. Thread-safe.
 */
final class StoreTimes {
    private final Map<String, ConcurrentLinkedQueue<Long>> nanos = new ConcurrentHashMap<>();

    /** {@code target} behind a proxy of {@code type} that times each call. */
    <T> T wrap(Class<T> type, T target) {
        InvocationHandler timed = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            long t0 = System.nanoTime();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                nanos.computeIfAbsent(type.getSimpleName() + "." + method.getName(),
                        k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - t0);
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, timed));
    }

    void reset() {
        nanos.clear();
    }

    /** One line per store call since the last reset: calls, p50, p95 and max in milliseconds, slowest p95 first. */
    void print(String title) {
        System.out.println(title);
        Map<Double, String> lines = new TreeMap<>((a, b) -> Double.compare(b, a));
        nanos.forEach((call, times) -> {
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            double p50 = sorted.get(sorted.size() / 2) / 1e6;
            double p95 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.95) - 1)) / 1e6;
            double max = sorted.getLast() / 1e6;
            lines.put(p95 + lines.size() * 1e-9, String.format("  %-40s n=%-4d p50=%6.1f ms p95=%6.1f ms max=%6.1f ms",
                    call, sorted.size(), p50, p95, max));
        });
        lines.values().forEach(System.out::println);
    }
}
