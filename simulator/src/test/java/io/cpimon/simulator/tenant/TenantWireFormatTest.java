package io.cpimon.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.simulator.Http;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conformance of one simulated tenant's wire format (docs/cpi-api.md), through plain HTTP. */
class TenantWireFormatTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static Simulator sim;
    static SimulatedTenant tenant;
    static String auth;

    @BeforeAll
    static void startTenant() {
        sim = Simulator.start(SimClock.fixed(T0));
        tenant = sim.addTenant(TenantSpec.of("wire-1"));
        tenant.generate(T0.minus(Duration.ofHours(2)), T0);
        auth = Http.basic(tenant.basicUser(), tenant.basicPassword());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        tenant.clearFaults();
        tenant.pageCap(1000);
        sim.clock().set(T0);
    }

    static String mpls(String query) {
        return tenant.apiUrl() + "/MessageProcessingLogs?" + query;
    }

    @Test
    void collection_json_envelopeWithCountStringBeforeResults() {
        HttpResponse<String> r = Http.get(mpls("$format=json&$inlinecount=allpages&$top=2"), auth);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).startsWith("{\"d\":{\"__count\":\"" + tenant.groundTruth().size() + "\",\"results\":[");
        JsonNode d = Http.json(r).get("d");
        assertThat(d.get("__count").isTextual()).isTrue();
        assertThat(d.get("results")).hasSize(2);
        assertThat(d.has("__next")).isFalse();
    }

    @Test
    void entry_fields_haveRealTypesAndShapes() {
        JsonNode e = Http.json(Http.get(mpls("$format=json&$top=1&$orderby=LogEnd"), auth)).get("d").get("results").get(0);
        String guid = e.get("MessageGuid").asText();

        assertThat(guid).matches("AG[A-Za-z0-9_-]{26}");
        assertThat(e.get("__metadata").get("id").asText()).isEqualTo(tenant.apiUrl() + "/MessageProcessingLogs('" + guid + "')");
        assertThat(e.get("__metadata").get("uri").asText()).isEqualTo(e.get("__metadata").get("id").asText());
        assertThat(e.get("__metadata").get("type").asText()).isEqualTo("com.sap.hci.api.MessageProcessingLog");
        assertThat(e.get("LogStart").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(e.get("LogEnd").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(e.get("TransactionId").asText()).matches("[0-9a-f]{32}");
        assertThat(e.get("AlternateWebLink").asText()).contains("/shell/monitoring/Messages/%7B%22identifier%22%3A%22" + guid + "%22%7D");
        JsonNode ia = e.get("IntegrationArtifact");
        assertThat(ia.get("__metadata").get("type").asText()).isEqualTo("com.sap.hci.api.IntegrationArtifact");
        assertThat(ia.get("Type").asText()).isEqualTo("INTEGRATION_FLOW");
        assertThat(ia.get("Id").asText()).isEqualTo(e.get("IntegrationFlowName").asText());
        assertThat(e.get("ArchivingLogAttachments").isBoolean()).isTrue();
        assertThat(e.get("PredecessorMessageGuid").isNull()).isTrue();
        assertThat(e.get("ErrorInformation").get("__deferred").get("uri").asText())
                .isEqualTo(tenant.apiUrl() + "/MessageProcessingLogs('" + guid + "')/ErrorInformation");
        assertThat(e.get("CustomHeaderProperties").has("__deferred")).isTrue();
        List<String> names = new ArrayList<>();
        e.fieldNames().forEachRemaining(names::add);
        assertThat(names.subList(0, 8)).containsExactly("__metadata", "MessageGuid", "CorrelationId", "ApplicationMessageId",
                "PredecessorMessageGuid", "ApplicationMessageType", "LogStart", "LogEnd");
    }

    @Test
    void filter_logEndWindow_returnsExactlyTheEntriesInside() {
        Instant from = T0.minus(Duration.ofMinutes(60));
        Instant to = T0.minus(Duration.ofMinutes(30));
        String filter = "LogEnd ge datetime'" + from.toString().replace("Z", "") + "' and LogEnd lt datetime'"
                + to.toString().replace("Z", ".000") + "'";
        JsonNode d = Http.json(Http.get(mpls("$format=json&$inlinecount=allpages&$orderby=LogEnd&$filter=" + Http.enc(filter)), auth)).get("d");

        List<String> expected = tenant.groundTruth().stream()
                .filter(m -> m.logEnd() != null && !m.logEnd().isBefore(from) && m.logEnd().isBefore(to))
                .map(MplTruth::messageGuid).sorted().toList();
        List<String> got = new ArrayList<>();
        long previous = 0;
        for (JsonNode e : d.get("results")) {
            got.add(e.get("MessageGuid").asText());
            long end = millis(e.get("LogEnd").asText());
            assertThat(end).isGreaterThanOrEqualTo(previous);
            previous = end;
        }
        assertThat(expected).isNotEmpty();
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(d.get("__count").asText()).isEqualTo(Integer.toString(expected.size()));
    }

    static long millis(String date) {
        return Long.parseLong(date.replaceAll("\\D", ""));
    }

    @Test
    void paging_capWithNext_coversEveryEntryOnce() {
        tenant.pageCap(50);
        List<String> seen = new ArrayList<>();
        String url = mpls("$format=json&$orderby=LogEnd%20desc&$inlinecount=allpages");
        int pages = 0;
        while (url != null) {
            JsonNode d = Http.json(Http.get(url, auth)).get("d");
            assertThat(d.get("results").size()).isLessThanOrEqualTo(50);
            d.get("results").forEach(e -> seen.add(e.get("MessageGuid").asText()));
            url = d.has("__next") ? d.get("__next").asText() : null;
            if (url != null) {
                assertThat(url).startsWith(tenant.apiUrl() + "/MessageProcessingLogs?").contains("$skiptoken=")
                        .contains("$orderby=LogEnd%20desc");
            }
            pages++;
        }
        assertThat(pages).isGreaterThan(2);
        assertThat(seen).doesNotHaveDuplicates().hasSize(tenant.groundTruth().size());
    }

    @Test
    void errorInformation_value_isPlainTextOfTheFailedMessage() {
        MplTruth failed = tenant.groundTruth().stream().filter(m -> "FAILED".equals(m.status())).findFirst().orElseThrow();
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs('" + failed.messageGuid() + "')/ErrorInformation/$value", auth);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).isEqualTo(failed.errorText());
    }

    @Test
    void unknownGuid_is404WithODataError() {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs('AGnope')/ErrorInformation/$value", auth);

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode err = Http.json(r).get("error");
        assertThat(err.get("code").asText()).isNotEmpty();
        assertThat(err.get("message").get("lang").asText()).isEqualTo("en");
        assertThat(err.get("message").get("value").asText()).contains("AGnope");
    }

    @Test
    void api_withoutCredentials_is401() {
        assertThat(Http.get(mpls("$format=json"), null).statusCode()).isEqualTo(401);
        assertThat(Http.get(mpls("$format=json"), "Bearer nope").statusCode()).isEqualTo(401);
        assertThat(Http.get(mpls("$format=json"), Http.basic(tenant.basicUser(), "wrong")).statusCode()).isEqualTo(401);
    }

    @Test
    void token_basicOrForm_thenBearerWorksUntilExpiry() {
        HttpResponse<String> r = Http.post(tenant.tokenUrl(), null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=" + Http.enc(tenant.clientId()) + "&client_secret=" + Http.enc(tenant.clientSecret()));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode token = Http.json(r);
        assertThat(token.get("token_type").asText()).isEqualTo("bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(43199);
        assertThat(token.get("scope").asText()).isNotEmpty();
        assertThat(token.get("jti").asText()).isNotEmpty();
        String bearer = "Bearer " + token.get("access_token").asText();

        assertThat(Http.get(mpls("$format=json&$top=1"), bearer).statusCode()).isEqualTo(200);
        sim.clock().advance(Duration.ofSeconds(43199));
        assertThat(Http.get(mpls("$format=json&$top=1"), bearer).statusCode()).isEqualTo(401);
    }

    @Test
    void token_badCredentials_is401WithUaaError() {
        HttpResponse<String> r = Http.post(tenant.tokenUrl() + "?grant_type=client_credentials", Http.basic(tenant.clientId(), "x"), null, "");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Http.json(r).get("error").asText()).isEqualTo("unauthorized");
        assertThat(Http.json(r).get("error_description").asText()).isEqualTo("Bad credentials");
    }

    @Test
    void runtime_health_401WithoutCreds_200WithBasic_headToo() {
        assertThat(Http.get(tenant.runtimeUrl(), null).statusCode()).isEqualTo(401);
        assertThat(Http.head(tenant.runtimeUrl(), null).statusCode()).isEqualTo(401);
        assertThat(Http.get(tenant.runtimeUrl(), auth).statusCode()).isEqualTo(200);
        assertThat(Http.head(tenant.runtimeUrl(), auth).statusCode()).isEqualTo(200);
        assertThat(Http.get(tenant.baseUrl() + "/http/not-deployed", auth).statusCode()).isEqualTo(404);
    }

    @Test
    void downThenUp_refusesConnectionsThenServesOnSamePort() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("wire-down"));
        int port = t.port();
        t.down();

        assertThat(t.isDown()).isTrue();
        assertThatThrownBy(() -> Http.fresh(HttpRequest.newBuilder(URI.create(t.runtimeUrl())), null))
                .hasCauseInstanceOf(ConnectException.class);
        t.up();
        assertThat(t.port()).isEqualTo(port);
        assertThat(Http.get(t.runtimeUrl(), null).statusCode()).isEqualTo(401);
    }

    @Test
    void processing_laterCompletes_logEndBumps() {
        SimulatedTenant t = sim.addTenant(new TenantSpec("wire-proc", 0,
                List.of(new IflowSpec("Flow_A", "Flow A", 60, 0.0).withLongRunningRatio(1.0)), 7));
        t.generate(T0.minus(Duration.ofMinutes(5)), T0);
        MplTruth processing = t.groundTruth().stream().filter(m -> m.status().equals("PROCESSING")).findFirst().orElseThrow();

        sim.clock().advance(Duration.ofMinutes(6));
        MplTruth later = t.current(processing.messageGuid());
        assertThat(later.status()).isEqualTo("COMPLETED");
        assertThat(later.logEnd()).isAfter(processing.logEnd());
        assertThat(t.history(processing.messageGuid())).extracting(MplTruth::status).containsExactly("PROCESSING", "COMPLETED");
    }

    @Test
    void served_recordsWhatResponsesCarried() {
        SimulatedTenant t = sim.addTenant(TenantSpec.of("wire-served"));
        t.add(MplTruth.of("AGserved000000000000000001", "Flow_X", "COMPLETED", T0.minusSeconds(5), T0.minusSeconds(4)));
        String a = Http.basic(t.basicUser(), t.basicPassword());
        Http.get(t.apiUrl() + "/MessageProcessingLogs?$format=json", a);

        assertThat(t.served()).extracting(MplTruth::messageGuid).containsExactly("AGserved000000000000000001");
        assertThat(t.requestCount("/api/v1/MessageProcessingLogs")).isEqualTo(1);
    }
}
