package io.cpimon.db;

import io.cpimon.db.ArtifactStore.SnapshotResult;
import io.cpimon.db.ContentRow.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenants' named content the DR readiness check compares ({@link ContentRow}: security artifacts, variables,
 * number ranges), one snapshot per tenant and kind, the readiness findings acknowledged per pair, and each tenant's
 * JMS broker and data stores with overdue entries as last read. Blocking
 * JDBC: call from a virtual thread.
 */
public interface ContentStore {

    /**
     * Replaces one tenant's items of one kind with a complete snapshot in one transaction (insert new, update
     * changed, refresh {@code seenAt}, delete the missing) and records that the kind was read at {@code takenAt}.
     * Every row must belong to {@code tenantId} and be of {@code kind}.
     */
    SnapshotResult replace(String tenantId, Kind kind, List<ContentRow> snapshot, Instant takenAt);

    /** Every stored item, ordered by tenant, kind, name and scope. */
    List<ContentRow> all();

    /** Per tenant, the kinds whose snapshot was read completely at least once. */
    Map<String, Set<Kind>> snapshots();

    /** Records (or replaces) the acknowledgement of one finding of one pair. */
    void ack(ReadinessAck ack);

    /** Removes an acknowledgement; false when there was none. */
    boolean unack(String pairId, String findingKey);

    /** The acknowledgements of every pair, ordered by pair and key. */
    List<ReadinessAck> acks();

    /** Stores a tenant's JMS broker as last read; null: the tenant has none (its row is removed). */
    void broker(String tenantId, JmsBrokerRow broker);

    /** Every stored JMS broker, ordered by tenant. */
    List<JmsBrokerRow> brokers();

    /**
     * Replaces a tenant's data stores with overdue entries by a complete snapshot in one transaction; an empty
     * list: nothing overdue. Every row must belong to {@code tenantId}.
     */
    void dataStores(String tenantId, List<DataStoreRow> snapshot);

    /** Every stored data store, ordered by tenant, name, iFlow and type. */
    List<DataStoreRow> dataStores();
}
