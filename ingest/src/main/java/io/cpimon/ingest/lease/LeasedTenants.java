package io.cpimon.ingest.lease;

import io.cpimon.db.LeaseToken;
import java.time.Duration;
import java.util.List;

/**
 * The work a tenant's lease stands for (the ingest component's per-tenant loops), as the {@link LeaseCoordinator}
 * drives it. Thread-safe.
 */
public interface LeasedTenants {
    /** The configured tenants' ids: the leases an instance may take. */
    List<String> configuredTenants();

    /** Starts {@code tenantId}'s loops under {@code lease} (or re-fences running ones). @return whether they run */
    boolean hold(String tenantId, LeaseToken lease);

    /** Stops {@code tenantId}'s loops, letting a running poll finish within {@code grace}. Blocking. */
    void drop(String tenantId, Duration grace);
}
