package io.cpimon.db;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One failover action of a pair as stored: what triggered it, where it stands, what was (or in dry-run would have
 * been) sent and the outcome. Never holds a secret: the target is the URL without its query, the headers are names.
 * @param id 0 before it is stored
 * @param dueAt nullable: when the re-check, the approval deadline or the next attempt is due
 * @param decidedBy nullable (with {@code decidedAt} and {@code decisionNote}): who approved or rejected it
 * @param requestMethod nullable until the request was rendered (also {@code requestTarget}, {@code requestHeaders},
 *                      {@code requestBody})
 * @param outcomeStatus nullable: the peer's HTTP status of the last attempt
 * @param outcomeExcerpt nullable: the start of the peer's answer; @param outcomeMillis nullable: the last attempt's
 *                       duration; @param outcomeDetail nullable: why it failed, was cancelled or expired
 * @param finishedAt nullable while in flight
 * @param steps oldest first; empty when read in a list
 */
public record FailoverAction(long id, String pairId, Direction direction, Origin origin, String mode, State state,
                             String reason, String fromTenant, String toTenant, String requestedBy, Instant createdAt,
                             Instant updatedAt, Instant dueAt, boolean approval, String decidedBy, Instant decidedAt,
                             String decisionNote, int attempts, String requestMethod, String requestTarget,
                             String requestHeaders, String requestBody, Integer outcomeStatus, String outcomeExcerpt,
                             Long outcomeMillis, String outcomeDetail, Instant finishedAt, List<Step> steps) {

    /** Which way the pair moved. */
    public enum Direction {
        FAILOVER, FAILBACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Direction of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** An alert's guard ({@code alert}) or an operator's request ({@code request}). */
    public enum Origin {
        ALERT, REQUEST;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Origin of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** Where an action stands; the first four are in flight (at most one per pair). */
    public enum State {
        RECHECK, AWAITING_APPROVAL, READY, RUNNING, SUCCEEDED, DRY_RUN, FAILED, REJECTED, CANCELLED, EXPIRED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }

        public boolean inFlight() {
            return ordinal() <= RUNNING.ordinal();
        }
    }

    /** One step of its history: {@code triggered}, {@code rechecked}, {@code approved}, {@code attempt}, … */
    public record Step(Instant at, String step, String actor, String detail) {}

    /** The same action in another state, updated at {@code now}. */
    public FailoverAction to(State next, Instant now, Instant due) {
        return new FailoverAction(id, pairId, direction, origin, mode, next, reason, fromTenant, toTenant,
                requestedBy, createdAt, now, due, approval, decidedBy, decidedAt, decisionNote, attempts,
                requestMethod, requestTarget, requestHeaders, requestBody, outcomeStatus, outcomeExcerpt,
                outcomeMillis, outcomeDetail, next.inFlight() ? null : now, steps);
    }

    /** The same action with an operator's decision. */
    public FailoverAction decided(String by, Instant at, String note) {
        return new FailoverAction(id, pairId, direction, origin, mode, state, reason, fromTenant, toTenant,
                requestedBy, createdAt, updatedAt, dueAt, approval, by, at, note, attempts, requestMethod,
                requestTarget, requestHeaders, requestBody, outcomeStatus, outcomeExcerpt, outcomeMillis,
                outcomeDetail, finishedAt, steps);
    }

    /** The same action with the request it sends (or would send). */
    public FailoverAction request(String method, String target, String headers, String body) {
        return new FailoverAction(id, pairId, direction, origin, mode, state, reason, fromTenant, toTenant,
                requestedBy, createdAt, updatedAt, dueAt, approval, decidedBy, decidedAt, decisionNote, attempts,
                method, target, headers, body, outcomeStatus, outcomeExcerpt, outcomeMillis, outcomeDetail,
                finishedAt, steps);
    }

    /** The same action after one more attempt with its outcome. */
    public FailoverAction attempted(Integer status, String excerpt, Long millis, String detail) {
        return new FailoverAction(id, pairId, direction, origin, mode, state, reason, fromTenant, toTenant,
                requestedBy, createdAt, updatedAt, dueAt, approval, decidedBy, decidedAt, decisionNote, attempts + 1,
                requestMethod, requestTarget, requestHeaders, requestBody, status, excerpt, millis, detail,
                finishedAt, steps);
    }

    /** The same action with a detail (why it was cancelled, expired or failed). */
    public FailoverAction detail(String text) {
        return new FailoverAction(id, pairId, direction, origin, mode, state, reason, fromTenant, toTenant,
                requestedBy, createdAt, updatedAt, dueAt, approval, decidedBy, decidedAt, decisionNote, attempts,
                requestMethod, requestTarget, requestHeaders, requestBody, outcomeStatus, outcomeExcerpt,
                outcomeMillis, text, finishedAt, steps);
    }
}
