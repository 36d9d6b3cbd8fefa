package io.cpimon.db;

import java.util.List;

/** Deployed integration artifacts per tenant (dr_drift, iflow_error). Blocking JDBC: call from a virtual thread. */
public interface ArtifactStore {

    /**
     * Replaces one tenant's deployed artifacts with a complete snapshot in one transaction: new ones are
     * inserted, changed ones updated (and {@code seenAt} refreshed for all), those missing from the snapshot
     * deleted (undeployed). Every row must belong to {@code tenantId}.
     */
    SnapshotResult replace(String tenantId, List<ArtifactRow> snapshot);

    /** One tenant's artifacts, ordered by artifactId. */
    List<ArtifactRow> of(String tenantId);

    /** Every tenant's artifacts, ordered by tenantId then artifactId. */
    List<ArtifactRow> all();

    /** What a {@code replace} changed: rows inserted, rows whose content changed, rows deleted. */
    record SnapshotResult(int inserted, int changed, int deleted) {}
}
