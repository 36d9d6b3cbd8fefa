package io.cpimon.db;

import java.time.Instant;

/**
 * One stored MPL in the state it had when a forwarder read it, with its position and what the tenant table adds.
 * Immutable.
 *
 * @param tenantRole nullable: {@code primary} or {@code dr}
 * @param pairId nullable: the tenant's pair
 * @param landscape nullable: the tenant's {@code landscape} label
 * @param storedAt when the change was stored (the row's {@code updated_at})
 */
public record ForwardChange(ForwardPosition position, MplRecord mpl, String tenantRole, String pairId,
        String landscape, Instant storedAt) {}
