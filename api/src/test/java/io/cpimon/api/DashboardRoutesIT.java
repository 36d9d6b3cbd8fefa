package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.api.routes.OverviewRoutes;
import io.cpimon.api.routes.OverviewViews;
import io.cpimon.api.routes.PairDetailRoutes;
import io.cpimon.api.routes.TenantDetailRoutes;
import io.cpimon.api.routes.TenantViews;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.AlertState;
import io.cpimon.db.ArtifactRow;
import io.cpimon.db.Database;
import io.cpimon.db.KeystoreRow;
import io.cpimon.db.MplRecord;
import io.cpimon.db.NewAlert;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.TenantRow;
import io.cpimon.db.testing.MplRecords;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard's routes over real HTTP and PostgreSQL: the overview, a tenant's heartbeat, stats, artifacts and
 * keystore, a pair's detail and its duplicates with keyset paging; bad input as problem+json naming the parameter,
 * unknown ids as 404.
 */
class DashboardRoutesIT {
    /** Half a minute into a minute: the 1h window is [11:01, 12:01). */
    static final Instant NOW = Instant.parse("2026-11-24T12:00:30Z");
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        CpimonConfig config = new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse("""
                tenants:
                  - { id: t1, name: Primary, api: { url: "https://t1.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t1-rt.example.com/http/health" } }
                  - { id: t2, name: DR, api: { url: "https://t2.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t2-rt.example.com/http/health" } }
                  - { id: t3, name: Dev, api: { url: "https://t3.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t3-rt.example.com/http/health" } }
                pairs: [ { id: p, primary: t1, dr: t2, duplicateWindow: 1h } ]
                """, "test.yaml");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        db.tenants().sync(List.of(new TenantRow("t1", "Primary", Map.of(), "p", "primary", null, null),
                new TenantRow("t2", "DR", Map.of(), "p", "dr", null, null),
                new TenantRow("t3", "Dev", Map.of(), null, null, null, null)));
        seed();
        TenantViews views = new TenantViews(db.tenants(), db.probes(), db.cursors(), db.mpls(), db.alerts(), clock);
        PairStatusService pairs = new PairStatusService(db.alerts(), config.pairs());
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), clock), List.of(
                new OverviewRoutes(new OverviewViews(views, pairs, db.dashboard(), db.silences(), () -> Duration.ofHours(1),
                        clock)),
                new TenantDetailRoutes(db.tenants(), db.dashboard(), db.artifacts(), db.keystore(), clock),
                new PairDetailRoutes(config::pairs, pairs, db.alerts(), db.dashboard(), clock)));
        server.start();
    }

    /** Probes, messages (one business key on both tenants twice), certificates, artifacts, a failover, a silence. */
    static void seed() {
        Instant hourAgo = NOW.minus(Duration.ofMinutes(59));
        db.probes().record(new ProbeResult("t1", hourAgo.plusSeconds(5), true, 401, 100, null));
        db.probes().record(new ProbeResult("t1", hourAgo.plusSeconds(20), false, null, 5000, "connection refused"));
        db.probes().record(new ProbeResult("t1", NOW.minusSeconds(10), true, 401, 300, null));
        db.probes().record(new ProbeResult("t2", NOW.minusSeconds(10), true, 401, 50, null));
        db.probes().record(new ProbeResult("t3", NOW.minusSeconds(10), false, 503, 20, "503"));
        Instant recent = NOW.minus(Duration.ofMinutes(10));
        db.mpls().upsertPage("t1", List.of(MplRecords.mpl("t1", "a1", "COMPLETED", recent),
                MplRecords.mpl("t1", "a2", "COMPLETED", recent.plusSeconds(1)),
                MplRecords.mpl("t1", "a3", "COMPLETED", recent.plusSeconds(2)),
                MplRecords.mpl("t1", "a4", "FAILED", recent.plusSeconds(3)),
                keyed(MplRecords.mpl("t1", "d1", "COMPLETED", recent.plusSeconds(4)), "order-1"),
                keyed(MplRecords.mpl("t1", "d2", "COMPLETED", recent.plusSeconds(6)), "order-2")), null);
        db.mpls().upsertPage("t2", List.of(keyed(MplRecords.mpl("t2", "e1", "COMPLETED", recent.plusSeconds(64)), "order-1"),
                keyed(MplRecords.mpl("t2", "e2", "COMPLETED", recent.minusSeconds(30)), "order-2"),
                keyed(MplRecords.mpl("t2", "e3", "COMPLETED", recent.minus(Duration.ofHours(3))), "order-1")), null);
        db.keystore().replace("t1", List.of(cert("t1", "soon", NOW.plus(Duration.ofDays(10))),
                cert("t1", "later", NOW.plus(Duration.ofDays(100))), cert("t1", "forever", null)));
        db.artifacts().replace("t1", List.of(artifact("t1", "A", "1.0.1"), artifact("t1", "B", "2.0.0"),
                artifact("t1", "C", "1.0.0")));
        db.artifacts().replace("t2", List.of(artifact("t2", "A", "1.0.0"), artifact("t2", "C", "1.0.0"),
                artifact("t2", "Z", "9.0.0")));
        db.alerts().open(new NewAlert("failover-p", "failover", Map.of("rule", "failover", "pair", "p"),
                Map.of("summary", "Pair p failed over"), AlertState.FIRING, NOW.minus(Duration.ofMinutes(20))), List.of());
        db.silences().create(List.of(LabelMatcher.parse("tenant=\"t3\"")), NOW.plus(Duration.ofHours(2)),
                NOW.plus(Duration.ofHours(3)), "alice", "patching");
    }

    static MplRecord keyed(MplRecord r, String key) {
        return new MplRecord(r.tenantId(), r.messageGuid(), r.correlationId(), key, r.applicationMessageType(),
                r.predecessorMessageGuid(), r.logStart(), r.logEnd(), r.sender(), r.receiver(),
                r.integrationFlowName(), r.status(), r.customStatus(), r.alternateWebLink(), r.artifactId(),
                r.artifactName(), r.artifactType(), r.packageId(), r.packageName(), r.logLevel(), r.archivingStatus(),
                r.transactionId(), r.previousComponentName(), r.localComponentName(), r.originComponentName(), key,
                r.customHeaders(), r.errorText());
    }

    static KeystoreRow cert(String tenant, String alias, Instant notAfter) {
        return new KeystoreRow(tenant, alias, "Certificate", "owner", "CN=" + alias, "CN=ca", null, notAfter, NOW);
    }

    static ArtifactRow artifact(String tenant, String id, String version) {
        return new ArtifactRow(tenant, id, version, id, "INTEGRATION_FLOW", "STARTED", NOW.minus(Duration.ofDays(1)),
                "deployer", null, NOW);
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
        db.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject object(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    static JsonObject tenantOf(JsonObject overview, String id) {
        return overview.getJsonArray("tenants").stream().map(JsonObject.class::cast)
                .filter(t -> t.getJsonObject("tile").getString("id").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void overview_hasEveryTenantWithItsHeartbeatAndThroughput_thePairsServingTenant_countsAndMaintenance()
            throws Exception {
        JsonObject o = object("/api/v1/overview");
        assertThat(o.getString("range")).isEqualTo("1h");
        assertThat(o.getInteger("buckets")).isEqualTo(60);
        assertThat(o.getString("from")).isEqualTo("2026-11-24T11:01:00Z");
        assertThat(o.getJsonArray("tenants").size()).isEqualTo(3);

        JsonObject t1 = tenantOf(o, "t1");
        JsonArray beats = t1.getJsonArray("heartbeat");
        assertThat(beats.size()).isEqualTo(2);
        // [bucket, probes, down, p50Ms, maxMs]
        JsonArray first = beats.getJsonArray(0);
        assertThat(first.getInteger(0)).isZero();
        assertThat(first.getInteger(1)).isEqualTo(2);
        assertThat(first.getInteger(2)).as("worst of the bucket").isEqualTo(1);
        assertThat(first.getLong(3)).as("latency of the probes that were up").isEqualTo(100);
        assertThat(beats.getJsonArray(1).getInteger(0)).isEqualTo(59);
        // [bucket, total, completed, failed]
        long total = t1.getJsonArray("throughput").stream().map(JsonArray.class::cast)
                .mapToLong(b -> b.getLong(1)).sum();
        assertThat(total).isEqualTo(6);
        assertThat(t1.getDouble("successRate")).isEqualTo(5.0 / 6.0);
        assertThat(t1.getLong("certificatesExpiring")).isEqualTo(1);
        assertThat(t1.getLong("failed")).isEqualTo(1);

        JsonObject pair = o.getJsonArray("pairs").getJsonObject(0);
        assertThat(pair.getString("serving")).as("the failover alert fires").isEqualTo("t2");
        assertThat(pair.getBoolean("failedOver")).isTrue();
        JsonObject counts = o.getJsonObject("counts");
        assertThat(counts.getLong("failed")).isEqualTo(1);
        assertThat(counts.getLong("certificatesExpiring")).isEqualTo(1);
        assertThat(counts.getLong("deadNotifications")).isZero();
        assertThat(counts.getInteger("firing")).isZero();
        assertThat(o.getJsonArray("down").getList()).containsExactly("t3");
        JsonObject window = o.getJsonArray("maintenance").getJsonObject(0);
        assertThat(window.getString("createdBy")).isEqualTo("alice");
        assertThat(window.getJsonArray("matchers").getList()).containsExactly("tenant=\"t3\"");

        JsonObject day = object("/api/v1/overview?range=24h");
        assertThat(day.getInteger("buckets")).isEqualTo(96);
        assertThat(day.getLong("bucketSeconds")).isEqualTo(900);
    }

    @Test
    void tenantHeartbeat_bucketsWorstOfWithLatency_overEachRange() throws Exception {
        JsonObject h = object("/api/v1/tenants/t1/heartbeat?range=1h");
        assertThat(h.getLong("bucketSeconds")).isEqualTo(60);
        assertThat(h.getJsonArray("heartbeat").getJsonObject(0).getInteger("down")).isEqualTo(1);
        assertThat(h.getJsonArray("heartbeat").getJsonObject(1).getLong("maxMs")).isEqualTo(300);
        for (String range : List.of("24h", "7d", "30d")) {
            JsonObject r = object("/api/v1/tenants/t1/heartbeat?range=" + range);
            int probes = r.getJsonArray("heartbeat").stream().map(JsonObject.class::cast)
                    .mapToInt(b -> b.getInteger("probes")).sum();
            assertThat(probes).as(range).isEqualTo(3);
        }
    }

    @Test
    void tenantStats_throughputByStatus_successRate_topFailing() throws Exception {
        JsonObject s = object("/api/v1/tenants/t1/stats?range=24h");
        assertThat(s.getJsonObject("totals").getMap()).containsEntry("COMPLETED", 5).containsEntry("FAILED", 1);
        assertThat(s.getDouble("successRate")).isEqualTo(5.0 / 6.0);
        assertThat(s.getInteger("probes")).isEqualTo(3);
        assertThat(s.getInteger("probesDown")).isEqualTo(1);
        JsonObject failing = s.getJsonArray("topFailing").getJsonObject(0);
        assertThat(failing.getString("iflow")).isEqualTo("Orders_Replicate");
        assertThat(failing.getLong("failed")).isEqualTo(1);
        assertThat(failing.getLong("total")).isEqualTo(6);
        assertThat(failing.getString("lastError")).isEqualTo("HTTP 500 from receiver");
        assertThat(s.getJsonArray("throughput").getJsonObject(0).getJsonObject("byStatus").getMap())
                .containsKey("COMPLETED");
    }

    @Test
    void tenantArtifacts_sideBySideWithThePartner_andTheKeystoreByExpiry() throws Exception {
        JsonObject a = object("/api/v1/tenants/t1/artifacts");
        assertThat(a.getString("partner")).isEqualTo("t2");
        Map<String, Object> drift = a.getJsonArray("artifacts").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(x -> x.getJsonObject("artifact").getString("artifactId"),
                        x -> String.valueOf(x.getValue("drift"))));
        assertThat(drift).containsEntry("A", "version").containsEntry("B", "missing-on-partner")
                .containsEntry("C", "null");
        assertThat(a.getJsonArray("onlyOnPartner").getJsonObject(0).getString("artifactId")).isEqualTo("Z");
        assertThat(object("/api/v1/tenants/t3/artifacts").getValue("partner")).isNull();

        JsonArray keys = new JsonArray(get("/api/v1/tenants/t1/keystore").body());
        assertThat(keys.stream().map(JsonObject.class::cast).map(k -> k.getJsonObject("entry").getString("alias")))
                .containsExactly("soon", "later", "forever");
        assertThat(keys.getJsonObject(0).getLong("daysLeft")).isEqualTo(10);
        assertThat(keys.getJsonObject(2).getValue("daysLeft")).isNull();
    }

    @Test
    void pairDetail_timelineOfTheServingTenant_eventsAndHeartbeats() throws Exception {
        JsonObject p = object("/api/v1/pairs/p");
        assertThat(p.getString("duplicateWindow")).isEqualTo("1h");
        JsonArray timeline = p.getJsonArray("timeline");
        assertThat(timeline.stream().map(JsonObject.class::cast).map(s -> s.getString("tenant")))
                .containsExactly("t1", "t2");
        assertThat(timeline.getJsonObject(1).getString("from")).isEqualTo(NOW.minus(Duration.ofMinutes(20)).toString());
        assertThat(timeline.getJsonObject(1).getString("to")).isEqualTo(NOW.toString());
        assertThat(p.getJsonArray("events").getJsonObject(0).getString("rule")).isEqualTo("failover");
        assertThat(p.getJsonArray("primaryHeartbeat").size()).isPositive();
        assertThat(p.getJsonObject("pair").getString("activeTenant")).isEqualTo("t2");
    }

    @Test
    void duplicates_sideBySideWithDelta_keysetPaged() throws Exception {
        HttpResponse<String> first = get("/api/v1/duplicates?pair=p&limit=1");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonObject d = new JsonArray(first.body()).getJsonObject(0);
        assertThat(d.getString("businessKey")).isEqualTo("order-2");
        assertThat(d.getJsonObject("primary").getString("messageGuid")).isEqualTo("d2");
        assertThat(d.getJsonObject("dr").getString("messageGuid")).isEqualTo("e2");
        assertThat(d.getLong("deltaMs")).isEqualTo(-36_000);
        String cursor = first.headers().firstValue("X-Next-Cursor").orElseThrow();
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("pair=p").contains("before=" + cursor);

        JsonArray second = new JsonArray(get("/api/v1/duplicates?pair=p&limit=1&before=" + cursor).body());
        assertThat(second.getJsonObject(0).getString("businessKey")).isEqualTo("order-1");
        assertThat(second.getJsonObject(0).getJsonObject("dr").getString("messageGuid"))
                .as("the DR message outside the window is not a duplicate").isEqualTo("e1");
        HttpResponse<String> last = get("/api/v1/duplicates?pair=p&limit=1&before="
                + get("/api/v1/duplicates?pair=p&limit=1&before=" + cursor).headers().firstValue("X-Next-Cursor")
                .orElseThrow());
        assertThat(new JsonArray(last.body())).isEmpty();
        assertThat(last.headers().firstValue("X-Next-Cursor")).isEmpty();
        assertThat(new JsonArray(get("/api/v1/duplicates?pair=p&from=" + NOW.minus(Duration.ofMinutes(5))).body()))
                .isEmpty();
    }

    @Test
    void duplicates_sinceAndUntil_boundThePrimaryLogEnd_likeEveryList() throws Exception {
        Instant between = NOW.minus(Duration.ofMinutes(10)).plusSeconds(5); // after order-1's LogEnd, before order-2's
        assertThat(keys("/api/v1/duplicates?pair=p&since=" + between)).containsExactly("order-2");
        assertThat(keys("/api/v1/duplicates?pair=p&until=" + between)).containsExactly("order-1");
        assertThat(keys("/api/v1/duplicates?pair=p&to=" + between)).as("the older name").containsExactly("order-1");
        assertThat(keys("/api/v1/duplicates?pair=p&since=" + NOW.minus(Duration.ofHours(1)) + "&until=" + NOW))
                .containsExactly("order-2", "order-1");
    }

    private static List<String> keys(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(d -> ((JsonObject) d).getString("businessKey")).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v1/overview?range=7d                      | range",
        "/api/v1/overview?tenant=t1                     | tenant",
        "/api/v1/tenants/t1/heartbeat?range=2h          | range",
        "/api/v1/tenants/t1/stats?range=                | ''",
        "/api/v1/tenants/t1/stats?range=week            | range",
        "/api/v1/tenants/t1/keystore?limit=5            | limit",
        "/api/v1/pairs/p?range=90d                      | range",
        "/api/v1/duplicates                             | pair",
        "/api/v1/duplicates?pair=nope                   | pair",
        "/api/v1/duplicates?pair=p&limit=0              | limit",
        "/api/v1/duplicates?pair=p&from=yesterday       | from",
        "/api/v1/duplicates?pair=p&before=garbage       | before",
        "/api/v1/duplicates?pair=p&from=2026-11-24T12:00:00Z&to=2026-11-24T11:00:00Z | from",
        "/api/v1/duplicates?pair=p&since=yesterday      | since",
        "/api/v1/duplicates?pair=p&until=2026-02-30T00:00:00Z | until",
        "/api/v1/duplicates?pair=p&since=2026-11-24T12:00:00Z&until=2026-11-24T11:00:00Z | since",
        "/api/v1/duplicates?pair=p&since=2026-11-24T10:00:00Z&from=2026-11-24T10:00:00Z | from",
    })
    void badInput_isA400ProblemNamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> r = get(path.strip());
        if (parameter.isEmpty()) {
            assertThat(r.statusCode()).as("a blank range is the default").isEqualTo(200);
            return;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains(parameter);
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/tenants/nope/heartbeat", "/api/v1/tenants/nope/stats", "/api/v1/tenants/nope/artifacts",
        "/api/v1/tenants/nope/keystore", "/api/v1/pairs/nope"})
    void unknownIds_are404Problems(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains("nope");
    }
}
