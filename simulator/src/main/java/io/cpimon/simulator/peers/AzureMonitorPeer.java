package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.odata.QueryString;
import io.cpimon.simulator.tenant.Ids;
import io.cpimon.simulator.tenant.TestCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Azure Monitor Logs Ingestion on loopback over HTTPS (docs/channels.md §3.1, §7), with a certificate from
 * {@link TestCertificate#shared()}. Entra-style token endpoint {@code POST /<tenantId>/oauth2/v2.0/token}
 * (client_credentials, scope {@code https://monitor.azure.com//.default}); ingestion
 * {@code POST /dataCollectionRules/<dcr>/streams/<stream>?api-version=2023-01-01} with a bearer it issued,
 * gzip or plain JSON array bodies; 204 on success, 413 {@code ContentLengthLimitExceeded} over 1 048 576 bytes
 * (compressed or uncompressed), 400 for a body that is not a JSON array or holds a row a test marked as refused
 * ({@link #refuseRows}, a schema mismatch), 401/404 for a wrong token/DCR, and 429 with {@code Retry-After} beyond a
 * per-DCR request budget ({@link #throttle}), 403 {@code OperationFailed} for a valid token without the
 * Monitoring Metrics Publisher role on the DCR ({@link #withoutRole}). More rules than the first: {@link #addRule()}.
 * The token endpoint also takes a workload identity's federated token ({@code client_assertion} of type
 * {@code jwt-bearer}, {@link #federatedToken()}); {@code GET /msi/token} is the managed identity endpoint of App Service
 * and Container Apps ({@link #identityEndpoint()}, header {@code X-IDENTITY-HEADER: }{@link #identityHeader()},
 * {@code api-version=2019-08-01}). Thread-safe.
 */
public final class AzureMonitorPeer extends HttpPeer {

    static final int LIMIT = 1_048_576;

    private final TestCertificate certificate;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final String dcrImmutableId;
    private final String federatedToken;
    private final String identityHeader;
    private final AtomicInteger identityTokens = new AtomicInteger();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<JsonObject>> rows = new ConcurrentHashMap<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final SplittableRandom random = new SplittableRandom(0xA2);
    private final Set<String> extraRules = ConcurrentHashMap.newKeySet();
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();
    private volatile Predicate<JsonObject> refused = row -> false;
    private volatile int requestsPerMinute;
    private volatile boolean withoutRole;
    private int ruleCounter;

    public AzureMonitorPeer(Vertx vertx, SimClock clock, int port) {
        this(vertx, clock, port, TestCertificate.shared());
    }

    private AzureMonitorPeer(Vertx vertx, SimClock clock, int port, TestCertificate cert) {
        super("azure-monitor", vertx, clock, new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(cert.keystore().toString()).setPassword(cert.password())));
        this.certificate = cert;
        SplittableRandom r = new SplittableRandom(0xA3);
        this.tenantId = uuid(r);
        this.clientId = uuid(r);
        this.clientSecret = Ids.messageGuid(r).substring(2) + "~" + Ids.hex(r, 8);
        this.dcrImmutableId = "dcr-" + Ids.hex(r, 32);
        this.federatedToken = "eyJhbGciOiJSUzI1NiJ9." + Ids.hex(r, 48) + "." + Ids.hex(r, 64);
        this.identityHeader = uuid(r);
        start(port);
    }

    private static String uuid(SplittableRandom r) {
        return Ids.hex(r, 8) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 12);
    }

    /** The certificate clients must trust. */
    public TestCertificate certificate() {
        return certificate;
    }

    /** The logs-ingestion endpoint (DCE/DCR endpoint), {@code https://127.0.0.1:<port>}. */
    public String endpoint() {
        return baseUrl();
    }

    /** The authority host (what {@code https://login.microsoftonline.com/} is in production). */
    public String authorityHost() {
        return baseUrl() + "/";
    }

    public String tokenUrl() {
        return baseUrl() + "/" + tenantId + "/oauth2/v2.0/token";
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String dcrImmutableId() {
        return dcrImmutableId;
    }

    /**
     * The federated token (what AKS projects into {@code AZURE_FEDERATED_TOKEN_FILE}) this peer accepts as the
     * client assertion of {@link #clientId()}.
     */
    public String federatedToken() {
        return federatedToken;
    }

    /** The managed identity endpoint, what {@code IDENTITY_ENDPOINT} is on App Service and Container Apps. */
    public String identityEndpoint() {
        return baseUrl() + "/msi/token";
    }

    /** The secret the managed identity endpoint expects in {@code X-IDENTITY-HEADER} ({@code IDENTITY_HEADER}). */
    public String identityHeader() {
        return identityHeader;
    }

    /** Tokens issued by the managed identity endpoint since the last {@link #clear()}. */
    public int identityTokensIssued() {
        return identityTokens.get();
    }

    /** Another data collection rule this peer accepts (its immutable id), with its own request budget. */
    public synchronized String addRule() {
        String id = "dcr-" + Ids.hex(new SplittableRandom(0xA4 + ++ruleCounter), 32);
        extraRules.add(id);
        return id;
    }

    /** Answer 400 {@code InvalidRequestContent} to every batch holding a row that matches (until cleared). */
    public void refuseRows(Predicate<JsonObject> rows) {
        this.refused = rows == null ? row -> false : rows;
    }

    /**
     * At most {@code perMinute} ingestion calls per DCR and minute (real time), 429 with {@code Retry-After} beyond;
     * 0 removes the budget.
     */
    public void throttle(int perMinute) {
        this.requestsPerMinute = perMinute;
        windows.clear();
    }

    /**
     * Whether the client's identity lacks the Monitoring Metrics Publisher role on the DCR: its tokens are still
     * issued, its ingestion calls answered 403 {@code OperationFailed} (until cleared).
     */
    public void withoutRole(boolean without) {
        this.withoutRole = without;
    }

    /** Rows ingested into {@code stream}, in order. */
    public List<JsonObject> rows(String stream) {
        List<JsonObject> l = rows.get(stream);
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Every stream with rows. */
    public List<String> streams() {
        return new ArrayList<>(rows.keySet());
    }

    /** Row counts of the accepted batches, in order. */
    public List<Integer> batches() {
        return List.copyOf(batchSizes);
    }

    @Override
    protected void onClear() {
        rows.clear();
        batchSizes.clear();
        tokens.clear();
        identityTokens.set(0);
        refused = row -> false;
        requestsPerMinute = 0;
        withoutRole = false;
        windows.clear();
    }

    private static PeerResponse error(int status, String code, String message) {
        return PeerResponse.of(status, "application/json", new JsonObject()
                .put("error", new JsonObject().put("code", code).put("message", message)).encode());
    }

    @Override
    protected PeerResponse failure(int status) {
        return switch (status) {
            case 429 -> error(429, "TooManyRequests", "Rate limit exceeded for the data collection rule. Retry after the duration in Retry-After.");
            case 403 -> error(403, "OperationFailed", "The authentication token provided does not have access to ingest"
                    + " data for the data collection rule with immutable Id '" + dcrImmutableId + "'.");
            default -> error(status, "ServiceUnavailable", "Simulated failure " + status);
        };
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (req.path().equals("/" + tenantId + "/oauth2/v2.0/token")) {
            return token(req);
        }
        if (req.path().equals("/msi/token")) {
            return identityToken(req);
        }
        if (!req.path().startsWith("/dataCollectionRules/")) {
            return error(404, "NotFound", "Unknown path " + req.path());
        }
        if (!"POST".equals(req.method())) {
            return error(405, "MethodNotAllowed", "Use POST");
        }
        String[] parts = req.path().split("/");
        // "", dataCollectionRules, <dcr>, streams, <stream>
        if (parts.length != 5 || !parts[3].equals("streams")) {
            return error(404, "NotFound", "Unknown path " + req.path());
        }
        Map<String, String> q = QueryString.parse(req.query());
        if (!q.containsKey("api-version")) {
            return error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }
        String auth = req.header("Authorization");
        Instant exp = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7).trim()) : null;
        if (exp == null || !clock().instant().isBefore(exp)) {
            return error(401, "InvalidToken", "The provided access token is missing, invalid or expired.");
        }
        if (!parts[2].equals(dcrImmutableId) && !extraRules.contains(parts[2])) {
            return error(404, "NotFound", "Data collection rule with immutable Id '" + parts[2] + "' not found.");
        }
        if (withoutRole) {
            return failure(403);
        }
        PeerResponse throttled = throttled(parts[2]);
        if (throttled != null) {
            return throttled;
        }
        byte[] body = req.body();
        if (body.length > LIMIT) {
            return tooLarge(body.length);
        }
        if ("gzip".equalsIgnoreCase(req.header("Content-Encoding"))) {
            try {
                body = gunzip(body);
            } catch (IOException e) {
                return error(400, "InvalidContentEncoding", "The body is not valid gzip: " + e.getMessage());
            }
            if (body.length > LIMIT) {
                return tooLarge(body.length);
            }
        }
        JsonArray array;
        try {
            array = new JsonArray(new String(body, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            return error(400, "InvalidRequestContent", "The request body must be a JSON array of objects.");
        }
        List<JsonObject> accepted = new ArrayList<>(array.size());
        for (Object o : array) {
            if (!(o instanceof JsonObject row)) {
                return error(400, "InvalidRequestContent", "Every element of the array must be an object.");
            }
            if (refused.test(row)) {
                return error(400, "InvalidRequestContent", "The record does not match the stream declaration of '"
                        + parts[4] + "'.");
            }
            accepted.add(row);
        }
        rows.computeIfAbsent(parts[4], s -> new CopyOnWriteArrayList<>()).addAll(accepted);
        batchSizes.add(accepted.size());
        return PeerResponse.empty(204);
    }

    /** The 429 of a DCR over its budget in the current minute, else null (and the call counted). */
    private PeerResponse throttled(String dcr) {
        int budget = requestsPerMinute;
        if (budget <= 0) {
            return null;
        }
        long now = System.nanoTime();
        long[] w = windows.computeIfAbsent(dcr, d -> new long[] {now, 0});
        synchronized (w) {
            if (now - w[0] >= 60_000_000_000L) {
                w[0] = now;
                w[1] = 0;
            }
            if (w[1] < budget) {
                w[1]++;
                return null;
            }
            long seconds = Math.max(1, (w[0] + 60_000_000_000L - now + 999_999_999L) / 1_000_000_000L);
            return error(429, "TooManyRequests", "Rate limit exceeded for the data collection rule. Retry after "
                    + seconds + " seconds.").withHeader("Retry-After", Long.toString(seconds));
        }
    }

    private static PeerResponse tooLarge(int length) {
        return error(413, "ContentLengthLimitExceeded", "Maximum allowed content length: " + LIMIT
                + " bytes (1 MB). Provided content length: " + length + " bytes.");
    }

    /** Inflates with a cap just above the limit, so a gzip bomb cannot exhaust memory. */
    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readNBytes(LIMIT + 1);
        }
    }

    private PeerResponse token(PeerRequest req) {
        Map<String, String> form = QueryString.parse(req.bodyAsString());
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return PeerResponse.of(400, "application/json", "{\"error\":\"unsupported_grant_type\","
                    + "\"error_description\":\"AADSTS70003: The app requested an unsupported grant type.\","
                    + "\"error_codes\":[70003]}");
        }
        if (!clientId.equals(form.get("client_id"))) {
            return PeerResponse.of(400, "application/json", "{\"error\":\"unauthorized_client\","
                    + "\"error_description\":\"AADSTS700016: Application with identifier '" + form.get("client_id")
                    + "' was not found in the directory.\",\"error_codes\":[700016]}");
        }
        if (form.containsKey("client_assertion")) {
            if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                    || !federatedToken.equals(form.get("client_assertion"))) {
                return PeerResponse.of(401, "application/json", "{\"error\":\"invalid_client\","
                        + "\"error_description\":\"AADSTS700213: No matching federated identity record found for"
                        + " presented assertion subject.\",\"error_codes\":[700213]}");
            }
        } else if (!clientSecret.equals(form.get("client_secret"))) {
            return PeerResponse.of(401, "application/json", "{\"error\":\"invalid_client\","
                    + "\"error_description\":\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215]}");
        }
        // MSAL adds openid, profile and offline_access to the resource's scope: one of the scopes must be Monitor's
        List<String> scopes = List.of(form.getOrDefault("scope", "").split(" "));
        if (!scopes.contains("https://monitor.azure.com//.default") && !scopes.contains("https://monitor.azure.com/.default")) {
            return PeerResponse.of(400, "application/json", "{\"error\":\"invalid_scope\","
                    + "\"error_description\":\"AADSTS70011: The provided value for the input parameter 'scope' is not valid.\","
                    + "\"error_codes\":[70011]}");
        }
        String token = issue();
        return PeerResponse.of(200, "application/json; charset=utf-8", new JsonObject().put("token_type", "Bearer")
                .put("expires_in", 3599).put("ext_expires_in", 3599).put("access_token", token).encode());
    }

    /** The App Service / Container Apps managed identity endpoint (api-version 2019-08-01). */
    private PeerResponse identityToken(PeerRequest req) {
        if (!"GET".equals(req.method())) {
            return error(405, "MethodNotAllowed", "Use GET");
        }
        if (!identityHeader.equals(req.header("X-IDENTITY-HEADER"))) {
            return PeerResponse.of(401, "application/json",
                    new JsonObject().put("statusCode", 401).put("message", "Unauthorized").encode());
        }
        Map<String, String> q = QueryString.parse(req.query());
        if (!"2019-08-01".equals(q.get("api-version"))) {
            return PeerResponse.of(400, "application/json", new JsonObject().put("statusCode", 400)
                    .put("message", "Unsupported api-version " + q.get("api-version")).encode());
        }
        String resource = q.getOrDefault("resource", "");
        String client = q.get("client_id");
        if (!resource.startsWith("https://monitor.azure.com") || client != null && !clientId.equals(client)) {
            return PeerResponse.of(400, "application/json", new JsonObject().put("statusCode", 400)
                    .put("message", "No managed identity for resource '" + resource + "' and client_id '" + client
                            + "'").encode());
        }
        String token = issue();
        identityTokens.incrementAndGet();
        return PeerResponse.of(200, "application/json; charset=utf-8", new JsonObject().put("access_token", token)
                .put("expires_on", Long.toString(clock().instant().plusSeconds(3599).getEpochSecond()))
                .put("resource", resource).put("token_type", "Bearer").put("client_id", clientId).encode());
    }

    /** A new access token, valid for the ingestion calls for an hour of the simulator's clock. */
    private String issue() {
        String token;
        synchronized (random) {
            token = "eyJ0eXAiOiJKV1QifQ." + Ids.messageGuid(random).substring(2) + Ids.messageGuid(random).substring(2) + "." + Ids.hex(random, 40);
        }
        tokens.put(token, clock().instant().plusSeconds(3599));
        return token;
    }
}
