package io.cpimon.db;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public interface ProbeStore {
    void record(ProbeResult result);

    /** The newest {@code n} results of a tenant, newest first. */
    List<ProbeResult> lastN(String tenantId, int n);

    /**
     * The newest {@code n} results of every tenant that has one, newest first, in one read (the probe rules judge
     * every tenant at once, and a query per tenant grows with the fleet).
     */
    Map<String, List<ProbeResult>> lastNPerTenant(int n);

    /** The newest result of every tenant that has one. */
    Map<String, ProbeResult> latestPerTenant();

    /** Deletes results older than {@code before}; returns how many. */
    int deleteOlderThan(Instant before);
}
