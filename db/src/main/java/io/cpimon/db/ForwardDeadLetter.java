package io.cpimon.db;

import java.time.Instant;

/**
 * A change a forwarder gave up on, with the peer's answer. Immutable.
 *
 * @param id 0 before it is stored
 * @param rowText nullable: the row as it was sent (possibly cut short)
 */
public record ForwardDeadLetter(long id, String sink, String tenantId, String messageGuid, String status,
        ForwardPosition position, String rowText, String answer, Instant deadAt) {}
