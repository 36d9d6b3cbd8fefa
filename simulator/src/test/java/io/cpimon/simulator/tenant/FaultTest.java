package io.cpimon.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.simulator.Http;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every tenant fault, through plain HTTP, switched from Java and from the admin API. */
class FaultTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static Simulator sim;
    static SimulatedTenant tenant;
    static String auth;
    static String page;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimClock.fixed(T0));
        tenant = sim.addTenant(TenantSpec.of("fault-1"));
        tenant.generate(T0.minus(Duration.ofMinutes(30)), T0);
        auth = Http.basic(tenant.basicUser(), tenant.basicPassword());
        page = tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$top=20&$inlinecount=allpages";
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        tenant.clearFaults();
    }

    @Test
    void maintenance_is503HtmlOnApiTokenAndRuntime_withRetryAfter() {
        tenant.inject(Fault.maintenance(Duration.ofSeconds(120)));

        HttpResponse<String> api = Http.get(page, auth);
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Retry-After")).contains("120");
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(Http.post(tenant.tokenUrl() + "?grant_type=client_credentials",
                Http.basic(tenant.clientId(), tenant.clientSecret()), null, "").statusCode()).isEqualTo(503);
        assertThat(Http.get(tenant.runtimeUrl(), auth).statusCode()).isEqualTo(503);
        tenant.clearFaults();
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(200);
    }

    @Test
    void tooManyRequests_withAndWithoutRetryAfter() {
        tenant.inject(Fault.tooManyRequests().times(1)).inject(Fault.tooManyRequests(Duration.ofSeconds(7)).times(1));

        HttpResponse<String> first = Http.get(page, auth);
        HttpResponse<String> second = Http.get(page, auth);
        HttpResponse<String> third = Http.get(page, auth);
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).isEmpty();
        assertThat(Http.json(first).get("error").get("message").get("value").asText()).contains("rate limit");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).contains("7");
        assertThat(third.statusCode()).isEqualTo(200);
    }

    @Test
    void status401_403_500_evenWithValidCredentials() {
        tenant.inject(Fault.status(401).times(1)).inject(Fault.status(403).times(1)).inject(Fault.status(500).times(1));

        assertThat(Http.get(page, auth).statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = Http.get(page, auth);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(Http.json(forbidden).get("error").get("code").asText()).isEqualTo("Forbidden");
        HttpResponse<String> error = Http.get(page, auth);
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(Http.json(error).get("error").get("message").get("lang").asText()).isEqualTo("en");
    }

    @Test
    void slow_delaysTheAnswer() {
        tenant.inject(Fault.slow(Duration.ofMillis(400)).times(1));
        long start = System.nanoTime();
        HttpResponse<String> r = Http.get(page, auth);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void slowThenStatus_bothApply() {
        tenant.inject(Fault.slow(Duration.ofMillis(200)).times(1)).inject(Fault.status(500).times(1));
        long start = System.nanoTime();

        assertThat(Http.get(page, auth).statusCode()).isEqualTo(500);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void hang_neverAnswers() {
        tenant.inject(Fault.hang());
        HttpRequest req = HttpRequest.newBuilder(URI.create(page)).header("Authorization", auth).timeout(Duration.ofMillis(500)).build();

        assertThatThrownBy(() -> Http.CLIENT.send(req, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void malformedJson_is200ThatDoesNotParse() {
        tenant.inject(Fault.malformedJson().times(1));
        HttpResponse<String> r = Http.get(page, auth);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"d\":");
        assertThatThrownBy(() -> Http.JSON.readTree(r.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void truncatedBody_closesConnectionMidBody() {
        tenant.inject(Fault.truncatedBody().times(1));
        HttpRequest req = HttpRequest.newBuilder(URI.create(page)).header("Authorization", auth).build();

        assertThatThrownBy(() -> Http.CLIENT.send(req, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongTypes_pageHasNumbersWhereStringsBelong() {
        tenant.inject(Fault.wrongTypes().times(1));
        JsonNode d = Http.json(Http.get(page, auth)).get("d");

        assertThat(d.get("__count").isNumber()).isTrue();
        JsonNode e = d.get("results").get(0);
        assertThat(e.get("LogEnd").isNumber()).isTrue();
        assertThat(e.get("Status").isNumber()).isTrue();
        assertThat(e.get("IntegrationArtifact").isTextual()).isTrue();
        assertThat(Http.json(Http.get(page, auth)).get("d").get("__count").isTextual()).isTrue();
    }

    @Test
    void empty200_hasNoBody() {
        tenant.inject(Fault.empty200().times(1));
        HttpResponse<String> r = Http.get(page, auth);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void runtimeFailure_isIndependentOfTheApi() {
        tenant.inject(Fault.runtimeFailure(503));

        assertThat(Http.get(tenant.runtimeUrl(), auth).statusCode()).isEqualTo(503);
        assertThat(Http.head(tenant.runtimeUrl(), null).statusCode()).isEqualTo(503);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(200);
        assertThat(tenant.acceptsTraffic()).isFalse();
    }

    @Test
    void after_letsRequestsPassFirst_andPathPrefixScopes() {
        tenant.inject(Fault.status(500).onPath("/api/v1/MessageProcessingLogs").after(1).times(1));

        assertThat(Http.get(tenant.apiUrl() + "/IntegrationRuntimeArtifacts?$format=json", auth).statusCode()).isEqualTo(200);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(200);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(500);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(200);
        assertThat(tenant.faults()).isEmpty();
    }

    @Test
    void adminApi_switchesFaultsAndDownUp() {
        String admin = sim.adminUrl();
        HttpResponse<String> inject = Http.post(admin + "/tenants/fault-1/faults", null, "application/json",
                "{\"kind\":\"STATUS\",\"status\":429,\"retryAfterSeconds\":3}");
        assertThat(inject.statusCode()).as(inject.body()).isEqualTo(200);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(429);

        assertThat(Http.send(HttpRequest.newBuilder(URI.create(admin + "/tenants/fault-1/faults")).DELETE(), null).statusCode()).isEqualTo(200);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(200);

        assertThat(Http.post(admin + "/tenants/fault-1/down", null, null, "").statusCode()).isEqualTo(200);
        assertThat(tenant.isDown()).isTrue();
        assertThatThrownBy(() -> Http.fresh(HttpRequest.newBuilder(URI.create(page)), auth)).hasCauseInstanceOf(ConnectException.class);
        assertThat(Http.post(admin + "/tenants/fault-1/up", null, null, "").statusCode()).isEqualTo(200);
        assertThat(Http.get(page, auth).statusCode()).isEqualTo(200);

        JsonNode summary = Http.json(Http.get(admin, null));
        assertThat(summary.get("tenants").get(0).get("id").asText()).isEqualTo("fault-1");
        assertThat(Http.post(admin + "/tenants/nope/down", null, null, "").statusCode()).isEqualTo(404);
        assertThat(Http.post(admin + "/tenants/fault-1/faults", null, "application/json", "{\"kind\":\"BOGUS\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void down_whileRequestHangs_closesItsConnection() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("fault-hang-down"));
        t.inject(Fault.hang());
        String a = Http.basic(t.basicUser(), t.basicPassword());
        CompletableFuture<HttpResponse<String>> pending = Http.CLIENT.sendAsync(HttpRequest.newBuilder(
                URI.create(t.apiUrl() + "/MessageProcessingLogs?$format=json")).header("Authorization", a).build(),
                HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> t.requestCount("/api/v1") == 1);

        t.down();
        assertThat(pending).failsWithin(Duration.ofSeconds(5));
    }
}
