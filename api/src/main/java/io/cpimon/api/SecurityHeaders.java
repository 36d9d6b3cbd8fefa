package io.cpimon.api;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The security headers of every response, API, dashboard and errors alike: a Content-Security-Policy that allows
 * the page's own files only (no inline script or style, no framing), {@code X-Content-Type-Options: nosniff},
 * {@code Referrer-Policy: same-origin} and {@code X-Frame-Options: DENY} for browsers without
 * {@code frame-ancestors}. Stateless.
 */
public final class SecurityHeaders {
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'";
    /** Every header by name. */
    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin",
            "X-Frame-Options", "DENY");

    private SecurityHeaders() {}

    /** The first handler of the router: sets the headers, then passes the request on. */
    static void handle(RoutingContext ctx) {
        set(ctx.response().headers());
        ctx.next();
    }

    static void set(MultiMap headers) {
        ALL.forEach(headers::set);
    }
}
