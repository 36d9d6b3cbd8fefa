package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.api.SecurityHeaders;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.Secret;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The demo landscape with distinctive secrets everywhere (tenants' OAuth client secret and basic password, the Teams
 * webhook's signature, the Azure Monitor forwarder's client secret, three API tokens), run with {@code logging.format:
 * json} and debug logs for cpimon: polls, an outage that notifies, API calls with every kind of error and a failed
 * login. Every captured log line parses as JSON (the tenant loops' lines carry their tenant), and no log line, API
 * response body or notification the peers received contains any of the secrets. And the role matrix: every route of
 * the router, called without a token and with each role's token, answers as {@link #needed} says.
 */
class HardenedServerIT {
    private static final String ADMIN = "adm-7Q2x9KfZ-secret-token";
    private static final String OPERATOR = "ops-4Lm8Rw1T-secret-token";
    private static final String VIEWER = "vwr-9Hc3Pz6B-secret-token";

    static RunningCpimon cpimon;
    static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    static OutputStreamAppender<ILoggingEvent> capture;
    static Level cpimonLevel;
    static final List<String> responses = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger cpimonLogger = context.getLogger("io.cpimon");
        cpimonLevel = cpimonLogger.getLevel();
        cpimonLogger.setLevel(Level.DEBUG);
        capture = new OutputStreamAppender<>();
        capture.setName("capture");
        capture.setContext(context);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%msg%n");
        text.start();
        capture.setEncoder(text);
        capture.setOutputStream(logs);
        capture.start();
        root.addAppender(capture);
        // what Main does with logging.format: json (the console too, until the end of this class)
        assertThat(LogFormat.apply(new CpimonConfig.LoggingConfig(CpimonConfig.LogFormat.JSON))).contains("capture");

        cpimon = new RunningCpimon(c -> new CpimonConfig(
                new CpimonConfig.ServerConfig(c.server().host(), c.server().port(), List.of(
                        new CpimonConfig.TokenConfig("root", CpimonConfig.Role.ADMIN, Secret.of(ADMIN)),
                        new CpimonConfig.TokenConfig("oncall", CpimonConfig.Role.OPERATOR, Secret.of(OPERATOR)),
                        new CpimonConfig.TokenConfig("wall", CpimonConfig.Role.VIEWER, Secret.of(VIEWER)))),
                c.database(), c.retention(), c.tenants(), c.pairs(), c.rules(), c.channels(), c.routes(),
                c.forwarding(), new CpimonConfig.LoggingConfig(CpimonConfig.LogFormat.JSON)));
        exercise();
    }

    private static void exercise() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> call("GET", "/api/v1/messages?tenant=" + Demo.THIRD, VIEWER,
                null).length() > 2);
        cpimon.sim.tenant(Demo.PRIMARY).down();
        await().atMost(Duration.ofSeconds(30)).until(() -> cpimon.teamsTitles().stream()
                .anyMatch(t -> t.contains("(" + Demo.PRIMARY + ") is down")));
        // the notification can leave before any poll met the outage: it lasts until one of the tenant's loops logged it
        await().atMost(Duration.ofSeconds(90)).until(() -> logLines().stream()
                .anyMatch(l -> l.contains("\"thread_name\":\"poll-" + Demo.PRIMARY + "\"")
                        || l.contains("\"thread_name\":\"artifacts-" + Demo.PRIMARY + "\"")));
        cpimon.sim.tenant(Demo.PRIMARY).up();
        for (String path : List.of("/api/v1/tenants", "/api/v1/alerts?history=true", "/api/v1/notifications",
                "/api/v1/channels", "/api/v1/forwarders", "/api/v1/rules", "/api/v1/pairs", "/metrics",
                "/api/v1/messages?limit=abc", "/api/v1/alerts?state=burning", "/api/v1/nope", "/api/v1/tenants/nope")) {
            call("GET", path, VIEWER, null);
        }
        call("GET", "/api/v1/tenants", "not-a-token", null);
        call("GET", "/api/v1/tenants", null, null);
        call("POST", "/api/v1/channels/ops-teams/test", VIEWER, "{}");
        call("POST", "/api/v1/channels/ops-teams/test", OPERATOR, "{}");
        call("POST", "/api/v1/silences", OPERATOR, "{\"matchers\": 5}");
        call("POST", "/api/v1/session", null, "{\"token\": \"" + ADMIN.substring(0, 10) + "-wrong\"}");
        call("POST", "/api/v1/session", null, "{\"token\": \"" + VIEWER + "\"}");
        call("POST", "/api/v1/session", null, "{not json");
        await().atMost(Duration.ofSeconds(30)).until(() -> cpimon.teamsTitles().stream()
                .anyMatch(t -> t.startsWith("[RESOLVED]")));
    }

    private static String call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cpimon.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        synchronized (responses) {
            responses.add(r.headers().map() + "\n" + r.body());
        }
        return r.body();
    }

    /** Routes anyone may call: health, and the login itself (its answers are {@code ApiAuthIT}'s). */
    private static final Set<String> PUBLIC = Set.of("/healthz", "/readyz", "/api/v1/session");
    /** Routes that need more than their method does ({@code ApiAuth.requires}), by "METHOD path". */
    private static final Map<String, Role> ADMIN_ROUTES = Map.of(
            "POST /api/v1/reload", Role.ADMIN,
            "GET /api/v1/audit", Role.ADMIN);

    /**
     * The role a route needs: none for {@link #PUBLIC} and the dashboard's files, else what {@link #ADMIN_ROUTES}
     * says, else viewer to read (GET, HEAD) and operator to change state (every other method).
     */
    static Role needed(HttpMethod method, String path) {
        if (PUBLIC.contains(path) || !(path.startsWith("/api/") || path.equals("/metrics"))) {
            return null;
        }
        Role special = ADMIN_ROUTES.get(method.name() + " " + path);
        if (special != null) {
            return special;
        }
        return method == HttpMethod.GET || method == HttpMethod.HEAD ? Role.VIEWER : Role.OPERATOR;
    }

    /** The query a fixed-path read needs to answer 200 (its required parameters). */
    private static final Map<String, String> REQUIRED_QUERY = Map.of(
            "/api/v1/alerts/groups", "?by=rule",
            "/api/v1/duplicates", "?pair=prod");

    @Test
    void roleMatrix_everyRouteTimesNoTokenViewerOperatorAdmin() throws Exception {
        Set<String> endpoints = new TreeSet<>();
        for (Route route : cpimon.server.routes()) {
            if (route.getPath() != null && route.methods() != null) {
                route.methods().forEach(m -> endpoints.add(m.name() + " " + route.getPath()));
            }
        }
        assertThat(endpoints).contains("GET /api/v1/tenants", "POST /api/v1/alerts/:id/ack", "GET /metrics");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("none", null);
        tokens.put("viewer", VIEWER);
        tokens.put("operator", OPERATOR);
        tokens.put("admin", ADMIN);
        List<String> wrong = new ArrayList<>();
        for (String endpoint : endpoints) {
            HttpMethod method = HttpMethod.valueOf(endpoint.substring(0, endpoint.indexOf(' ')));
            String template = endpoint.substring(endpoint.indexOf(' ') + 1);
            if (template.equals("/api/v1/session")) {
                continue; // the login: its statuses depend on the body and the cookie, not on a role
            }
            String path = template.replaceAll(":[A-Za-z]+", "0") + REQUIRED_QUERY.getOrDefault(template, "");
            Role needed = needed(method, template);
            tokens.forEach((who, token) -> {
                int status = status(method.name(), path, token);
                Role role = token == null ? null : Role.valueOf(who.toUpperCase(Locale.ROOT));
                String expected;
                boolean ok;
                if (needed == null || role != null && role.ordinal() >= needed.ordinal()) {
                    boolean readsFixedPath = method == HttpMethod.GET && !template.contains(":");
                    expected = readsFixedPath ? "200" : "not 401/403";
                    ok = readsFixedPath ? status == 200 : status != 401 && status != 403;
                } else {
                    expected = role == null ? "401" : "403";
                    ok = status == (role == null ? 401 : 403);
                }
                if (!ok) {
                    wrong.add(endpoint + " as " + who + ": " + status + ", expected " + expected);
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    /** The status only (the event stream never ends: its body is not read). */
    private static int status(String method, String path, String token) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cpimon.url(path)))
                    .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (!path.endsWith("/events")) {
                    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (responses) {
                        responses.add(r.headers().map() + "\n" + text);
                    }
                }
            }
            return r.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyResponse_carriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/app.js", "/api/v1/tenants", "/api/v1/nope", "/healthz", "/metrics")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cpimon.url(path))).build(),
                    HttpResponse.BodyHandlers.ofString());
            SecurityHeaders.ALL.forEach((name, value) -> assertThat(r.headers().firstValue(name))
                    .as(path + " " + name).hasValue(value));
        }
    }

    @AfterAll
    static void stop() {
        if (cpimon != null) {
            cpimon.close();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(capture);
        capture.stop();
        if (root.getAppender("OUT") instanceof OutputStreamAppender<ILoggingEvent> console) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(context);
            text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
            text.start();
            console.setEncoder(text);
        }
        context.getLogger("io.cpimon").setLevel(cpimonLevel);
    }

    /** Every secret of the run by what it is. */
    private static Map<String, String> secrets() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String id : List.of(Demo.PRIMARY, Demo.DR)) {
            s.put(id + " OAuth client secret", cpimon.sim.tenant(id).clientSecret());
        }
        s.put(Demo.THIRD + " basic password", cpimon.sim.tenant(Demo.THIRD).basicPassword());
        String teams = cpimon.sim.teams().url();
        s.put("Teams webhook signature", teams.substring(teams.indexOf("sig=") + 4).split("&")[0]);
        s.put("Azure Monitor client secret", cpimon.sim.azureMonitor().clientSecret());
        s.put("admin token", ADMIN);
        s.put("operator token", OPERATOR);
        s.put("viewer token", VIEWER);
        s.values().forEach(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(16));
        return s;
    }

    private static List<String> logLines() {
        synchronized (logs) {
            return logs.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void jsonLogs_everyLineParses_andTheTenantLoopsCarryTheirTenant() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = logLines();
        assertThat(lines).hasSizeGreaterThan(20);
        int tenantLines = 0;
        for (String line : lines) {
            JsonNode o = json.readTree(line);
            assertThat(o.isObject()).as(line).isTrue();
            for (String field : List.of("@timestamp", "level", "logger_name", "message", "thread_name")) {
                assertThat(o.hasNonNull(field)).as(field + " in " + line).isTrue();
            }
            String thread = o.get("thread_name").asText();
            if (thread.matches("(poll|probe|artifacts)-.+")) {
                assertThat(o.path("tenant").asText()).as(line).isEqualTo(thread.substring(thread.indexOf('-') + 1));
                tenantLines++;
            }
        }
        assertThat(tenantLines).as("lines of the tenants' loops (the outage's failed polls)").isPositive();
        assertThat(lines).anySatisfy(l -> assertThat(json.readTree(l).path("tenant").asText())
                .isEqualTo(Demo.PRIMARY));
    }

    @Test
    void secrets_neverInLogsResponsesOrNotifications() {
        List<String> notifications = new ArrayList<>();
        cpimon.sim.teams().received().forEach(card -> notifications.add(card.encode()));
        cpimon.sim.azureMonitor().streams().forEach(stream -> cpimon.sim.azureMonitor().rows(stream)
                .forEach(row -> notifications.add(row.encode())));
        assertThat(notifications).isNotEmpty();
        assertThat(responses).hasSizeGreaterThan(15);
        List<String> hits = new ArrayList<>();
        secrets().forEach((what, secret) -> {
            logLines().stream().filter(l -> l.contains(secret)).forEach(l -> hits.add(what + " in a log line: " + l));
            responses.stream().filter(r -> r.contains(secret)).forEach(r -> hits.add(what + " in a response: " + r));
            notifications.stream().filter(n -> n.contains(secret)).forEach(n -> hits.add(what + " notified: " + n));
        });
        assertThat(hits).isEmpty();
    }
}
