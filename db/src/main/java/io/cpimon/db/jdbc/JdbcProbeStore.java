package io.cpimon.db.jdbc;

import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Probe results through a Micronaut Data repository. Thread-safe; blocking. */
public final class JdbcProbeStore implements ProbeStore {
    private final ProbeResultRepository repository;

    public JdbcProbeStore(ProbeResultRepository repository) {
        this.repository = repository;
    }

    @Override
    public void record(ProbeResult r) {
        Objects.requireNonNull(r.tenantId(), "tenantId");
        Objects.requireNonNull(r.at(), "at");
        MicronautData.run(() -> repository.save(
                new ProbeResultEntity(null, r.tenantId(), r.at(), r.up(), r.statusCode(), r.latencyMillis(), r.error())));
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
