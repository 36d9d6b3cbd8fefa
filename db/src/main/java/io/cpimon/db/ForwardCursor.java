package io.cpimon.db;

import java.time.Instant;

/**
 * A forwarder's durable cursor: the position of the last change its peer acknowledged (or gave up on), and what
 * operators see. Immutable.
 *
 * @param positionAt nullable: when the change at the position was stored
 * @param positionKey nullable: {@code tenant/messageGuid} of the change at the position
 * @param lastSuccess nullable: the last acknowledged send
 * @param lastError nullable: the last failure, cleared by a success
 * @param lastErrorAt nullable
 * @param stopped nullable: why the forwarder stopped for good (401/403/404, refused credentials); null while it runs
 * @param stoppedAt nullable
 * @param gapRows states this forwarder never got: pruned from the change log by age before it read them
 * @param gapAt nullable: when the last gap was counted
 */
public record ForwardCursor(String sink, ForwardPosition position, Instant positionAt, String positionKey,
        Instant lastSuccess, String lastError, Instant lastErrorAt, String stopped, Instant stoppedAt, long gapRows,
        Instant gapAt) {

    /** The cursor of a forwarder that never sent anything: before every change. */
    public static ForwardCursor initial(String sink) {
        return new ForwardCursor(sink, ForwardPosition.START, null, null, null, null, null, null, null, 0, null);
    }
}
