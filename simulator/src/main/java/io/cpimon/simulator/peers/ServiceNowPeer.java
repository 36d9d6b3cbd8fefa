package io.cpimon.simulator.peers;

import io.cpimon.simulator.BasicCredentials;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.odata.QueryString;
import io.cpimon.simulator.tenant.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ServiceNow on loopback (docs/channels.md §2, §7): Table API incidents ({@code POST/GET /api/now[/v2]/table/incident},
 * {@code GET/PATCH/PUT .../incident/<sys_id>}) with {@code sysparm_query} ({@code field=value}, {@code field!=value},
 * {@code ^}, {@code ORDERBY}/{@code ORDERBYDESC}; unknown fields are ignored as on a real instance),
 * {@code sysparm_limit}, {@code sysparm_fields}; the resolve data policy (state 6/7 need a valid
 * {@code close_code} and {@code close_notes}); Event Management {@code POST /api/global/em/jsonv2};
 * Basic auth or a bearer from {@code POST /oauth_token.do}; failures shaped as
 * {@code {"error":{"message","detail"},"status":"failure"}} (429 with {@code X-RateLimit-*}). Thread-safe.
 */
public final class ServiceNowPeer extends HttpPeer {

    private static final Pattern INCIDENT = Pattern.compile("^/api/now(/v[12])?/table/incident(?:/([0-9a-f]{32}))?/?$");
    private static final DateTimeFormatter GLIDE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Set<String> CLOSE_CODES = Set.of("Solution provided", "Workaround provided", "Resolved by caller",
            "Duplicate", "Known error", "No resolution provided", "Resolved by change", "Resolved by problem", "User error");

    private final String user = "cpimon.integration";
    private final String password;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> incidents = new LinkedHashMap<>();
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger number = new AtomicInteger(10001);
    private final SplittableRandom random = new SplittableRandom(0x5E7);

    public ServiceNowPeer(Vertx vertx, SimClock clock, int port) {
        super("servicenow", vertx, clock, new HttpServerOptions());
        SplittableRandom r = new SplittableRandom(0x5A0);
        this.password = Ids.messageGuid(r).substring(2, 22);
        this.clientId = Ids.hex(r, 32);
        this.clientSecret = Ids.messageGuid(r).substring(2, 14);
        start(port);
    }

    /** The instance URL (what {@code https://<instance>.service-now.com} is in production). */
    public String instanceUrl() {
        return baseUrl();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Every incident as it stands now, in creation order (all values strings, references as {link,value}). */
    public List<JsonObject> incidents() {
        synchronized (incidents) {
            return incidents.values().stream().map(JsonObject::copy).toList();
        }
    }

    /** The incident with this sys_id, or null. */
    public JsonObject incident(String sysId) {
        synchronized (incidents) {
            JsonObject o = incidents.get(sysId);
            return o == null ? null : o.copy();
        }
    }

    /** Event Management records received, in order. */
    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    @Override
    protected void onClear() {
        synchronized (incidents) {
            incidents.clear();
        }
        events.clear();
        tokens.clear();
    }

    private static PeerResponse error(int status, String message, String detail) {
        return PeerResponse.of(status, "application/json;charset=UTF-8", new JsonObject()
                .put("error", new JsonObject().put("message", message).put("detail", detail)).put("status", "failure").encode());
    }

    @Override
    protected PeerResponse failure(int status) {
        if (status == 429) {
            return error(429, "Rate limit exceeded", "Rate limit of 10 requests per hour for Table API exceeded")
                    .withHeader("X-RateLimit-Limit", "10")
                    .withHeader("X-RateLimit-Reset", Long.toString(clock().instant().plus(Duration.ofHours(1)).getEpochSecond()))
                    .withHeader("X-RateLimit-Rule", "cpimon-simulated");
        }
        return error(status, status >= 500 ? "Internal Server Error" : "Request failed", "Simulated failure " + status);
    }

    private boolean authorized(PeerRequest req) {
        String auth = req.header("Authorization");
        if (auth == null) {
            return false;
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Instant exp = tokens.get(auth.substring(7).trim());
            return exp != null && clock().instant().isBefore(exp);
        }
        BasicCredentials basic = BasicCredentials.parse(auth);
        return basic != null && basic.matches(user, password);
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (req.path().equals("/oauth_token.do")) {
            return token(req);
        }
        if (!authorized(req)) {
            return error(401, "User Not Authenticated", "Required to provide Auth information")
                    .withHeader("WWW-Authenticate", "BASIC realm=\"Service-now\"");
        }
        if (req.path().equals("/api/global/em/jsonv2")) {
            return eventManagement(req);
        }
        Matcher m = INCIDENT.matcher(req.path());
        if (!m.matches()) {
            return error(400, "Requested URI does not represent any resource", "Unknown path " + req.path());
        }
        boolean v2 = "/v2".equals(m.group(1));
        String sysId = m.group(2);
        return switch (req.method()) {
            case "POST" -> sysId == null ? create(req) : error(405, "Method not Supported", "POST to a record");
            case "GET" -> sysId == null ? query(req, v2) : read(sysId);
            case "PATCH", "PUT" -> sysId == null ? error(405, "Method not Supported", "update needs a sys_id") : update(req, sysId);
            default -> error(405, "Method not Supported", req.method());
        };
    }

    private PeerResponse token(PeerRequest req) {
        Map<String, String> form = QueryString.parse(req.bodyAsString());
        boolean clientOk = clientId.equals(form.get("client_id")) && clientSecret.equals(form.get("client_secret"));
        boolean ok = switch (form.getOrDefault("grant_type", "")) {
            case "password" -> clientOk && user.equals(form.get("username")) && password.equals(form.get("password"));
            case "client_credentials" -> clientOk;
            default -> false;
        };
        if (!ok) {
            return PeerResponse.of(401, "application/json", "{\"error_description\":\"access_denied\",\"error\":\"server_error\"}");
        }
        String token;
        synchronized (random) {
            token = Ids.messageGuid(random).substring(2) + Ids.messageGuid(random).substring(2);
        }
        tokens.put(token, clock().instant().plusSeconds(1799));
        return PeerResponse.of(200, "application/json;charset=UTF-8", new JsonObject().put("access_token", token)
                .put("refresh_token", "r" + token.substring(1)).put("scope", "useraccount").put("token_type", "Bearer")
                .put("expires_in", 1799).encode());
    }

    private static JsonObject body(PeerRequest req) {
        return new JsonObject(req.bodyAsString());
    }

    private PeerResponse create(PeerRequest req) {
        JsonObject in;
        try {
            in = body(req);
        } catch (DecodeException | ClassCastException e) {
            return error(400, "Exception while reading request", "The payload is not valid JSON.");
        }
        String sysId;
        synchronized (random) {
            sysId = Ids.hex(random, 32);
        }
        Instant now = clock().instant();
        JsonObject rec = new JsonObject();
        for (String k : in.fieldNames()) {
            if (!k.startsWith("sys_")) {
                Object v = in.getValue(k);
                rec.put(k, v == null ? "" : v.toString());
            }
        }
        rec.put("sys_id", sysId);
        rec.put("number", "INC" + String.format("%07d", number.getAndIncrement()));
        rec.put("state", rec.getString("state", "1"));
        rec.put("active", "true");
        rec.put("impact", rec.getString("impact", "3"));
        rec.put("urgency", rec.getString("urgency", "3"));
        rec.put("priority", priority(rec.getString("impact"), rec.getString("urgency")));
        rec.put("sys_created_on", GLIDE.format(now));
        rec.put("sys_updated_on", GLIDE.format(now));
        rec.put("opened_at", GLIDE.format(now));
        rec.put("work_notes_history", new JsonArray());
        if (rec.containsKey("assignment_group")) {
            String g = rec.getString("assignment_group");
            rec.put("assignment_group", new JsonObject().put("link", baseUrl() + "/api/now/table/sys_user_group/" + g).put("value", g));
        }
        synchronized (incidents) {
            incidents.put(sysId, rec);
        }
        return PeerResponse.of(201, "application/json;charset=UTF-8", new JsonObject().put("result", view(rec)).encode())
                .withHeader("Location", baseUrl() + "/api/now/table/incident/" + sysId);
    }

    private static JsonObject view(JsonObject rec) {
        JsonObject v = rec.copy();
        v.remove("work_notes_history");
        return v;
    }

    private static String priority(String impact, String urgency) {
        try {
            int sum = Integer.parseInt(impact) + Integer.parseInt(urgency);
            return Integer.toString(Math.max(1, Math.min(5, sum - 1)));
        } catch (NumberFormatException e) {
            return "4";
        }
    }

    private PeerResponse read(String sysId) {
        JsonObject rec = incident(sysId);
        if (rec == null) {
            return error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
        }
        return PeerResponse.of(200, "application/json;charset=UTF-8", new JsonObject().put("result", view(rec)).encode());
    }

    private PeerResponse query(PeerRequest req, boolean v2) {
        Map<String, String> q = QueryString.parse(req.query());
        List<JsonObject> all = new ArrayList<>(incidents());
        Comparator<JsonObject> order = null;
        String query = q.getOrDefault("sysparm_query", "");
        for (String cond : query.isEmpty() ? new String[0] : query.split("\\^")) {
            if (cond.startsWith("ORDERBYDESC")) {
                String f = cond.substring(11);
                order = Comparator.comparing((JsonObject o) -> String.valueOf(o.getValue(f, ""))).reversed();
            } else if (cond.startsWith("ORDERBY")) {
                String f = cond.substring(7);
                order = Comparator.comparing((JsonObject o) -> String.valueOf(o.getValue(f, "")));
            } else if (cond.contains("!=")) {
                String f = cond.substring(0, cond.indexOf("!="));
                String v = cond.substring(cond.indexOf("!=") + 2);
                if (knownField(all, f)) {
                    all.removeIf(o -> v.equals(fieldValue(o, f)));
                }
            } else if (cond.contains("=")) {
                String f = cond.substring(0, cond.indexOf('='));
                String v = cond.substring(cond.indexOf('=') + 1);
                if (knownField(all, f)) {
                    all.removeIf(o -> !v.equals(fieldValue(o, f)));
                }
            }
        }
        if (order != null) {
            all.sort(order);
        }
        int total = all.size();
        String limit = q.get("sysparm_limit");
        if (limit != null) {
            try {
                all = all.subList(0, Math.min(all.size(), Integer.parseInt(limit)));
            } catch (NumberFormatException e) {
                return error(400, "Invalid sysparm_limit", limit);
            }
        }
        String fields = q.get("sysparm_fields");
        JsonArray result = new JsonArray();
        for (JsonObject o : all) {
            JsonObject v = view(o);
            if (fields != null && !fields.isBlank()) {
                JsonObject only = new JsonObject();
                for (String f : fields.split(",")) {
                    if (v.containsKey(f.trim())) {
                        only.put(f.trim(), v.getValue(f.trim()));
                    }
                }
                v = only;
            }
            result.add(v);
        }
        if (result.isEmpty() && !v2) {
            return error(404, "No Record found", "Records matching query not found. Check query parameter or offset parameter");
        }
        return PeerResponse.of(200, "application/json;charset=UTF-8", new JsonObject().put("result", result).encode())
                .withHeader("X-Total-Count", Integer.toString(total));
    }

    /** Real instances ignore conditions on fields that do not exist (docs/channels.md §2.2). */
    private static boolean knownField(List<JsonObject> records, String field) {
        return Set.of("correlation_id", "active", "state", "number", "sys_id", "short_description", "priority",
                "impact", "urgency", "caller_id", "category", "correlation_display").contains(field)
                || records.stream().anyMatch(o -> o.containsKey(field));
    }

    private static String fieldValue(JsonObject o, String f) {
        Object v = o.getValue(f);
        if (v instanceof JsonObject ref) {
            return ref.getString("value");
        }
        return v == null ? "" : v.toString();
    }

    private PeerResponse update(PeerRequest req, String sysId) {
        JsonObject in;
        try {
            in = body(req);
        } catch (DecodeException | ClassCastException e) {
            return error(400, "Exception while reading request", "The payload is not valid JSON.");
        }
        synchronized (incidents) {
            JsonObject rec = incidents.get(sysId);
            if (rec == null) {
                return error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
            }
            String state = in.getValue("state") == null ? rec.getString("state") : in.getValue("state").toString();
            if (state.equals("6") || state.equals("7")) {
                String code = in.getValue("close_code") != null ? in.getValue("close_code").toString() : rec.getString("close_code");
                String notes = in.getValue("close_notes") != null ? in.getValue("close_notes").toString() : rec.getString("close_notes");
                if (code == null || code.isBlank() || notes == null || notes.isBlank()) {
                    return error(403, "Operation Failed", "Data Policy Exception: \n\tThe following fields are mandatory: Resolution code, Resolution notes");
                }
                if (!CLOSE_CODES.contains(code)) {
                    return error(403, "Operation Failed", "Data Policy Exception: \n\tInvalid choice for Resolution code: " + code);
                }
            }
            for (String k : in.fieldNames()) {
                if (k.equals("work_notes") || k.equals("comments")) {
                    rec.getJsonArray("work_notes_history").add(new JsonObject().put("field", k)
                            .put("value", String.valueOf(in.getValue(k))).put("at", GLIDE.format(clock().instant())));
                }
                if (!k.startsWith("sys_") && !k.equals("number")) {
                    Object v = in.getValue(k);
                    rec.put(k, v == null ? "" : v.toString());
                }
            }
            rec.put("priority", priority(rec.getString("impact"), rec.getString("urgency")));
            String now = GLIDE.format(clock().instant());
            rec.put("sys_updated_on", now);
            if ((state.equals("6") || state.equals("7") || state.equals("8"))) {
                rec.put("active", "false");
                if (!rec.containsKey("resolved_at") || rec.getString("resolved_at").isEmpty()) {
                    rec.put("resolved_at", now);
                }
            } else {
                rec.put("active", "true");
            }
            return PeerResponse.of(200, "application/json;charset=UTF-8", new JsonObject().put("result", view(rec)).encode());
        }
    }

    /** Work notes and comments added to an incident, oldest first ({field, value, at}). */
    public List<JsonObject> journal(String sysId) {
        synchronized (incidents) {
            JsonObject rec = incidents.get(sysId);
            return rec == null ? List.of() : rec.getJsonArray("work_notes_history").stream().map(o -> ((JsonObject) o).copy()).toList();
        }
    }

    private PeerResponse eventManagement(PeerRequest req) {
        if (!"POST".equals(req.method())) {
            return error(405, "Method not Supported", req.method());
        }
        JsonObject in;
        try {
            in = body(req);
        } catch (DecodeException | ClassCastException e) {
            return error(400, "Exception while reading request", "The payload is not valid JSON.");
        }
        if (!(in.getValue("records") instanceof JsonArray records)) {
            return error(400, "Invalid request", "Expected {\"records\":[...]}");
        }
        int n = 0;
        for (Object o : records) {
            if (o instanceof JsonObject e) {
                events.add(e.copy());
                n++;
            }
        }
        return PeerResponse.of(200, "application/json;charset=UTF-8",
                new JsonObject().put("result", new JsonObject().put("Default Bulk Endpoint", n + " events were inserted")).encode());
    }
}
