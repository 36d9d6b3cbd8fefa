package io.cpimon.core;

import java.time.Duration;

/** Implemented by exceptions that know how long to wait before the next attempt. */
public interface RetryHint {
    /** The peer's Retry-After, null when it gave none. */
    Duration retryAfter();

    /** True when retrying soon cannot help and may harm (rejected credentials: account lock-out). */
    boolean pauseLong();
}
