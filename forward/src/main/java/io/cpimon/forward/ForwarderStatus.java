package io.cpimon.forward;

import io.cpimon.db.ForwardPosition;
import java.time.Instant;

/**
 * What operators see of one forwarder (API, metrics). Immutable snapshot.
 *
 * @param positionAt nullable: when the last forwarded change was stored
 * @param lagRows changes not yet forwarded (capped at {@link Forwarder#LAG_CAP})
 * @param lagSeconds how long the oldest change not yet forwarded has waited; 0 when none
 * @param lastSuccess nullable
 * @param lastError nullable: the last failure, cleared by a success
 * @param stopped nullable: why the forwarder stopped for good (401/403/404, refused credentials)
 * @param lagging whether {@code lagSeconds} exceeds the configured {@code maxLag}
 * @param gapRows replaced states this forwarder skipped: retention pruned them from the change log before it read them
 * @param lastGapAt nullable: when the last gap was counted
 */
public record ForwarderStatus(String name, String type, ForwardPosition position, Instant positionAt, long lagRows,
        long lagSeconds, Instant lastSuccess, String lastError, String stopped, boolean lagging, long rowsSent,
        long rowsRetried, long rowsDead, long deadLetters, long gapRows, Instant lastGapAt) {}
