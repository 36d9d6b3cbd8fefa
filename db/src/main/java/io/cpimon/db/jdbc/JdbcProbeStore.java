package io.cpimon.db.jdbc;

import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Probe results: read through a Micronaut Data repository, written by a {@link ProbeResultWriter} (many tenants'
 * results in one statement; {@link #record} still returns only once its result is stored). Thread-safe; blocking.
 * {@link #close()} stores the results still waiting; the {@link io.cpimon.db.Database} calls it before closing the pool.
 */
public final class JdbcProbeStore implements ProbeStore, AutoCloseable {
    private final ProbeResultRepository repository;
    private final ProbeResultWriter writer;

    public JdbcProbeStore(ProbeResultRepository repository, JdbcTransactions tx) {
        this.repository = repository;
        this.writer = new ProbeResultWriter(tx);
    }

    /** Stores {@code r} with other tenants' results of the same moment; returns once it is committed. */
    @Override
    public void record(ProbeResult r) {
        Objects.requireNonNull(r.tenantId(), "tenantId");
        Objects.requireNonNull(r.at(), "at");
        writer.write(r);
    }

    /** Stores the results still waiting; later {@link #record} calls fail. Blocking. */
    @Override
    public void close() {
        writer.close();
    }

    @Override
    public List<ProbeResult> lastN(String tenantId, int n) {
        if (n <= 0) {
            return List.of();
        }
        return MicronautData.call(() -> repository.lastN(tenantId, n).stream().map(JdbcProbeStore::toResult).toList());
    }

    @Override
    public Map<String, List<ProbeResult>> lastNPerTenant(int n) {
        if (n <= 0) {
            return Map.of();
        }
        return MicronautData.call(() -> {
            Map<String, List<ProbeResult>> out = new LinkedHashMap<>();
            for (ProbeResultEntity e : repository.lastNPerTenant(n)) {
                out.computeIfAbsent(e.tenantId(), t -> new ArrayList<>()).add(toResult(e));
            }
            return out;
        });
    }

    @Override
    public Map<String, ProbeResult> latestPerTenant() {
        return MicronautData.call(() -> {
            Map<String, ProbeResult> out = new LinkedHashMap<>();
            for (ProbeResultEntity e : repository.latestPerTenant()) {
                out.put(e.tenantId(), toResult(e));
            }
            return out;
        });
    }

    @Override
    public int deleteOlderThan(Instant before) {
        Objects.requireNonNull(before, "before");
        return MicronautData.call(() -> repository.deleteOlderThan(before));
    }

    private static ProbeResult toResult(ProbeResultEntity e) {
        return new ProbeResult(e.tenantId(), e.at(), e.up(), e.statusCode(), e.latencyMillis(), e.error());
    }
}
