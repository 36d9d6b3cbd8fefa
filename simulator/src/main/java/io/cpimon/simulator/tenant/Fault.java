package io.cpimon.simulator.tenant;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A fault a simulated tenant injects into the requests it matches. Immutable; build with the
 * factories and refine with {@link #on}, {@link #onPath}, {@link #after}, {@link #times}.
 * Faults are checked in the order they were injected; a {@link Kind#SLOW} fault delays the request
 * and lets the next matching fault (or the normal answer) follow, every other kind decides the answer.
 *
 * @param kind       what happens
 * @param status     HTTP status for {@link Kind#STATUS}
 * @param delay      delay for {@link Kind#SLOW}
 * @param retryAfter Retry-After for a 429/503 status; null: no header
 * @param scopes     which endpoints it affects
 * @param pathPrefix only requests whose path starts with this; null: all paths in scope
 * @param query      only requests whose percent-decoded query string contains this; null: any query
 * @param skip       let this many matching requests pass before the fault applies
 * @param times      apply this many times, then retire; -1: until cleared
 */
public record Fault(Kind kind, int status, Duration delay, Duration retryAfter, Set<Scope> scopes, String pathPrefix,
        int skip, int times, String query) {

    public enum Kind {
        /** answer with {@code status} and a body shaped like the real platform's. */
        STATUS,
        /** wait {@code delay} (real time), then go on. */
        SLOW,
        /** never answer. */
        HANG,
        /** a 200 whose JSON body is broken. */
        MALFORMED_JSON,
        /** announce the full Content-Length, send half the body, close the connection. */
        TRUNCATED_BODY,
        /** a 200 MPL page whose fields have the wrong JSON types. */
        WRONG_TYPES,
        /** a 200 with an empty body. */
        EMPTY_200
    }

    /** The endpoints of a tenant. */
    public enum Scope { API, TOKEN, RUNTIME }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        scopes = scopes == null || scopes.isEmpty() ? EnumSet.of(Scope.API) : EnumSet.copyOf(scopes);
        scopes = Set.copyOf(scopes);
        delay = delay == null ? Duration.ZERO : delay;
        if (times == 0 || times < -1 || skip < 0) {
            throw new IllegalArgumentException("times must be -1 or > 0, skip >= 0");
        }
    }

    /** A fault for any query string. */
    public Fault(Kind kind, int status, Duration delay, Duration retryAfter, Set<Scope> scopes, String pathPrefix,
                 int skip, int times) {
        this(kind, status, delay, retryAfter, scopes, pathPrefix, skip, times, null);
    }

    private static Fault of(Kind kind, int status) {
        return new Fault(kind, status, Duration.ZERO, null, EnumSet.of(Scope.API), null, 0, -1);
    }

    /** The API answers {@code status} (401, 403, 500, 502, 504, …) with a realistic body. */
    public static Fault status(int status) {
        return of(Kind.STATUS, status);
    }

    /** 503 maintenance with {@code Retry-After} on all endpoints. */
    public static Fault maintenance(Duration retryAfter) {
        return new Fault(Kind.STATUS, 503, Duration.ZERO, retryAfter, EnumSet.allOf(Scope.class), null, 0, -1);
    }

    /** 429 on the API without Retry-After. */
    public static Fault tooManyRequests() {
        return of(Kind.STATUS, 429);
    }

    /** 429 on the API with {@code Retry-After: <seconds>}. */
    public static Fault tooManyRequests(Duration retryAfter) {
        return new Fault(Kind.STATUS, 429, Duration.ZERO, retryAfter, EnumSet.of(Scope.API), null, 0, -1);
    }

    /** API requests wait {@code delay} (real time) before being answered normally. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, delay, null, EnumSet.of(Scope.API), null, 0, -1);
    }

    /** API requests are never answered. */
    public static Fault hang() {
        return of(Kind.HANG, 0);
    }

    public static Fault malformedJson() {
        return of(Kind.MALFORMED_JSON, 200);
    }

    public static Fault truncatedBody() {
        return of(Kind.TRUNCATED_BODY, 200);
    }

    /** The next MPL collection page has wrong field types (only applies to /MessageProcessingLogs collections). */
    public static Fault wrongTypes() {
        return new Fault(Kind.WRONG_TYPES, 200, Duration.ZERO, null, EnumSet.of(Scope.API), "/api/v1/MessageProcessingLogs", 0, -1);
    }

    public static Fault empty200() {
        return of(Kind.EMPTY_200, 200);
    }

    /** The runtime endpoint ({@code /http/...}) answers {@code status} while the API keeps working. */
    public static Fault runtimeFailure(int status) {
        return new Fault(Kind.STATUS, status, Duration.ZERO, null, EnumSet.of(Scope.RUNTIME), null, 0, -1);
    }

    public Fault on(Scope... newScopes) {
        return new Fault(kind, status, delay, retryAfter, Set.of(newScopes), pathPrefix, skip, times, query);
    }

    public Fault onPath(String prefix) {
        return new Fault(kind, status, delay, retryAfter, scopes, prefix, skip, times, query);
    }

    /** Only requests whose percent-decoded query contains {@code fragment}, e.g. {@code "LogEnd eq null"}. */
    public Fault onQuery(String fragment) {
        return new Fault(kind, status, delay, retryAfter, scopes, pathPrefix, skip, times, fragment);
    }

    public Fault after(int requests) {
        return new Fault(kind, status, delay, retryAfter, scopes, pathPrefix, requests, times, query);
    }

    public Fault times(int n) {
        return new Fault(kind, status, delay, retryAfter, scopes, pathPrefix, skip, n, query);
    }
}
