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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/messages} through real HTTP: every filter, refused values, keyset paging over undated rows. */
class MessageRoutesIT {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final String INVOICES = "Send_Invoices_to_Ariba";
    static final String PARTNERS = "Sync_BusinessPartner_to_CRM";
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        db.mpls().upsertPage("t1", List.of(
                mpl("t1", "a1", "COMPLETED", T0.plusSeconds(30), PARTNERS, null),
                mpl("t1", "b2", "FAILED", T0.plusSeconds(20), INVOICES, "HTTP 500 from Ariba"),
                mpl("t1", "r3", "RETRY", null, INVOICES, null)), null);
        db.mpls().upsertPage("t2", List.of(mpl("t2", "c4", "COMPLETED", T0.plusSeconds(10), PARTNERS, null)), null);
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), clock),
                List.of(new MessageRoutes(db.mpls(), Set.of("t1", "t2"))));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
        db.close();
    }

    static MplRecord mpl(String tenant, String guid, String status, Instant logEnd, String iflow, String errorText) {
        return new MplRecord(tenant, guid, "corr-" + guid, "app-" + guid, "Invoice", null,
                logEnd == null ? null : logEnd.minusSeconds(1), logEnd, "S4", "Ariba", iflow, status, status, null,
                iflow, iflow, "INTEGRATION_FLOW", "pkg", "Package", "INFO", "NOT_RELEVANT", "tx-" + guid, "CPI", "CPI",
                "CPI", "bk-" + guid, Map.of(), errorText);
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<String> guids(String query) throws Exception {
        HttpResponse<String> r = get("/api/v1/messages?" + query);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        return new JsonArray(r.body()).stream().map(JsonObject.class::cast).map(o -> o.getString("messageGuid")).toList();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no filter: newest first, undated last | limit=10                                      | a1,b2,c4,r3
            tenant                                | tenant=t2                                     | c4
            status in any case                    | status=retry                                  | r3
            iflow by name                         | iflow=Send_Invoices_to_Ariba                  | b2,r3
            iflow and limit                       | iflow=Send_Invoices_to_Ariba&limit=1          | b2
            free text in the error text           | q=http+500                                    | b2
            free text in the correlation id       | q=CORR-C4                                     | c4
            messageGuid                           | messageGuid=r3                                | r3
            since, inclusive                      | since=2026-11-24T12:00:20Z                    | a1,b2
            until, exclusive                      | until=2026-11-24T12:00:20Z                    | c4
            since and until                       | since=2026-11-24T12:00:10Z&until=2026-11-24T12:00:30Z | b2,c4
            before an instant reaches undated ones| before=2026-11-24T12:00:20Z                   | c4,r3
            filters combine                       | tenant=t1&status=failed&iflow=Send_Invoices_to_Ariba | b2
            no match                              | tenant=t2&iflow=Send_Invoices_to_Ariba        | ''
            """)
    void messages_filter_returnsExactlyTheMatches(String name, String query, String expected) throws Exception {
        assertThat(String.join(",", guids(query))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown status       | status=bogus                          | status
            unknown tenant       | tenant=nope                           | tenant
            bad since            | since=yesterday                       | since
            bad until            | until=2026-13-01                      | until
            since after until    | since=2026-11-24T13:00:00Z&until=2026-11-24T12:00:00Z | since must be before until
            limit zero           | limit=0                               | limit
            limit too large      | limit=1001                            | limit
            limit not a number   | limit=abc                             | limit
            garbled cursor       | before=bm90LWEtY3Vyc29y               | before
            misspelt filter      | iflw=Send_Invoices_to_Ariba           | iflw
            """)
    void messages_invalidParameter_400NamingIt(String name, String query, String named) throws Exception {
        HttpResponse<String> r = get("/api/v1/messages?" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new JsonObject(r.body()).getString("detail")).contains(named);
    }

    @Test
    void messages_pagedOneByOne_cursorReachesEveryRowIncludingUndated() throws Exception {
        List<String> seen = new ArrayList<>();
        String query = "limit=1";
        for (int page = 0; page < 10; page++) {
            HttpResponse<String> r = get("/api/v1/messages?" + query);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            new JsonArray(r.body()).stream().map(JsonObject.class::cast).forEach(o -> seen.add(o.getString("messageGuid")));
            String cursor = r.headers().firstValue("X-Next-Cursor").orElse(null);
            if (cursor == null) {
                break;
            }
            assertThat(r.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("rel=\"next\""));
            query = "limit=1&before=" + encode(cursor);
        }
        assertThat(seen).containsExactly("a1", "b2", "c4", "r3");
    }

    @Test
    void messages_nextLink_keepsTheFilters() throws Exception {
        HttpResponse<String> first = get("/api/v1/messages?iflow=" + INVOICES + "&limit=1");
        String link = first.headers().firstValue("Link").orElseThrow();
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        assertThat(guids(next.substring(next.indexOf('?') + 1))).containsExactly("r3");
    }
}
