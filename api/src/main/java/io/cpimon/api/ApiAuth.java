package io.cpimon.api;

import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.TokenConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and roles of {@code /api/v1} and {@code /metrics}: a bearer token from {@code server.tokens}, or the
 * session cookie the dashboard gets by posting a token to {@code /api/v1/session}. Reading needs {@code viewer},
 * changing state {@code operator}; a route that needs more says so with {@link #requires}. A cookie-authenticated
 * request that changes state must carry the session's CSRF token in {@code X-CSRF-Token} (the cookie is also
 * {@code SameSite=Strict}). With no tokens configured the API is open, as in the demo, and says so at start.
 * Thread-safe: sessions live in a concurrent map; handlers run on the event loop and never block.
 */
public final class ApiAuth {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAuth.class);
    public static final String COOKIE = "cpimon_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final Duration SESSION_TTL = Duration.ofHours(12);
    static final String PRINCIPAL = "cpimon.principal";
    private static final int MAX_TOKEN = 4096;

    /** Who is calling. */
    public record Principal(String name, Role role) {
        boolean may(Role needed) {
            return role.ordinal() >= needed.ordinal();
        }
    }

    private record Session(Principal principal, String csrf, Instant expires) {}

    /** A configured token by the SHA-256 of its value: compared by hash, every one of them, in constant time. */
    private record Known(Principal principal, byte[] sha256) {}

    private final List<Known> known;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final LoginRateLimit logins;

    /** With the default login rate limit ({@value LoginRateLimit#DEFAULT_LIMIT} per minute and address). */
    public ApiAuth(List<TokenConfig> tokens, Clock clock) {
        this(tokens, clock, new LoginRateLimit(LoginRateLimit.DEFAULT_LIMIT, LoginRateLimit.DEFAULT_WINDOW, clock));
    }

    public ApiAuth(List<TokenConfig> tokens, Clock clock, LoginRateLimit logins) {
        this.logins = logins;
        this.known = tokens.stream().map(t -> new Known(new Principal(t.name(), t.role()), sha256(t.token().reveal())))
                .toList();
        this.clock = clock;
        if (tokens.isEmpty()) {
            LOG.warn("no server.tokens configured: the API and the dashboard are open to anyone who can reach them");
        }
    }

    public boolean enabled() {
        return !known.isEmpty();
    }

    /** The caller of a request that passed {@link #handle}; an anonymous admin when authentication is off. */
    public static Principal principal(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        return p != null ? p : new Principal("anonymous", Role.ADMIN);
    }

    /** The router handler in front of every {@code /api/v1} route but the session endpoints. */
    void handle(RoutingContext ctx) {
        if (!enabled()) {
            ctx.next();
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        Principal principal;
        boolean viaCookie = false;
        Session session = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = byToken(authorization.substring(7).trim());
            if (principal == null) {
                unauthorized(ctx, "the bearer token is not one of server.tokens");
                return;
            }
        } else {
            session = session(ctx);
            if (session == null) {
                unauthorized(ctx, "authentication required: send 'Authorization: Bearer <token>'"
                        + " or log in at POST /api/v1/session");
                return;
            }
            principal = session.principal();
            viaCookie = true;
        }
        // known from here on, also when refused below: the audit log names who was refused
        ctx.put(PRINCIPAL, principal);
        Role needed = needed(ctx.request().method());
        if (!principal.may(needed)) {
            forbidden(ctx, principal, needed);
            return;
        }
        if (viaCookie && changesState(ctx.request().method())
                && !constantTimeEquals(session.csrf(), ctx.request().getHeader(CSRF_HEADER))) {
            Problem.send(ctx, 403, "missing or wrong " + CSRF_HEADER + " header (get it from GET /api/v1/session)");
            return;
        }
        ctx.next();
    }

    /**
     * {@code POST /api/v1/session} with {@code {"token": "…"}}: sets the HttpOnly session cookie. Over the login rate
     * limit of the caller's address: 429 with {@code Retry-After}, the token not even looked at.
     */
    void login(RoutingContext ctx) {
        long retryAfter = logins.attempt(remote(ctx));
        if (retryAfter > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
            Problem.send(ctx, 429, "too many login attempts from this address; try again in " + retryAfter + " s");
            return;
        }
        if (!enabled()) {
            Endpoints.json(ctx, 200, anonymous().encode());
            return;
        }
        String token = Requests.optionalString(Requests.body(ctx), "token", MAX_TOKEN);
        Principal principal = token == null ? null : byToken(token);
        if (principal == null) {
            logins.failed(remote(ctx));
            unauthorized(ctx, "the token is not one of server.tokens");
            return;
        }
        ctx.put(PRINCIPAL, principal);
        String id = randomToken();
        Session session = new Session(principal, randomToken(), clock.instant().plus(SESSION_TTL));
        sessions.put(id, session);
        sessions.entrySet().removeIf(e -> e.getValue().expires().isBefore(clock.instant()));
        ctx.response().addCookie(Cookie.cookie(COOKIE, id).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setPath("/").setMaxAge(SESSION_TTL.toSeconds()).setSecure(ctx.request().isSSL()));
        Endpoints.json(ctx, 200, describe(session).encode());
    }

    /** {@code GET /api/v1/session}: who the cookie belongs to and its CSRF token; 401 without a session. */
    void current(RoutingContext ctx) {
        if (!enabled()) {
            Endpoints.json(ctx, 200, anonymous().encode());
            return;
        }
        Session session = session(ctx);
        if (session == null) {
            unauthorized(ctx, "not logged in");
            return;
        }
        Endpoints.json(ctx, 200, describe(session).encode());
    }

    /** {@code DELETE /api/v1/session}: logs out. */
    void logout(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie != null) {
            Session ended = sessions.remove(cookie.getValue());
            if (ended != null) {
                ctx.put(PRINCIPAL, ended.principal());
            }
        }
        ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(ctx.request().isSSL()));
        ctx.response().setStatusCode(204).end();
    }

    private static String remote(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }

    private static JsonObject anonymous() {
        return new JsonObject().put("name", "anonymous").put("role", "admin").put("authentication", false);
    }

    private static JsonObject describe(Session s) {
        return new JsonObject().put("name", s.principal().name()).put("role", s.principal().role().name().toLowerCase())
                .put("authentication", true).put("csrfToken", s.csrf()).put("expires", s.expires().toString());
    }

    private Session session(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie == null) {
            return null;
        }
        Session s = sessions.get(cookie.getValue());
        if (s == null || s.expires().isBefore(clock.instant())) {
            return null;
        }
        return s;
    }

    /**
     * The principal of a presented token. Every configured token's hash is compared (no early exit) with
     * {@link MessageDigest#isEqual} on fixed-length digests, so the time taken says neither how much of a token
     * matched nor which one did.
     */
    private Principal byToken(String presented) {
        byte[] hash = sha256(presented);
        Principal found = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.sha256(), hash) && found == null) {
                found = k.principal();
            }
        }
        return found;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static Role needed(HttpMethod method) {
        return changesState(method) ? Role.OPERATOR : Role.VIEWER;
    }

    /**
     * A handler for a route that needs more than {@link #handle} grants by method (e.g. {@code admin}); put it after
     * {@link #handle} in the route. Passes every caller when authentication is off.
     */
    public static Handler<RoutingContext> requires(Role needed) {
        return ctx -> {
            Principal principal = principal(ctx);
            if (principal.may(needed)) {
                ctx.next();
            } else {
                forbidden(ctx, principal, needed);
            }
        };
    }

    private static boolean changesState(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    private static boolean constantTimeEquals(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private String randomToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void forbidden(RoutingContext ctx, Principal principal, Role needed) {
        Problem.send(ctx, 403, "token '" + principal.name() + "' has role "
                + principal.role().name().toLowerCase(Locale.ROOT) + "; this request needs "
                + needed.name().toLowerCase(Locale.ROOT));
    }

    private static void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cpimon\"");
        Problem.send(ctx, 401, detail);
    }
}
