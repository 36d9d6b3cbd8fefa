package io.cpimon.ingest;

import io.cpimon.core.RetryHint;
import java.time.Duration;
import java.util.Locale;

/**
 * A failed call to a CPI tenant, classified so that the caller picks the right reaction:
 * {@link Kind#AUTH} stops and marks the tenant, {@link Kind#THROTTLED} and {@link Kind#UNAVAILABLE}
 * wait (honouring {@link #retryAfter()}), {@link Kind#MALFORMED} rejects the page, the rest back off.
 */
public final class CpiException extends RuntimeException implements RetryHint {

    public enum Kind { AUTH, FORBIDDEN, THROTTLED, UNAVAILABLE, SERVER_ERROR, CLIENT_ERROR, NETWORK, TIMEOUT, MALFORMED }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public CpiException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public CpiException(Kind kind, int status, String message) {
        this(kind, status, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The peer's Retry-After, null when it gave none. */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * The stable code stored first in the tenant's ingest status ({@code last_error = "<code>: <message>"}):
     * {@code auth_failed}, {@code forbidden}, {@code throttled}, {@code unavailable}, {@code server_error},
     * {@code client_error}, {@code network}, {@code timeout}, {@code malformed}.
     */
    public String code() {
        return kind == Kind.AUTH ? "auth_failed" : kind.name().toLowerCase(Locale.ROOT);
    }

    /** Rejected credentials or permissions: retrying soon would only risk locking the account. */
    @Override
    public boolean pauseLong() {
        return kind == Kind.AUTH || kind == Kind.FORBIDDEN;
    }
}
