package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.routes.AlertRoutes;
import io.cpimon.api.routes.SilenceRoutes;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.NewAlert;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input over real HTTP, one row per case: every field's type and size, strict matchers, flags, body and URL
 * limits, wrong methods and unknown routes; each answered with problem+json naming what is wrong, never with a
 * Java class name or a stack trace.
 */
class BadInputIT {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String END = "\"endsAt\":\"2026-11-24T14:00:00Z\"";
    static Vertx vertx;
    static Database db;
    static ApiServer server;
    static long alertId;
    /** HTTP/1.1 as browsers and curl speak it to a plain-HTTP server (an h2c upgrade has the codec's own limits). */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Alert a = db.alerts().open(new NewAlert("fp", "tenant_down", Map.of("rule", "tenant_down", "tenant", "t1"),
                Map.of("summary", "down"), AlertState.FIRING, NOW), List.of());
        alertId = a.id();
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), clock),
                List.of(new AlertRoutes(db.alerts(), db.notifications(), db.silences(), clock), new SilenceRoutes(db.silences(), clock)));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
        db.close();
    }

    /** Bodies too large to write in a table. */
    static String body(String spec) {
        return switch (spec) {
            case "NONE" -> null;
            case "LONG_COMMENT" -> "{\"comment\":\"" + "x".repeat(4001) + "\"}";
            case "LONG_BY" -> "{\"by\":\"" + "x".repeat(201) + "\"}";
            case "SILENCE_LONG_COMMENT" -> "{\"matchers\":[\"tenant=t1\"]," + END + ",\"comment\":\"" + "x".repeat(4001)
                    + "\"}";
            case "TWO_MB" -> "{\"comment\":\"" + "x".repeat(2 << 20) + "\"}";
            default -> spec.replace("END", END);
        };
    }

    static String path(String spec) {
        return spec.equals("LONG_URL") ? "/api/v1/alerts?rule=" + "x".repeat(10_000)
                : spec.replace("{id}", Long.toString(alertId));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            ack: array body | POST | /api/v1/alerts/{id}/ack | [1,2] | 400 | JSON object
            ack: number body | POST | /api/v1/alerts/{id}/ack | 42 | 400 | JSON object
            ack: not JSON | POST | /api/v1/alerts/{id}/ack | {by: | 400 | not valid JSON
            ack: by is a number | POST | /api/v1/alerts/{id}/ack | {"by":42} | 400 | by must be a string
            ack: comment is an object | POST | /api/v1/alerts/{id}/ack | {"comment":{"x":1}} | 400 | comment must be a string
            ack: comment too long | POST | /api/v1/alerts/{id}/ack | LONG_COMMENT | 400 | comment must be at most 4000
            ack: by too long | POST | /api/v1/alerts/{id}/ack | LONG_BY | 400 | by must be at most 200
            ack: no body, fields optional | POST | /api/v1/alerts/{id}/ack | NONE | 200 | -
            ack: body over the limit | POST | /api/v1/alerts/{id}/ack | TWO_MB | 413 | 1048576
            ack: id not a number | POST | /api/v1/alerts/abc/ack | {} | 400 | id must be a number
            silence: tenant==dev | POST | /api/v1/silences | {"matchers":["tenant==dev"],END} | 400 | invalid matcher
            silence: unbalanced quote | POST | /api/v1/silences | {"matchers":["tenant=\\"dev"],END} | 400 | invalid matcher
            silence: matcher is a number | POST | /api/v1/silences | {"matchers":[1],END} | 400 | a matcher is a string or an object
            silence: matcher name a number | POST | /api/v1/silences | {"matchers":[{"name":1,"value":"x"}],END} | 400 | name must be a string
            silence: isRegex a string | POST | /api/v1/silences | {"matchers":[{"name":"t","isRegex":"yes"}],END} | 400 | isRegex must be true or false
            silence: matchers not a list | POST | /api/v1/silences | {"matchers":"tenant=t1",END} | 400 | matchers
            silence: endsAt a number | POST | /api/v1/silences | {"matchers":["tenant=t1"],"endsAt":5} | 400 | endsAt must be an ISO
            silence: createdBy an object | POST | /api/v1/silences | {"matchers":["t=x"],END,"createdBy":{}} | 400 | createdBy must be a string
            silence: comment too long | POST | /api/v1/silences | SILENCE_LONG_COMMENT | 400 | comment must be at most 4000
            silence: array body | POST | /api/v1/silences | [{"matchers":["tenant=t1"]}] | 400 | JSON object
            alerts: history=maybe | GET | /api/v1/alerts?history=maybe | NONE | 400 | history must be true or false
            silences: all=maybe | GET | /api/v1/silences?all=maybe | NONE | 400 | all must be true or false
            GET on a POST-only route | GET | /api/v1/alerts/{id}/ack | NONE | 405 | allowed: POST
            DELETE on a GET-only route | DELETE | /api/v1/alerts | NONE | 405 | allowed: GET
            PUT on silences | PUT | /api/v1/silences | {} | 405 | allowed: GET, POST
            unknown API route | GET | /api/v1/nope | NONE | 404 | no such endpoint
            unknown page | GET | /no/such/page | NONE | 404 | no such endpoint
            URL over the limit | GET | LONG_URL | NONE | 414 | request line
            """)
    void badInput_row_problemNamingIt(String name, String method, String path, String body, int status, String detail)
            throws Exception {
        String text = body(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path(path)))
                .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).as("no Java internals").doesNotContain("java.", "io.vertx", "Exception", "class ", "\tat ");
        if (status != 200) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new JsonObject(r.body()).getString("detail")).contains(detail);
        }
        if (status == 405) {
            assertThat(r.headers().firstValue("Allow")).hasValue(detail.substring("allowed: ".length()));
        }
    }
}
