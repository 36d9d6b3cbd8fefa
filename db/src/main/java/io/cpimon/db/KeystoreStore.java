package io.cpimon.db;

import java.util.List;

/** Keystore entries per tenant (cert_expiry). Blocking JDBC: call from a virtual thread. */
public interface KeystoreStore {

    /**
     * Replaces one tenant's keystore entries with a complete snapshot in one transaction (insert new,
     * update changed, refresh {@code seenAt}, delete the missing). Every row must belong to {@code tenantId}.
     */
    ArtifactStore.SnapshotResult replace(String tenantId, List<KeystoreRow> snapshot);

    /** One tenant's entries, ordered by alias. */
    List<KeystoreRow> of(String tenantId);

    /** Every tenant's entries, ordered by tenantId then alias. */
    List<KeystoreRow> all();
}
