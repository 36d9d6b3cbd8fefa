package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The channel endpoints on a running cpimon: channel list, channel test through the real peer, inbound Azure Monitor alerts. */
class ChannelApiIT {
    static RunningCpimon cpimon;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        cpimon = new RunningCpimon();
    }

    @AfterAll
    static void stop() {
        cpimon.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cpimon.url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String azureAlert(String condition) {
        return new JsonObject().put("schemaId", "azureMonitorCommonAlertSchema").put("data", new JsonObject()
                .put("essentials", new JsonObject()
                        .put("alertId", "/subscriptions/s1/providers/Microsoft.AlertsManagement/alerts/fd-health-1")
                        .put("alertRule", "FrontDoorOriginHealth").put("severity", "Sev1").put("signalType", "Metric")
                        .put("monitorCondition", condition).put("monitoringService", "Platform")
                        .put("configurationItems", new JsonArray().add("fd-cpi-weu"))
                        .put("firedDateTime", "2026-11-24T10:00:00.000Z").put("description", "Origin health below 50%"))
                .put("alertContext", new JsonObject())).encode();
    }

    @Test
    void channels_listsTheDemoTeamsChannelWithoutItsUrl() throws Exception {
        HttpResponse<String> r = cpimon.get("/api/v1/channels");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject teams = new JsonArray(r.body()).getJsonObject(0);
        assertThat(teams.getString("name")).isEqualTo("ops-teams");
        assertThat(teams.getString("type")).isEqualTo("teams");
        String url = cpimon.sim.teams().url();
        assertThat(r.body()).doesNotContain(url.substring(url.indexOf("sig=") + 4)).doesNotContain("sig=");
    }

    @Test
    void test_knownChannel_sendsASyntheticCardAndAnswersThePeersVerdict() throws Exception {
        HttpResponse<String> r = post("/api/v1/channels/ops-teams/test", "{}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("outcome")).isEqualTo("delivered");
        assertThat(cpimon.teamsTitles()).anyMatch(t -> t.equals("[FIRING] Test notification from cpimon to channel ops-teams"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops-slack", "ops-googlechat", "ops-mattermost"})
    void test_chatChannel_deliveredToItsPeer(String channel) throws Exception {
        int before = cpimon.sim.slack().posts().size() + cpimon.sim.googleChat().posts().size()
                + cpimon.sim.mattermost().received().size();

        // Slack's and Google Chat's peers take one message per second per channel, and the demo's own notifications
        // may have just used it: their 429 is answered "retry", and the test is sent again after its Retry-After
        JsonObject answer = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(1_100)).until(() -> {
            HttpResponse<String> r = post("/api/v1/channels/" + channel + "/test", "{}");
            assertThat(r.statusCode()).isEqualTo(200);
            return new JsonObject(r.body());
        }, a -> !"retry".equals(a.getString("outcome")));

        assertThat(answer.getString("outcome")).as(answer.encode()).isEqualTo("delivered");
        assertThat(cpimon.sim.slack().posts().size() + cpimon.sim.googleChat().posts().size()
                + cpimon.sim.mattermost().received().size()).isGreaterThan(before);
        String all = cpimon.sim.slack().posts().toString() + cpimon.sim.googleChat().posts() + cpimon.sim.mattermost().received();
        assertThat(all).contains("Test notification from cpimon to channel " + channel);
    }

    @Test
    void test_unknownChannel_is404Problem() throws Exception {
        HttpResponse<String> r = post("/api/v1/channels/nope/test", "{}");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    }

    @Test
    void test_malformedBody_is400ProblemAndSendsNothing() throws Exception {
        String card = "[FIRING] Test notification from cpimon to channel ops-teams";
        long before = cpimon.teamsTitles().stream().filter(card::equals).count();
        HttpResponse<String> r = post("/api/v1/channels/ops-teams/test", "{nope");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(cpimon.teamsTitles().stream().filter(card::equals).count()).isEqualTo(before);
    }

    @Test
    void inboundAzureMonitor_firedThenResolved_alertLifecycleAndCards() throws Exception {
        HttpResponse<String> fired = post("/api/v1/inbound/azure-monitor", azureAlert("Fired"));
        assertThat(fired.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(fired.body()).getString("action")).isEqualTo("opened");
        await().atMost(Duration.ofSeconds(10)).until(() -> cpimon.teamsTitles().stream()
                .anyMatch(t -> t.startsWith("[FIRING] Azure Monitor: FrontDoorOriginHealth on fd-cpi-weu")));
        assertThat(cpimon.getArray("/api/v1/alerts?state=firing&rule=azure_monitor")).singleElement()
                .satisfies(a -> assertThat(((JsonObject) a).getJsonObject("labels").getString("severity")).isEqualTo("critical"));

        HttpResponse<String> resolved = post("/api/v1/inbound/azure-monitor", azureAlert("Resolved"));

        assertThat(new JsonObject(resolved.body()).getString("action")).isEqualTo("resolved");
        await().atMost(Duration.ofSeconds(10)).until(() -> cpimon.teamsTitles().stream()
                .anyMatch(t -> t.startsWith("[RESOLVED] Azure Monitor: FrontDoorOriginHealth")));
    }

    @Test
    void inboundAzureMonitor_notCommonSchema_is400() throws Exception {
        HttpResponse<String> r = post("/api/v1/inbound/azure-monitor", "{\"schemaId\":\"other\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("azureMonitorCommonAlertSchema");
    }
}
