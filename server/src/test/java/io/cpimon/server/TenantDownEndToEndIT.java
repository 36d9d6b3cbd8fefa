package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on a timeline: at t=0 the primary tenant goes down (connection refused); within the
 * deadline cpimon's probes fail twice, {@code tenant_down} fires, and the Teams peer receives exactly
 * one card about the tenant's outage; when the tenant is back, the alert resolves and a resolved card follows.
 */
class TenantDownEndToEndIT {
    static RunningCpimon cpimon;

    @BeforeAll
    static void start() throws Exception {
        // this test follows tenant_down alone; the other rules (failover, cert_expiry, …) are RuleScenariosIT's
        cpimon = new RunningCpimon(c -> c.withRules(c.rules().only("tenant_down")));
    }

    @AfterAll
    static void stop() {
        cpimon.close();
    }

    @Test
    void primaryDown_firesOneTeamsCard_thenResolvesWhenBack() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String id : List.of(Demo.PRIMARY, Demo.DR, Demo.THIRD)) {
                JsonObject t = cpimon.tenant(id);
                assertThat(t.getJsonObject("probe")).as(id + " probed").isNotNull();
                assertThat(t.getJsonObject("probe").getBoolean("up")).as(id + " up").isTrue();
                assertThat(t.getJsonObject("messages").getLong("total")).as(id + " ingested").isPositive();
            }
        });
        assertThat(tenantDownCards()).isEmpty();

        cpimon.sim.tenant(Demo.PRIMARY).down();

        await().atMost(Duration.ofSeconds(20)).until(() -> !tenantDownCards().isEmpty());
        JsonArray firing = cpimon.getArray("/api/v1/alerts?state=firing&rule=tenant_down");
        assertThat(firing).hasSize(1);
        JsonObject alert = firing.getJsonObject(0);
        assertThat(alert.getString("rule")).isEqualTo("tenant_down");
        assertThat(alert.getJsonObject("labels").getString("tenant")).isEqualTo(Demo.PRIMARY);
        assertThat(alert.getJsonObject("labels").getString("pair")).isEqualTo("prod");
        assertThat(tenantDownCards()).singleElement().asString().startsWith("[FIRING]");
        assertThat(cpimon.tenant(Demo.PRIMARY).getJsonObject("probe").getBoolean("up")).isFalse();
        assertThat(cpimon.tenant(Demo.DR).getJsonObject("probe").getBoolean("up")).as("the DR tenant is unaffected").isTrue();

        cpimon.sim.tenant(Demo.PRIMARY).up();

        await().atMost(Duration.ofSeconds(20)).until(() -> tenantDownCards().size() >= 2);
        assertThat(tenantDownCards()).hasSize(2);
        assertThat(tenantDownCards().get(1)).startsWith("[RESOLVED]");
        JsonObject resolved = cpimon.getArray("/api/v1/alerts?rule=tenant_down").stream().map(JsonObject.class::cast)
                .filter(a -> a.getLong("id").equals(alert.getLong("id"))).findFirst().orElseThrow();
        assertThat(resolved.getString("state")).isEqualTo("RESOLVED");
        assertThat(resolved.getString("endsAt")).isNotNull();
        assertThat(cpimon.getArray("/api/v1/notifications?limit=1000").stream().map(JsonObject.class::cast)
                .map(n -> n.getString("state"))).as("no notification is dead").doesNotContain("DEAD");
    }

    /** The Teams cards about the primary's outage (other rules, e.g. failed messages, send their own cards). */
    private static List<String> tenantDownCards() {
        return cpimon.teamsTitles().stream().filter(t -> t.contains("(" + Demo.PRIMARY + ") is down")).toList();
    }

    @Test
    void api_errorsAreProblemJson_andHealthEndpointsAnswer() throws Exception {
        var unknown = cpimon.get("/api/v1/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(unknown.body()).getString("detail")).contains("/api/v1/nope");

        var badLimit = cpimon.get("/api/v1/messages?limit=abc");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badLimit.body()).getString("detail")).isEqualTo("limit must be a number, got 'abc'");

        var badState = cpimon.get("/api/v1/alerts?state=burning");
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(badState.body()).getString("detail")).contains("pending").contains("firing").contains("resolved");

        assertThat(cpimon.get("/api/v1/tenants/nope").statusCode()).isEqualTo(404);
        assertThat(cpimon.get("/healthz").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var metrics = cpimon.get("/metrics");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(metrics.body()).contains("cpimon_tenant_probe_up{tenant=\"" + Demo.THIRD + "\"} 1.0")
                    .contains("cpimon_messages_recent{status=\"all\",tenant=\"" + Demo.THIRD + "\"}");
        });
        assertThat(new JsonObject(cpimon.get("/readyz").body()).getJsonObject("components").getString("database")).isEqualTo("UP");

        await().atMost(Duration.ofSeconds(20)).until(() -> !cpimon.getArray("/api/v1/messages?tenant=" + Demo.THIRD).isEmpty());
        JsonArray messages = cpimon.getArray("/api/v1/messages?tenant=" + Demo.THIRD + "&limit=5");
        assertThat(messages).hasSize(5);
        assertThat(messages.stream().map(JsonObject.class::cast).map(m -> m.getString("tenantId"))).containsOnly(Demo.THIRD);
    }

    @Test
    void api_responses_neverContainSecrets() throws Exception {
        String secret = cpimon.sim.tenant(Demo.PRIMARY).clientSecret();
        String password = cpimon.sim.tenant(Demo.THIRD).basicPassword();
        for (String path : List.of("/api/v1/tenants", "/api/v1/alerts", "/api/v1/notifications", "/api/v1/messages")) {
            assertThat(cpimon.get(path).body()).doesNotContain(secret).doesNotContain(password);
        }
    }
}
