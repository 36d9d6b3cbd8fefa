package io.cpimon.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.simulator.Http;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** $filter, $orderby, $top/$skip, $select, $expand, $count, entities and the other entity sets, through HTTP. */
class ODataQueryTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static Simulator sim;
    static SimulatedTenant tenant;
    static String auth;
    static MplTruth known;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimClock.fixed(T0));
        tenant = sim.addTenant(TenantSpec.of("query-1"));
        tenant.generate(T0.minus(Duration.ofHours(1)), T0);
        known = tenant.add(new MplTruth("AGquery0000000000000000001", "AGcorr00000000000000000001", "4711", "ORDERS05",
                T0.minusSeconds(10), T0.minusSeconds(9), "S4_X", "WMS_X", "Special_Flow", "Special Flow", "Pkg", "Package",
                "FAILED", "FAILED", "INFO", "boom it's broken", Map.of("po_number", "4711", "plant", "1000")));
        auth = Http.basic(tenant.basicUser(), tenant.basicPassword());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static List<String> guids(String filter) {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$filter=" + Http.enc(filter), auth);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        Http.json(r).get("d").get("results").forEach(e -> out.add(e.get("MessageGuid").asText()));
        return out;
    }

    static List<String> truth(Predicate<MplTruth> p) {
        return tenant.groundTruth().stream().filter(p).map(MplTruth::messageGuid).toList();
    }

    static final Instant MID = T0.minus(Duration.ofMinutes(30));

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("status eq", "Status eq 'FAILED'", (Predicate<MplTruth>) m -> "FAILED".equals(m.status())),
                Arguments.of("status ne", "Status ne 'COMPLETED'", (Predicate<MplTruth>) m -> !"COMPLETED".equals(m.status())),
                Arguments.of("or in parentheses with and",
                        "(Status eq 'FAILED' or Status eq 'PROCESSING') and IntegrationArtifact/Id eq 'Send_Invoices_to_Ariba'",
                        (Predicate<MplTruth>) m -> ("FAILED".equals(m.status()) || "PROCESSING".equals(m.status()))
                                && "Send_Invoices_to_Ariba".equals(m.artifactId())),
                Arguments.of("logEnd gt", "LogEnd gt datetime'2026-05-01T09:30:00'", (Predicate<MplTruth>) m -> m.logEnd() != null && m.logEnd().isAfter(MID)),
                Arguments.of("logEnd le with millis", "LogEnd le datetime'2026-05-01T09:30:00.000'",
                        (Predicate<MplTruth>) m -> m.logEnd() != null && !m.logEnd().isAfter(MID)),
                Arguments.of("logStart lt", "LogStart lt datetime'2026-05-01T09:30:00'",
                        (Predicate<MplTruth>) m -> m.logStart() != null && m.logStart().isBefore(MID)),
                Arguments.of("logStart ge", "LogStart ge datetime'2026-05-01T09:30:00'",
                        (Predicate<MplTruth>) m -> m.logStart() != null && !m.logStart().isBefore(MID)),
                Arguments.of("deprecated IntegrationFlowName", "IntegrationFlowName eq 'Special_Flow'",
                        (Predicate<MplTruth>) m -> "Special_Flow".equals(m.artifactId())),
                Arguments.of("application message id", "ApplicationMessageId eq '4711'", (Predicate<MplTruth>) m -> "4711".equals(m.applicationMessageId())),
                Arguments.of("correlation id", "CorrelationId eq 'AGcorr00000000000000000001'",
                        (Predicate<MplTruth>) m -> "AGcorr00000000000000000001".equals(m.correlationId())),
                Arguments.of("message guids ored", "MessageGuid eq 'AGquery0000000000000000001' or MessageGuid eq 'AGnothing'",
                        (Predicate<MplTruth>) m -> m.messageGuid().equals("AGquery0000000000000000001")),
                Arguments.of("sender and receiver", "Sender eq 'S4_PRD_100' and Receiver eq 'WMS_EU'",
                        (Predicate<MplTruth>) m -> "S4_PRD_100".equals(m.sender()) && "WMS_EU".equals(m.receiver())),
                Arguments.of("not", "not (Status eq 'COMPLETED')", (Predicate<MplTruth>) m -> !"COMPLETED".equals(m.status())),
                Arguments.of("null literal", "LogEnd eq null", (Predicate<MplTruth>) m -> m.logEnd() == null),
                Arguments.of("and binds tighter than or", "Status eq 'FAILED' or Status eq 'COMPLETED' and Sender eq 'nobody'",
                        (Predicate<MplTruth>) m -> "FAILED".equals(m.status())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filter_matchesGroundTruth(String name, String filter, Predicate<MplTruth> expected) {
        assertThat(guids(filter)).containsExactlyInAnyOrderElementsOf(truth(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "LogEnd ge datetime'2026-05-01T09:30:00Z'",
        "LogEnd ge datetime'yesterday'",
        "Status eq FAILED",
        "Status eq 'FAILED",
        "Nope eq 'x'",
        "Status eq 'FAILED' and",
        "(Status eq 'FAILED'",
        "Status like 'FAILED'",
        "LogEnd eq 'FAILED'",
        "Status"
    })
    void badFilter_is400WithODataError(String filter) {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$filter=" + Http.enc(filter), auth);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode err = Http.json(r).get("error");
        assertThat(err.get("code").asText()).isEqualTo("Bad Request");
        assertThat(err.get("message").get("lang").asText()).isEqualTo("en");
        assertThat(err.get("message").get("value").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$foo=1", "$top=abc", "$top=-1", "$skip=x", "$inlinecount=some", "$orderby=Sender",
        "$orderby=LogEnd%20sideways", "$select=Nope", "$expand=Runs", "$filter=Status%20eq%20'A'&$filter=Status%20eq%20'B'"})
    void badQueryOption_is400(String option) {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&" + option, auth);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").get("message").get("value").asText()).isNotBlank();
    }

    @Test
    void orderby_logStartDesc_isSorted_andSkipTopWindow() {
        JsonNode all = Http.json(Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$orderby=LogStart%20desc", auth)).get("d").get("results");
        List<Long> starts = new ArrayList<>();
        all.forEach(e -> starts.add(TenantWireFormatTest.millis(e.get("LogStart").asText())));
        assertThat(starts).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        JsonNode window = Http.json(Http.get(tenant.apiUrl()
                + "/MessageProcessingLogs?$format=json&$orderby=LogStart%20desc&$skip=3&$top=4", auth)).get("d").get("results");
        assertThat(window).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(window.get(i).get("MessageGuid").asText()).isEqualTo(all.get(i + 3).get("MessageGuid").asText());
        }
    }

    @Test
    void topLargerThanCap_pagesUntilTop() {
        tenant.pageCap(10);
        try {
            List<String> seen = new ArrayList<>();
            String url = tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$orderby=LogEnd&$top=25&$skip=2";
            int pages = 0;
            while (url != null) {
                JsonNode d = Http.json(Http.get(url, auth)).get("d");
                d.get("results").forEach(e -> seen.add(e.get("MessageGuid").asText()));
                url = d.has("__next") ? d.get("__next").asText() : null;
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        } finally {
            tenant.pageCap(1000);
        }
    }

    @Test
    void select_limitsPropertiesButKeepsMetadata() {
        JsonNode e = Http.json(Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$top=1&$select=Status,LogEnd,MessageGuid", auth))
                .get("d").get("results").get(0);
        List<String> names = new ArrayList<>();
        e.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactly("__metadata", "MessageGuid", "LogEnd", "Status");
    }

    @Test
    void expand_customHeaderProperties_inlinesResults() {
        JsonNode e = Http.json(Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$expand=CustomHeaderProperties&$filter="
                + Http.enc("MessageGuid eq '" + known.messageGuid() + "'"), auth)).get("d").get("results").get(0);
        JsonNode results = e.get("CustomHeaderProperties").get("results");

        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("Name").asText()).isEqualTo("plant");
        assertThat(results.get(1).get("Name").asText()).isEqualTo("po_number");
        assertThat(results.get(1).get("Value").asText()).isEqualTo("4711");
        assertThat(results.get(1).get("__metadata").get("type").asText()).isEqualTo("com.sap.hci.api.MessageProcessingLogCustomHeaderProperty");
        assertThat(results.get(1).get("Id").isTextual()).isTrue();
    }

    @Test
    void filterCustomHeaderProperties_findsByBusinessKey_combinedWithFilter() {
        String base = tenant.apiUrl() + "/MessageProcessingLogs?$format=json&filterCustomHeaderProperties=" + Http.enc("'po_number' eq '4711'");
        JsonNode hits = Http.json(Http.get(base, auth)).get("d").get("results");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).get("MessageGuid").asText()).isEqualTo(known.messageGuid());
        assertThat(Http.json(Http.get(base + "&$filter=" + Http.enc("Status eq 'COMPLETED'"), auth)).get("d").get("results")).isEmpty();
        assertThat(Http.get(tenant.apiUrl() + "/MessageProcessingLogs/$count?filterCustomHeaderProperties="
                + Http.enc("'po_number' eq '4711'"), auth).body()).isEqualTo("1");
        assertThat(Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&filterCustomHeaderProperties="
                + Http.enc("po_number = 4711"), auth).statusCode()).isEqualTo(400);
    }

    @Test
    void acceptHeaderJson_worksWithoutFormat_andXmlIsNotAcceptable() {
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(tenant.apiUrl() + "/MessageProcessingLogs?$top=1"))
                .header("Accept", "application/json"), auth);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r).get("d").get("results")).hasSize(1);

        assertThat(Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$top=1", auth).statusCode()).isEqualTo(406);
        assertThat(Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$top=1&$format=xml", auth).statusCode()).isEqualTo(406);
    }

    @Test
    void count_isPlainTextNumber_withFilter() {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs/$count?$filter=" + Http.enc("Status eq 'FAILED'"), auth);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).isEqualTo(Integer.toString(truth(m -> "FAILED".equals(m.status())).size()));
    }

    @Test
    void entity_byGuid_isSingleEntryEnvelope_unknownIs404() {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs('" + known.messageGuid() + "')?$format=json", auth);
        JsonNode d = Http.json(r).get("d");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(d.get("MessageGuid").asText()).isEqualTo(known.messageGuid());
        assertThat(d.get("Status").asText()).isEqualTo("FAILED");
        assertThat(d.has("results")).isFalse();
        HttpResponse<String> missing = Http.get(tenant.apiUrl() + "/MessageProcessingLogs('AGunknown')?$format=json", auth);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Http.json(missing).get("error").get("code").asText()).isEqualTo("Not Found");
    }

    @Test
    void entity_percentEncodedKey_isFound() {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs%28%27" + known.messageGuid() + "%27%29?$format=json", auth);

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void customHeaderProperties_subResource_andErrorInformation() {
        String base = tenant.apiUrl() + "/MessageProcessingLogs('" + known.messageGuid() + "')";
        JsonNode headers = Http.json(Http.get(base + "/CustomHeaderProperties?$format=json&$inlinecount=allpages", auth)).get("d");
        assertThat(headers.get("__count").asText()).isEqualTo("2");
        assertThat(headers.get("results")).hasSize(2);

        JsonNode info = Http.json(Http.get(base + "/ErrorInformation?$format=json", auth)).get("d");
        assertThat(info.get("Type").asText()).isEqualTo("text/plain");
        assertThat(Http.get(base + "/ErrorInformation/$value", auth).body()).isEqualTo("boom it's broken");
        assertThat(Http.json(Http.get(base + "/AdapterAttributes?$format=json", auth)).get("d").get("results")).isEmpty();
    }

    @Test
    void runtimeArtifacts_listEntityAnd404() {
        JsonNode d = Http.json(Http.get(tenant.apiUrl() + "/IntegrationRuntimeArtifacts?$format=json&$inlinecount=allpages", auth)).get("d");
        assertThat(d.get("__count").asText()).isEqualTo(Integer.toString(tenant.artifacts().size()));
        JsonNode first = d.get("results").get(0);
        for (String f : List.of("Id", "Version", "Name", "Type", "DeployedBy", "Status")) {
            assertThat(first.get(f).isTextual()).as(f).isTrue();
        }
        assertThat(first.get("DeployedOn").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(first.get("__metadata").get("type").asText()).isEqualTo("com.sap.hci.api.IntegrationRuntimeArtifact");

        tenant.artifactStatus("Sync_BusinessPartner_to_CRM", "ERROR");
        JsonNode errors = Http.json(Http.get(tenant.apiUrl() + "/IntegrationRuntimeArtifacts?$format=json&$filter=" + Http.enc("Status eq 'ERROR'"), auth))
                .get("d").get("results");
        assertThat(errors).hasSize(1);
        assertThat(Http.get(tenant.apiUrl() + "/IntegrationRuntimeArtifacts('Sync_BusinessPartner_to_CRM')/ErrorInformation/$value",
                auth).statusCode()).isEqualTo(200);
        tenant.artifactStatus("Sync_BusinessPartner_to_CRM", "STARTED");

        JsonNode one = Http.json(Http.get(tenant.apiUrl() + "/IntegrationRuntimeArtifacts('Send_Invoices_to_Ariba')?$format=json", auth)).get("d");
        assertThat(one.get("Id").asText()).isEqualTo("Send_Invoices_to_Ariba");
        HttpResponse<String> none = Http.get(tenant.apiUrl() + "/IntegrationRuntimeArtifacts('Not_Deployed')?$format=json", auth);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(Http.json(none).get("error").get("message").get("value").asText()).contains("Not_Deployed");
    }

    @Test
    void keystoreEntries_carryValidityDates() {
        JsonNode d = Http.json(Http.get(tenant.apiUrl() + "/KeystoreEntries?$format=json&$filter="
                + Http.enc("ValidNotAfter lt datetime'2026-06-01T00:00:00'"), auth)).get("d");

        assertThat(d.get("results")).hasSize(1);
        JsonNode e = d.get("results").get(0);
        assertThat(e.get("Alias").asText()).isEqualTo("partner_wms_eu");
        assertThat(e.get("ValidNotAfter").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(e.get("ValidNotBefore").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(Http.get(tenant.apiUrl() + "/KeystoreEntries('" + e.get("Hexalias").asText() + "')?$format=json", auth).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownResource_is404_andWritesNeedCsrf() {
        assertThat(Http.get(tenant.apiUrl() + "/Nope?$format=json", auth).statusCode()).isEqualTo(404);
        HttpResponse<String> post = Http.post(tenant.apiUrl() + "/MessageProcessingLogs", auth, "application/json", "{}");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.headers().firstValue("X-CSRF-Token")).contains("Required");
    }
}
