package io.cpimon.db;

import java.time.Instant;

/**
 * One data store of a tenant as {@code DataStores} answered (docs/cpi-api.md §11): its entries and how many of them
 * are overdue. Key: tenantId, name, iflow (empty for a global store), type (often empty). visibility may be null.
 */
public record DataStoreRow(String tenantId, String name, String iflow, String type, String visibility, long messages,
                           long overdue, Instant readAt) {}
