package io.cpimon.simulator.tenant;

import io.cpimon.simulator.Blocking;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.odata.FilterParser;
import io.cpimon.simulator.odata.ODataException;
import io.cpimon.simulator.odata.Property;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of one {@link SimulatedTenant}: token endpoint, OData API, runtime endpoints and
 * fault injection. Handlers run on the tenant server's event loop and only read tenant state
 * through its thread-safe methods; nothing here blocks.
 */
public final class TenantServer {

    private static final Logger LOG = LoggerFactory.getLogger(TenantServer.class);
    private static final String JSON = "application/json";
    private static final Pattern ENTITY = Pattern.compile("^/(\\w+)\\('((?:[^']|'')*)'\\)(/.*)?$");

    private static final FilterParser<RuntimeArtifact> ARTIFACT_FILTER = new FilterParser<>(Map.of(
            "Id", Property.string("Id", RuntimeArtifact::id),
            "Name", Property.string("Name", RuntimeArtifact::name),
            "Version", Property.string("Version", RuntimeArtifact::version),
            "Type", Property.string("Type", RuntimeArtifact::type),
            "DeployedBy", Property.string("DeployedBy", RuntimeArtifact::deployedBy),
            "Status", Property.string("Status", RuntimeArtifact::status)));
    private static final FilterParser<KeystoreEntry> KEYSTORE_FILTER = new FilterParser<>(Map.of(
            "Alias", Property.string("Alias", KeystoreEntry::alias),
            "Hexalias", Property.string("Hexalias", KeystoreEntry::hexalias),
            "Type", Property.string("Type", KeystoreEntry::type),
            "Owner", Property.string("Owner", KeystoreEntry::owner),
            "ValidNotBefore", Property.datetime("ValidNotBefore", KeystoreEntry::validNotBefore),
            "ValidNotAfter", Property.datetime("ValidNotAfter", KeystoreEntry::validNotAfter)));
    private static final Set<String> COLLECTION_OPTIONS = Set.of("$filter", "$orderby", "$top", "$skip", "$skiptoken",
            "$inlinecount", "$select", "$expand", "$format");
    private static final Set<String> ENTITY_OPTIONS = Set.of("$select", "$expand", "$format");

    private final SimulatedTenant tenant;

    private TenantServer(SimulatedTenant tenant) {
        this.tenant = tenant;
    }

    /** Starts a server for {@code tenant} on 127.0.0.1:{@code port} (0 = ephemeral); blocks until listening. */
    static HttpServer listen(Vertx vertx, SimulatedTenant tenant, int port) {
        TenantServer s = new TenantServer(tenant);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
        router.route().handler(s::handle);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false));
        return Blocking.await(server.requestHandler(router).listen(port, "127.0.0.1"));
    }

    // ---------------------------------------------------------------- dispatch and faults

    private void handle(RoutingContext ctx) {
        String path = decodePath(ctx.request().path());
        tenant.countRequest(path);
        Fault.Scope scope = path.startsWith("/oauth/") ? Fault.Scope.TOKEN
                : path.startsWith("/api/") ? Fault.Scope.API
                : path.startsWith("/http/") || path.equals("/http") ? Fault.Scope.RUNTIME : null;
        List<Fault> faults = scope == null ? List.of() : tenant.faultsFor(scope, path);
        long delay = 0;
        Fault deciding = null;
        for (Fault f : faults) {
            if (f.kind() == Fault.Kind.SLOW) {
                delay += f.delay().toMillis();
            } else {
                deciding = f;
            }
        }
        Fault fault = deciding;
        Runnable proceed = () -> {
            try {
                if (fault == null || isBodyFault(fault)) {
                    route(ctx, path, fault);
                } else if (fault.kind() == Fault.Kind.STATUS) {
                    statusFault(ctx, fault, scope);
                }
                // HANG: never answer
            } catch (ODataException e) {
                send(ctx, e.status(), JSON, ODataWriter.error(e.code(), e.getMessage()), null);
            } catch (RuntimeException e) {
                LOG.warn("tenant {}: {} {} failed", tenant.id(), ctx.request().method(), path, e);
                send(ctx, 500, JSON, ODataWriter.error("Internal Server Error", "Simulator error: " + e), null);
            }
        };
        if (delay > 0) {
            tenant.vertx().setTimer(delay, id -> proceed.run());
        } else {
            proceed.run();
        }
    }

    private static boolean isBodyFault(Fault f) {
        return switch (f.kind()) {
            case MALFORMED_JSON, TRUNCATED_BODY, WRONG_TYPES, EMPTY_200 -> true;
            default -> false;
        };
    }

    private void statusFault(RoutingContext ctx, Fault f, Fault.Scope scope) {
        HttpServerResponse r = ctx.response();
        if (f.retryAfter() != null) {
            r.putHeader("Retry-After", Long.toString(Math.max(0, f.retryAfter().toSeconds())));
        }
        int status = f.status();
        switch (status) {
            case 401 -> {
                r.putHeader("WWW-Authenticate", scope == Fault.Scope.RUNTIME ? "Basic realm=\"SAP Cloud Integration\"" : "Bearer realm=\"cpi\"");
                send(ctx, 401, null, new byte[0], null);
            }
            case 502, 503, 504 -> {
                String title = status == 502 ? "502 Bad Gateway" : status == 503 ? "503 Service Unavailable" : "504 Gateway Timeout";
                String text = status == 503 ? "The tenant is undergoing planned maintenance. Please try again later." : title;
                send(ctx, status, "text/html; charset=utf-8", ("<html><head><title>" + title + "</title></head><body><h1>" + title
                        + "</h1><p>" + text + "</p></body></html>").getBytes(StandardCharsets.UTF_8), null);
            }
            default -> {
                if (scope == Fault.Scope.TOKEN) {
                    String err = status == 429 ? "too_many_requests" : status == 403 ? "access_denied" : "server_error";
                    send(ctx, status, JSON, ("{\"error\":\"" + err + "\",\"error_description\":\"Simulated failure " + status + "\"}")
                            .getBytes(StandardCharsets.UTF_8), null);
                } else if (scope == Fault.Scope.RUNTIME) {
                    send(ctx, status, "text/plain; charset=utf-8", ("Runtime failure " + status).getBytes(StandardCharsets.UTF_8), null);
                } else {
                    String code = switch (status) {
                        case 403 -> "Forbidden";
                        case 404 -> "Not Found";
                        case 429 -> "Too Many Requests";
                        case 500 -> "Internal Server Error";
                        default -> Integer.toString(status);
                    };
                    String msg = switch (status) {
                        case 403 -> "Sorry! You are not authorized to access this resource.";
                        case 429 -> "Too many requests. Server's rate limit exceeded.";
                        case 500 -> "Internal Server Error";
                        default -> "Simulated failure " + status;
                    };
                    send(ctx, status, JSON, ODataWriter.error(code, msg), null);
                }
            }
        }
    }

    private void route(RoutingContext ctx, String path, Fault bodyFault) {
        if (path.equals("/oauth/token")) {
            token(ctx, bodyFault);
        } else if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
            api(ctx, path.substring("/api/v1".length()), bodyFault);
        } else if (path.startsWith("/http/")) {
            runtime(ctx, path.substring("/http/".length()));
        } else if (path.startsWith("/shell/")) {
            send(ctx, 200, "text/html; charset=utf-8", ("<html><body><h1>Simulated SAP Cloud Integration tenant " + tenant.id()
                    + "</h1><p>Monitoring UI is not simulated.</p></body></html>").getBytes(StandardCharsets.UTF_8), null);
        } else if (path.equals("/")) {
            send(ctx, 200, "text/plain; charset=utf-8", ("Simulated SAP Cloud Integration tenant " + tenant.id() + "\nAPI: "
                    + tenant.apiUrl() + "\nToken: " + tenant.tokenUrl() + "\nRuntime: " + tenant.runtimeUrl() + "\n")
                    .getBytes(StandardCharsets.UTF_8), null);
        } else {
            send(ctx, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8), null);
        }
    }

    // ---------------------------------------------------------------- sending (with body faults)

    private void send(RoutingContext ctx, int status, String contentType, byte[] body, Fault bodyFault) {
        send(ctx, status, contentType, Buffer.buffer(body), bodyFault);
    }

    private void send(RoutingContext ctx, int status, String contentType, Buffer body, Fault bodyFault) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) {
            return;
        }
        boolean head = ctx.request().method() == HttpMethod.HEAD;
        if (bodyFault != null && status == 200) {
            switch (bodyFault.kind()) {
                case EMPTY_200 -> {
                    r.setStatusCode(200).putHeader("Content-Type", JSON).putHeader("Content-Length", "0").end();
                    return;
                }
                case MALFORMED_JSON -> {
                    String s = body.toString(StandardCharsets.UTF_8);
                    String broken = s.substring(0, Math.max(1, (int) (s.length() * 0.6))) + "\",}]<html>Proxy Error</html>";
                    body = Buffer.buffer(broken.getBytes(StandardCharsets.UTF_8));
                    contentType = JSON;
                }
                case TRUNCATED_BODY -> {
                    r.setStatusCode(200);
                    if (contentType != null) {
                        r.putHeader("Content-Type", contentType);
                    }
                    r.putHeader("Content-Length", Integer.toString(body.length()));
                    Buffer half = body.slice(0, Math.max(1, body.length() / 2));
                    var connection = ctx.request().connection();
                    r.write(half).onComplete(done -> connection.close());
                    return;
                }
                default -> {
                    // WRONG_TYPES was applied while rendering
                }
            }
        }
        r.setStatusCode(status);
        if (contentType != null) {
            r.putHeader("Content-Type", contentType);
        }
        r.putHeader("Content-Length", Integer.toString(body.length()));
        if (head) {
            r.end();
        } else {
            r.end(body);
        }
    }

    private void sendText(RoutingContext ctx, int status, String text) {
        send(ctx, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null);
    }

    // ---------------------------------------------------------------- token

    private void token(RoutingContext ctx, Fault bodyFault) {
        HttpServerRequest req = ctx.request();
        if (req.method() != HttpMethod.POST) {
            ctx.response().putHeader("Allow", "POST");
            send(ctx, 405, JSON, "{\"error\":\"method_not_allowed\",\"error_description\":\"Request method not supported\"}"
                    .getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        Map<String, String> form = new LinkedHashMap<>(parseQuery(req.query()));
        String contentType = req.getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                && ctx.body() != null && ctx.body().buffer() != null) {
            form.putAll(parseQuery(ctx.body().asString()));
        }
        String grant = form.get("grant_type");
        if (grant == null) {
            send(ctx, 400, JSON, "{\"error\":\"invalid_request\",\"error_description\":\"Missing grant type\"}"
                    .getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        if (!grant.equals("client_credentials")) {
            send(ctx, 400, JSON, ("{\"error\":\"unsupported_grant_type\",\"error_description\":\"Unsupported grant type: "
                    + grant.replace("\"", "") + "\"}").getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        String[] basic = basicCredentials(req.getHeader("Authorization"));
        String id = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        if (!tenant.clientId().equals(id) || !tenant.clientSecret().equals(secret)) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"UAA/client\", error=\"unauthorized\", error_description=\"Bad credentials\"");
            send(ctx, 401, JSON, "{\"error\":\"unauthorized\",\"error_description\":\"Bad credentials\"}"
                    .getBytes(StandardCharsets.UTF_8), null);
            return;
        }
        String token = tenant.issueToken();
        String jti = Ids.hex(new java.util.SplittableRandom(Ids.seedOf(token)), 32);
        String body = "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":"
                + tenant.tokenValidity().toSeconds() + ",\"scope\":\"it!b" + tenant.id().length()
                + ".MonitoringDataRead uaa.resource\",\"jti\":\"" + jti + "\"}";
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
        send(ctx, 200, "application/json;charset=UTF-8", body.getBytes(StandardCharsets.UTF_8), bodyFault);
    }

    /** user and password of a Basic header, or null. */
    public static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private boolean apiAuthorized(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth == null) {
            return false;
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tenant.tokenValid(auth.substring(7).trim());
        }
        String[] basic = basicCredentials(auth);
        return basic != null && basic[0].equals(tenant.basicUser()) && basic[1].equals(tenant.basicPassword());
    }

    // ---------------------------------------------------------------- runtime

    private void runtime(RoutingContext ctx, String rest) {
        HttpServerRequest req = ctx.request();
        String[] basic = basicCredentials(req.getHeader("Authorization"));
        boolean ok = basic != null && ((basic[0].equals(tenant.basicUser()) && basic[1].equals(tenant.basicPassword()))
                || (basic[0].equals(tenant.clientId()) && basic[1].equals(tenant.clientSecret())));
        if (!ok) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"SAP Cloud Integration\"");
            send(ctx, 401, null, new byte[0], null);
            return;
        }
        String endpoint = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        RuntimeArtifact a = tenant.runtimeEndpoint(endpoint);
        if (a == null) {
            sendText(ctx, 404, "No endpoint deployed at /http/" + endpoint);
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD && req.method() != HttpMethod.POST) {
            sendText(ctx, 405, "Method not allowed");
            return;
        }
        sendText(ctx, 200, "OK " + a.id() + " " + a.version());
    }

    // ---------------------------------------------------------------- OData API

    private void api(RoutingContext ctx, String rest, Fault bodyFault) {
        HttpServerRequest req = ctx.request();
        if (!apiAuthorized(req)) {
            String auth = req.getHeader("Authorization");
            ctx.response().putHeader("WWW-Authenticate", auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)
                    ? "Basic realm=\"SAP Cloud Integration\"" : "Bearer realm=\"cpi\", error=\"invalid_token\"");
            send(ctx, 401, null, new byte[0], null);
            return;
        }
        if ("fetch".equalsIgnoreCase(req.getHeader("X-CSRF-Token"))) {
            ctx.response().putHeader("X-CSRF-Token", Ids.hex(new java.util.SplittableRandom(System.nanoTime()), 32));
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            if (req.getHeader("X-CSRF-Token") == null) {
                ctx.response().putHeader("X-CSRF-Token", "Required");
                send(ctx, 403, "text/plain; charset=utf-8", "CSRF token validation failed".getBytes(StandardCharsets.UTF_8), null);
            } else {
                throw new ODataException(405, "Method Not Allowed", "The simulated tenant serves read requests only");
            }
            return;
        }
        Map<String, String> q = parseQuery(req.query());
        if (rest.isEmpty() || rest.equals("/")) {
            requireJson(req, q);
            send(ctx, 200, JSON, ODataWriter.serviceDocument(), bodyFault);
            return;
        }
        if (rest.equals("/MessageProcessingLogs") || rest.equals("/MessageProcessingLogs/")) {
            mplCollection(ctx, q, bodyFault);
            return;
        }
        if (rest.equals("/MessageProcessingLogs/$count")) {
            checkOptions(q, Set.of("$filter", "$top", "$skip"));
            MplQuery.Result result = evaluate(q.get("$filter"), null, q.get("filterCustomHeaderProperties"));
            int n = window(result.size(), intOption(q, "$skip"), intOption(q, "$top"));
            sendText(ctx, 200, Integer.toString(n));
            return;
        }
        if (rest.equals("/IntegrationRuntimeArtifacts") || rest.equals("/IntegrationRuntimeArtifacts/")) {
            artifactCollection(ctx, q, bodyFault);
            return;
        }
        if (rest.equals("/KeystoreEntries") || rest.equals("/KeystoreEntries/")) {
            keystoreCollection(ctx, q, bodyFault);
            return;
        }
        Matcher m = ENTITY.matcher(rest);
        if (m.matches()) {
            String set = m.group(1);
            String key = m.group(2).replace("''", "'");
            String sub = m.group(3) == null ? "" : m.group(3);
            switch (set) {
                case "MessageProcessingLogs" -> {
                    mplEntity(ctx, q, key, sub, bodyFault);
                    return;
                }
                case "IntegrationRuntimeArtifacts" -> {
                    artifactEntity(ctx, q, key, sub, bodyFault);
                    return;
                }
                case "KeystoreEntries" -> {
                    KeystoreEntry k = tenant.keystoreEntries().stream().filter(e -> e.hexalias().equals(key)).findFirst()
                            .orElseThrow(() -> ODataException.notFound("Keystore entry with Hexalias '" + key + "' not found"));
                    if (!sub.isEmpty()) {
                        throw ODataException.notFound("Resource not found for segment '" + sub + "'");
                    }
                    checkOptions(q, Set.of("$format"));
                    requireJson(req, q);
                    send(ctx, 200, JSON, ODataWriter.keystoreEntry(context(), k), bodyFault);
                    return;
                }
                default -> {
                    // fall through to 404
                }
            }
        }
        throw ODataException.notFound("Resource not found for the segment '" + rest + "'");
    }

    private ODataWriter.Context context() {
        return new ODataWriter.Context(tenant.apiUrl(), tenant.baseUrl(), "CPI_" + tenant.id());
    }

    private static void requireJson(HttpServerRequest req, Map<String, String> q) {
        String format = q.get("$format");
        if (format != null) {
            if (!format.equalsIgnoreCase("json")) {
                throw new ODataException(406, "Not Acceptable", "The simulated tenant serves $format=json only (a real tenant would send Atom XML for '" + format + "')");
            }
            return;
        }
        String accept = req.getHeader("Accept");
        if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("application/json")) {
            throw new ODataException(406, "Not Acceptable",
                    "A real tenant answers Atom XML without $format=json or Accept: application/json; the simulator serves JSON only");
        }
    }

    private static void checkOptions(Map<String, String> q, Set<String> allowed) {
        for (String k : q.keySet()) {
            if (k.startsWith("$") && !allowed.contains(k)) {
                throw ODataException.badRequest("The system query option '" + k + "' is not supported here");
            }
        }
    }

    private static Integer intOption(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw ODataException.badRequest("Invalid value '" + v + "' for " + name);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ODataException.badRequest("Invalid value '" + v + "' for " + name);
        }
    }

    private static boolean inlineCount(Map<String, String> q) {
        String v = q.get("$inlinecount");
        if (v == null || v.equals("none")) {
            return false;
        }
        if (v.equals("allpages")) {
            return true;
        }
        throw ODataException.badRequest("Invalid value '" + v + "' for $inlinecount (allpages or none)");
    }

    private static int window(int size, Integer skip, Integer top) {
        int s = skip == null ? 0 : Math.min(skip, size);
        int n = size - s;
        return top == null ? n : Math.min(top, n);
    }

    // ---------------------------------------------------------------- MPLs

    /**
     * The result of a MessageProcessingLogs query over the tenant's current view (see {@link MplQuery}), with CPI's
     * non-standard {@code filterCustomHeaderProperties='name' eq 'value'} option when given.
     */
    private MplQuery.Result evaluate(String filter, String orderby, String customHeaderFilter) {
        MplQuery query = MplQuery.parse(filter, orderby, customHeaderFilter);
        MplLedger.View view = tenant.view();
        return tenant.queryCache().get(query.key(), view, () -> query.evaluate(view));
    }

    private ODataWriter.MplOptions mplOptions(Map<String, String> q, boolean wrongTypes) {
        Set<String> select = null;
        String sel = q.get("$select");
        if (sel != null && !sel.isBlank() && !sel.trim().equals("*")) {
            select = new LinkedHashSet<>();
            for (String s : sel.split(",")) {
                String p = s.trim();
                if (!ODataWriter.MPL_PROPERTIES.contains(p) && !ODataWriter.MPL_NAVIGATION.contains(p)) {
                    throw ODataException.badRequest("Property '" + p + "' in $select does not exist on MessageProcessingLog");
                }
                select.add(p);
            }
        }
        boolean expand = false;
        String exp = q.get("$expand");
        if (exp != null && !exp.isBlank()) {
            for (String s : exp.split(",")) {
                String p = s.trim();
                if (!p.equals("CustomHeaderProperties")) {
                    throw ODataException.badRequest("$expand of '" + p + "' is not supported (CustomHeaderProperties only)");
                }
                expand = true;
            }
        }
        return new ODataWriter.MplOptions(select, expand, wrongTypes);
    }

    private void mplCollection(RoutingContext ctx, Map<String, String> q, Fault bodyFault) {
        checkOptions(q, COLLECTION_OPTIONS);
        requireJson(ctx.request(), q);
        boolean count = inlineCount(q);
        Integer top = intOption(q, "$top");
        Integer skip = intOption(q, "$skip");
        Integer skiptoken = intOption(q, "$skiptoken");
        ODataWriter.MplOptions options = mplOptions(q, bodyFault != null && bodyFault.kind() == Fault.Kind.WRONG_TYPES);
        MplQuery.Result result = evaluate(q.get("$filter"), q.get("$orderby"), q.get("filterCustomHeaderProperties"));
        MplQuery.Page page = MplQuery.page(result, top, skip, skiptoken, tenant.pageCap(), count);
        String next = page.nextSkiptoken() == null ? null : nextLink("MessageProcessingLogs", q, page.nextSkiptoken());
        tenant.recordServed(page.entries());
        ODataWriter.Context context = context();
        send(ctx, 200, JSON, ODataWriter.mplCollection(tenant.mplJsonCache().json(context, page.entries(), options), page.count(), next,
                options.wrongTypes()), bodyFault);
    }

    private String nextLink(String set, Map<String, String> q, int skiptoken) {
        StringBuilder b = new StringBuilder(tenant.apiUrl()).append('/').append(set).append('?');
        for (Map.Entry<String, String> e : q.entrySet()) {
            if (!e.getKey().equals("$skiptoken")) {
                b.append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('&');
            }
        }
        return b.append("$skiptoken=").append(skiptoken).toString();
    }

    private void mplEntity(RoutingContext ctx, Map<String, String> q, String guid, String sub, Fault bodyFault) {
        MplTruth m = tenant.current(guid);
        if (m == null) {
            throw ODataException.notFound("Requested entity could not be found. (MessageProcessingLog '" + guid + "')");
        }
        HttpServerRequest req = ctx.request();
        switch (sub) {
            case "", "/" -> {
                checkOptions(q, ENTITY_OPTIONS);
                requireJson(req, q);
                ODataWriter.MplOptions options = mplOptions(q, false);
                tenant.recordServed(List.of(m));
                send(ctx, 200, JSON, ODataWriter.mplEntity(context(), m, options), bodyFault);
            }
            case "/ErrorInformation/$value" -> {
                if (m.errorText() == null) {
                    throw ODataException.notFound("No error information available for MessageProcessingLog '" + guid + "'");
                }
                send(ctx, 200, "text/plain; charset=utf-8", m.errorText().getBytes(StandardCharsets.UTF_8), null);
            }
            case "/ErrorInformation" -> {
                checkOptions(q, Set.of("$format", "$select"));
                requireJson(req, q);
                if (m.errorText() == null) {
                    throw ODataException.notFound("No error information available for MessageProcessingLog '" + guid + "'");
                }
                send(ctx, 200, JSON, ODataWriter.errorInformation(context(), m), bodyFault);
            }
            case "/CustomHeaderProperties" -> {
                checkOptions(q, Set.of("$format", "$inlinecount"));
                requireJson(req, q);
                send(ctx, 200, JSON, ODataWriter.customHeaders(context(), m, inlineCount(q) ? m.customHeaders().size() : null), bodyFault);
            }
            case "/AdapterAttributes", "/Attachments", "/MessageStoreEntries", "/Runs" -> {
                checkOptions(q, Set.of("$format", "$inlinecount", "$top", "$skip"));
                requireJson(req, q);
                send(ctx, 200, JSON, inlineCount(q) ? "{\"d\":{\"__count\":\"0\",\"results\":[]}}".getBytes(StandardCharsets.UTF_8)
                        : ODataWriter.emptyCollection(), bodyFault);
            }
            default -> throw ODataException.notFound("Resource not found for the segment '" + sub + "'");
        }
    }

    // ---------------------------------------------------------------- artifacts and keystore

    private static Set<String> artifactSelect(Map<String, String> q) {
        String sel = q.get("$select");
        if (sel == null || sel.isBlank() || sel.trim().equals("*")) {
            return null;
        }
        Set<String> allowed = Set.of("Id", "Version", "Name", "Type", "DeployedBy", "DeployedOn", "Status", "ErrorInformation");
        Set<String> out = new LinkedHashSet<>();
        for (String s : sel.split(",")) {
            String p = s.trim();
            if (!allowed.contains(p)) {
                throw ODataException.badRequest("Property '" + p + "' in $select does not exist on IntegrationRuntimeArtifact");
            }
            out.add(p);
        }
        return out;
    }

    private void artifactCollection(RoutingContext ctx, Map<String, String> q, Fault bodyFault) {
        checkOptions(q, Set.of("$filter", "$select", "$top", "$skip", "$inlinecount", "$orderby", "$format"));
        requireJson(ctx.request(), q);
        Set<String> select = artifactSelect(q);
        List<RuntimeArtifact> all = new ArrayList<>(tenant.artifacts());
        String filter = q.get("$filter");
        if (filter != null && !filter.isBlank()) {
            Predicate<RuntimeArtifact> p = ARTIFACT_FILTER.parse(filter);
            all.removeIf(p.negate());
        }
        String orderby = q.get("$orderby");
        if (orderby != null && !orderby.isBlank()) {
            String[] w = orderby.trim().split("\\s+");
            Comparator<RuntimeArtifact> c = switch (w[0]) {
                case "Id" -> Comparator.comparing(RuntimeArtifact::id);
                case "Name" -> Comparator.comparing(RuntimeArtifact::name);
                case "Status" -> Comparator.comparing(RuntimeArtifact::status);
                default -> throw ODataException.badRequest("Invalid order by expression '" + orderby + "'");
            };
            if (w.length > 1 && w[1].equals("desc")) {
                c = c.reversed();
            }
            all.sort(c);
        }
        int total = all.size();
        Integer skip = intOption(q, "$skip");
        Integer top = intOption(q, "$top");
        int s = skip == null ? 0 : Math.min(skip, total);
        int e = top == null ? total : (int) Math.min((long) s + top, total);
        send(ctx, 200, JSON, ODataWriter.artifacts(context(), all.subList(s, e), inlineCount(q) ? total : null, select), bodyFault);
    }

    private void artifactEntity(RoutingContext ctx, Map<String, String> q, String id, String sub, Fault bodyFault) {
        RuntimeArtifact a = tenant.artifact(id);
        if (a == null) {
            throw ODataException.notFound("Integration artifact '" + id + "' is not deployed on this runtime");
        }
        switch (sub) {
            case "", "/" -> {
                checkOptions(q, Set.of("$select", "$format"));
                requireJson(ctx.request(), q);
                send(ctx, 200, JSON, ODataWriter.artifact(context(), a, artifactSelect(q)), bodyFault);
            }
            case "/ErrorInformation/$value" -> {
                if (a.errorText() == null) {
                    throw ODataException.notFound("No error information for integration artifact '" + id + "'");
                }
                send(ctx, 200, JSON, a.errorText().getBytes(StandardCharsets.UTF_8), null);
            }
            default -> throw ODataException.notFound("Resource not found for the segment '" + sub + "'");
        }
    }

    private void keystoreCollection(RoutingContext ctx, Map<String, String> q, Fault bodyFault) {
        checkOptions(q, Set.of("$filter", "$top", "$skip", "$inlinecount", "$format"));
        requireJson(ctx.request(), q);
        List<KeystoreEntry> all = new ArrayList<>(tenant.keystoreEntries());
        String filter = q.get("$filter");
        if (filter != null && !filter.isBlank()) {
            Predicate<KeystoreEntry> p = KEYSTORE_FILTER.parse(filter);
            all.removeIf(p.negate());
        }
        int total = all.size();
        Integer skip = intOption(q, "$skip");
        Integer top = intOption(q, "$top");
        int s = skip == null ? 0 : Math.min(skip, total);
        int e = top == null ? total : (int) Math.min((long) s + top, total);
        send(ctx, 200, JSON, ODataWriter.keystoreEntries(context(), all.subList(s, e), inlineCount(q) ? total : null), bodyFault);
    }

    // ---------------------------------------------------------------- URL helpers

    /** Decodes the query string; '+' reads as a space. Duplicate options are a 400. */
    public static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ODataException.badRequest("Malformed query string: " + e.getMessage());
            }
            if (out.put(k, v) != null) {
                throw ODataException.badRequest("Duplicate query option '" + k + "'");
            }
        }
        return out;
    }

    /** Percent-decodes a path ('+' stays a plus). */
    static String decodePath(String raw) {
        if (raw == null) {
            return "/";
        }
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** Percent-encodes a query option name or value, keeping OData's readable characters. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~$'(),:/".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

}
