package io.cpimon.api;

import io.cpimon.db.AuditEntry;
import io.cpimon.db.AuditStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's one writer: a router-level handler in front of every {@code /api/v1} route (authentication
 * included) that, for a request that may change state (any method but GET, HEAD and OPTIONS) to a known endpoint,
 * records after the response ended who (the token's name), when, what (method, route template, action, the path
 * parameters as target, a short summary) and from where (the client's address), with the status answered. Routes
 * need not know about it; one may describe what it did with {@link #summary}. A summary never holds a request body's
 * values: it is the route's own text, the problem's detail, or the names of the body's members. Writing happens on a
 * virtual thread after the answer; a failed write is logged and never changes the answer. Thread-safe.
 */
public final class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    static final String SUMMARY = "cpimon.audit.summary";
    static final String PROBLEM = "cpimon.audit.problem";
    private static final int MAX_SUMMARY = 500;
    private static final int MAX_TARGET = 200;
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** Actions whose name the method alone would not say. */
    private static final Map<String, String> NAMED = Map.of("POST /api/v1/session", "session.login",
            "DELETE /api/v1/session", "session.logout", "POST /api/v1/reload", "reload");

    /** One endpoint: its method, template and the pattern of its paths. */
    private record Endpoint(String method, String template, Pattern pattern, List<String> parameters) {}

    private final AuditStore store;
    private final Clock clock;
    private final Blocking blocking;
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    private final ApiAuth auth;
    private volatile List<Endpoint> endpoints = List.of();

    AuditTrail(AuditStore store, Clock clock, Blocking blocking, ApiAuth auth) {
        this.store = store;
        this.clock = clock;
        this.blocking = blocking;
        this.auth = auth;
    }

    /** Lets a route describe what it did (an id created, a count); short, never a secret. */
    public static void summary(RoutingContext ctx, String text) {
        ctx.put(SUMMARY, text);
    }

    /** The endpoints to recognise, as {@link ApiServer#routes()} lists them; called once the router is built. */
    void endpoints(Set<String> routes) {
        List<Endpoint> out = new ArrayList<>();
        for (String route : routes) {
            String[] methodAndPath = route.split(" ", 2);
            List<String> parameters = new ArrayList<>();
            StringBuilder regex = new StringBuilder();
            for (String segment : methodAndPath[1].split("/", -1)) {
                if (segment.isEmpty()) {
                    continue;
                }
                regex.append('/');
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    parameters.add(segment.substring(1, segment.length() - 1));
                    regex.append("([^/]+)");
                } else {
                    regex.append(Pattern.quote(segment));
                }
            }
            out.add(new Endpoint(methodAndPath[0], methodAndPath[1], Pattern.compile(regex.toString()),
                    List.copyOf(parameters)));
        }
        endpoints = List.copyOf(out);
    }

    /** The router handler: arranges the record of a state-changing request, then passes it on. */
    void handle(RoutingContext ctx) {
        if (!READS.contains(ctx.request().method())) {
            ctx.addEndHandler(ar -> record(ctx, ar));
        }
        ctx.next();
    }

    private void record(RoutingContext ctx, AsyncResult<Void> ended) {
        String method = ctx.request().method().name();
        String path = ctx.normalizedPath();
        Endpoint endpoint = null;
        Matcher match = null;
        for (Endpoint e : endpoints) {
            Matcher m = e.pattern().matcher(path);
            if (e.method().equals(method) && m.matches()) {
                endpoint = e;
                match = m;
                break;
            }
        }
        if (endpoint == null) {
            return;
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= match.groupCount(); i++) {
            values.add(match.group(i));
        }
        String summary = ended.failed() ? "the connection closed before the answer was sent" : summary(ctx);
        AuditEntry entry = new AuditEntry(0, clock.instant(), actor(ctx), action(method, endpoint.template()), method,
                endpoint.template(), values.isEmpty() ? null : clip(String.join("/", values), MAX_TARGET),
                ctx.response().getStatusCode(), summary == null ? null : clip(summary, MAX_SUMMARY),
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
        append(entry);
    }

    /**
     * Stores entries one after another in the order their responses ended, so that the log lists requests the way
     * a client sent them even when two end within the same instant.
     */
    private void append(AuditEntry entry) {
        synchronized (this) {
            writes = writes.thenRunAsync(() -> store.append(entry), blocking.executor()).exceptionally(e -> {
                LOG.warn("audit entry for {} {} by {} could not be stored: {}", entry.method(), entry.route(),
                        entry.actor(), e.toString());
                return null;
            });
        }
    }

    private String actor(RoutingContext ctx) {
        ApiAuth.Principal p = ctx.get(ApiAuth.PRINCIPAL);
        if (p != null) {
            return p.name();
        }
        return auth.enabled() ? "unauthenticated" : "anonymous";
    }

    private static String summary(RoutingContext ctx) {
        String problem = ctx.get(PROBLEM);
        if (problem != null) {
            return problem;
        }
        String summary = ctx.get(SUMMARY);
        if (summary != null) {
            return summary;
        }
        if (ctx.body() != null && ctx.body().length() > 0) {
            try {
                JsonObject body = ctx.body().asJsonObject();
                if (body != null && !body.isEmpty()) {
                    return "body members: " + String.join(", ", new TreeSet<>(body.fieldNames()));
                }
            } catch (RuntimeException notAnObject) {
                return null;
            }
        }
        return null;
    }

    /**
     * {@code <resource>.<verb>}: the verb is the last segment when it follows a path parameter
     * ({@code /alerts/{id}/ack} → {@code alerts.ack}), else the method's ({@code create}, {@code update},
     * {@code delete}); a few endpoints have their own name ({@code session.login}).
     */
    static String action(String method, String template) {
        String named = NAMED.get(method + " " + template);
        if (named != null) {
            return named;
        }
        List<String> literals = new ArrayList<>();
        boolean afterParameter = false;
        String verb = null;
        for (String segment : template.replaceFirst("^/api/v1/", "").split("/")) {
            if (segment.startsWith("{")) {
                afterParameter = true;
            } else if (afterParameter) {
                verb = segment;
            } else {
                literals.add(segment);
            }
        }
        if (verb == null) {
            verb = switch (method) {
                case "POST" -> "create";
                case "DELETE" -> "delete";
                case "PUT", "PATCH" -> "update";
                default -> method.toLowerCase(Locale.ROOT);
            };
        }
        return String.join(".", literals) + "." + verb;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
