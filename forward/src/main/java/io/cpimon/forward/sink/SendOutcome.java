package io.cpimon.forward.sink;

import java.time.Duration;

/** What a backend answered to one batch. Immutable. */
public sealed interface SendOutcome {
    /** Every row of the batch was stored. */
    record Accepted() implements SendOutcome {}

    /** The batch was refused for its content or size (400, 413): a smaller batch may pass. */
    record Refused(String answer) implements SendOutcome {}

    /** Try the same batch again later (429, 5xx, I/O), after {@code retryAfter} when not null. */
    record Retry(String reason, Duration retryAfter) implements SendOutcome {}

    /** Retrying cannot help (401, 403, 404, rejected credentials): the forwarder stops. */
    record Fatal(String reason) implements SendOutcome {}
}
