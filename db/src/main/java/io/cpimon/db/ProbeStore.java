package io.cpimon.db;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public interface ProbeStore {
    void record(ProbeResult result);

    /** The newest {@code n} results of a tenant, newest first. */
    List<ProbeResult> lastN(String tenantId, int n);

    /** The newest result of every tenant that has one. */
    Map<String, ProbeResult> latestPerTenant();

    /** Deletes results older than {@code before}; returns how many. */
    int deleteOlderThan(Instant before);
}
