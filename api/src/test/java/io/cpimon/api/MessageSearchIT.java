package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.routes.MessageRoutes;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dashboard's message search through real HTTP and PostgreSQL: the exact keys, a custom header, words of the
 * error text, one message with every field, and the CSV export (quoting, formula guard, paging across pages).
 */
class MessageSearchIT {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final int BULK = 1_200;
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        db.mpls().upsertPage("t1", List.of(
                mpl("t1", "g-ok", "COMPLETED", 30, "pkg.orders", "S4", "Ariba", "PO-1001", Map.of("po_number", "1001"),
                        null),
                mpl("t1", "g-fail", "FAILED", 20, "pkg.invoices", "S4", "Coupa", "INV-7",
                        Map.of("po_number", "1002", "region", "EU"),
                        "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error"
                                + " occurred: Connection refused, \"quoted\" by Coupa"),
                mpl("t1", "g-form", "FAILED", 15, "pkg.invoices", "CRM", "Coupa", "=HYPERLINK(\"x\")", Map.of(),
                        "Mapping failed: field DocumentDate is missing")), null);
        db.mpls().upsertPage("t2", List.of(
                mpl("t2", "g-dr", "COMPLETED", 10, "pkg.orders", "S4", "Ariba", "PO-1001", Map.of("po_number", "1001"),
                        null)), null);
        List<MplRecord> bulk = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            bulk.add(mpl("t3", "bulk-" + i, "COMPLETED", -i, "pkg.bulk", "S4", "Ariba", "B-" + i, Map.of(), null));
        }
        db.mpls().upsertPage("t3", bulk, null);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), clock),
                List.of(new MessageRoutes(db.mpls(), Set.of("t1", "t2", "t3"))));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
        db.close();
    }

    static MplRecord mpl(String tenant, String guid, String status, int endSeconds, String pkg, String sender,
                         String receiver, String appId, Map<String, String> headers, String errorText) {
        Instant logEnd = T0.plusSeconds(endSeconds);
        return new MplRecord(tenant, guid, "corr-" + guid, appId, "Order", null, logEnd.minusSeconds(2), logEnd,
                sender, receiver, "Flow_" + pkg, status, status, "https://" + tenant + ".example.com/itspaces/#/mpl/"
                + guid, "Flow_" + pkg, "Flow " + pkg, "INTEGRATION_FLOW", pkg, "Package " + pkg, "INFO",
                "NOT_RELEVANT", "tx-" + guid, "CPI", "CPI", "CPI", appId, headers, errorText);
    }

    static HttpResponse<String> get(String pathAndQuery, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            package id                          | tenant=t1&package=pkg.invoices              | g-fail,g-form
            package by name                     | package=Package+pkg.orders                   | g-ok,g-dr
            sender                              | tenant=t1&sender=CRM                         | g-form
            receiver across tenants             | receiver=Ariba&status=completed&limit=2      | g-ok,g-dr
            correlation id                      | correlationId=corr-g-dr                      | g-dr
            business key in both tenants        | applicationMessageId=PO-1001                 | g-ok,g-dr
            custom header name=value            | header=po_number%3D1002                      | g-fail
            custom header in both tenants       | header=po_number%3D1001                      | g-ok,g-dr
            custom header, value must match     | header=region%3DUS                           | ''
            error words, any case, any order    | errorText=REFUSED+connection                 | g-fail
            error word in one message only      | errorText=DocumentDate                       | g-form
            error words must all occur          | errorText=connection+DocumentDate            | ''
            keys combine with status            | status=failed&receiver=Coupa&errorText=mapping | g-form
            """)
    void search_key_findsExactlyTheMatches(String name, String query, String expected) throws Exception {
        HttpResponse<String> r = get("/api/v1/messages?" + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> guids = new JsonArray(r.body()).stream().map(JsonObject.class::cast)
                .map(o -> o.getString("messageGuid")).toList();
        assertThat(String.join(",", guids)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            header without a value      | /api/v1/messages?header=po_number        | header must be name=value
            header without a name       | /api/v1/messages?header=%3D1001          | header must be name=value
            error text without a word   | /api/v1/messages?errorText=%2A%2A        | errorText must contain a word
            csv limit too large         | /api/v1/messages.csv?limit=100001        | limit of a CSV export
            csv limit not a number      | /api/v1/messages.csv?limit=all           | limit of a CSV export
            csv unknown parameter       | /api/v1/messages.csv?sendr=S4            | sendr
            csv bad status              | /api/v1/messages.csv?status=ok           | status must be one of
            detail with a parameter     | /api/v1/messages/t1/g-ok?x=1             | unknown query parameter 'x'
            """)
    void search_invalidParameter_400NamingIt(String name, String path, String detail) throws Exception {
        HttpResponse<String> r = get(path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
    }

    @Test
    void message_stored_everyFieldHeadersErrorTextAndWebLink() throws Exception {
        HttpResponse<String> r = get("/api/v1/messages/t1/g-fail", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject m = new JsonObject(r.body());
        assertThat(m.getString("messageGuid")).isEqualTo("g-fail");
        assertThat(m.getString("tenantId")).isEqualTo("t1");
        assertThat(m.getString("status")).isEqualTo("FAILED");
        assertThat(m.getString("applicationMessageId")).isEqualTo("INV-7");
        assertThat(m.getString("correlationId")).isEqualTo("corr-g-fail");
        assertThat(m.getString("packageId")).isEqualTo("pkg.invoices");
        assertThat(m.getString("logEnd")).isEqualTo("2026-11-24T12:00:20Z");
        assertThat(m.getJsonObject("customHeaders").getMap()).containsEntry("po_number", "1002")
                .containsEntry("region", "EU");
        assertThat(m.getString("errorText")).contains("Connection refused");
        assertThat(m.getString("alternateWebLink")).isEqualTo("https://t1.example.com/itspaces/#/mpl/g-fail");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown guid           | /api/v1/messages/t1/nope   | no message nope of tenant t1
            guid of another tenant | /api/v1/messages/t2/g-fail | no message g-fail of tenant t2
            unknown tenant         | /api/v1/messages/zz/g-fail | no tenant 'zz'
            """)
    void message_absent_404NamingIt(String name, String path, String detail) throws Exception {
        HttpResponse<String> r = get(path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
    }

    @Test
    void csv_search_headerThenRowsQuotedAndFormulasDefused() throws Exception {
        HttpResponse<String> r = get("/api/v1/messages.csv?tenant=t1&status=failed", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String[] lines = r.body().split("\r\n");
        assertThat(lines[0]).startsWith("tenant,messageGuid,status,logStart,logEnd,");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith("t1,g-fail,FAILED,2026-11-24T12:00:18Z,2026-11-24T12:00:20Z,")
                .contains("\"com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server"
                        + " error occurred: Connection refused, \"\"quoted\"\" by Coupa\"");
        assertThat(lines[2]).startsWith("t1,g-form,").contains(",\"'=HYPERLINK(\"\"x\"\")\",");
    }

    @Test
    void csv_acceptHeaderOnTheSearch_answersCsv() throws Exception {
        HttpResponse<String> r = get("/api/v1/messages?applicationMessageId=PO-1001", "text/csv");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body().split("\r\n")).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("t2,g-dr,"));
    }

    @Test
    void csv_moreRowsThanOnePage_streamsEveryRowOnceUpToTheLimit() throws Exception {
        HttpResponse<String> all = get("/api/v1/messages.csv?tenant=t3", null);
        String[] lines = all.body().split("\r\n");
        assertThat(lines).hasSize(BULK + 1);
        Set<String> guids = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            guids.add(lines[i].split(",")[1]);
        }
        assertThat(guids).hasSize(BULK);
        assertThat(lines[1]).startsWith("t3,bulk-0,");
        assertThat(lines[BULK]).startsWith("t3,bulk-" + (BULK - 1) + ",");

        assertThat(get("/api/v1/messages.csv?tenant=t3&limit=700", null).body().split("\r\n")).hasSize(701);
    }
}
