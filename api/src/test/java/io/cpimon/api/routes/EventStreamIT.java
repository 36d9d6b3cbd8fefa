package io.cpimon.api.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiServer;
import io.cpimon.db.Database;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.TenantRow;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/events} over real HTTP: a snapshot first, then small typed events with ids for each kind of change,
 * and a client that reconnects with {@code Last-Event-ID} gets what it missed instead of a new snapshot.
 */
class EventStreamIT {
    static Vertx vertx;
    static Database db;
    static ApiServer server;

    /** One SSE event as read: its id (null when none), type and data. */
    record Sse(String id, String type, String data) {}

    /** Reads one event stream on a thread of its own. */
    static final class Client implements AutoCloseable {
        final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        private final Stream<String> lines;

        Client(String lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/events"));
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            lines = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines()).body();
            Thread.ofVirtual().start(() -> {
                String[] current = new String[3];
                try {
                    lines.forEach(line -> {
                        if (line.isEmpty()) {
                            if (current[1] != null) {
                                events.add(new Sse(current[0], current[1], current[2]));
                            }
                            current[0] = null;
                            current[1] = null;
                            current[2] = null;
                        } else if (line.startsWith("id: ")) {
                            current[0] = line.substring(4);
                        } else if (line.startsWith("event: ")) {
                            current[1] = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            current[2] = line.substring(6);
                        }
                    });
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        Sse next() throws InterruptedException {
            Sse e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestDatabase.fresh();
        db.tenants().sync(List.of(
                new TenantRow("t1", "One", Map.of(), null, null, "https://t1/api/v1", "https://t1/http"),
                new TenantRow("t2", "Two", Map.of(), null, null, "https://t2/api/v1", "https://t2/http")));
        TenantViews views = new TenantViews(db.tenants(), db.probes(), db.cursors(), db.mpls(), db.alerts(),
                Clock.systemUTC());
        server = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), Clock.systemUTC()),
                List.of(new EventRoutes(views)));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().await();
        db.close();
    }

    static void publish(String kind, String tenant) {
        vertx.eventBus().publish(ApiServer.CHANGES, EventRoutes.change(kind, tenant));
    }

    @Test
    void events_snapshotThenTypedEventsWithIds_resumeReplaysWhatWasMissed() throws Exception {
        String firstId;
        try (Client client = new Client(null)) {
            Sse snapshot = client.next();
            assertThat(snapshot.type()).isEqualTo("tenants");
            assertThat(snapshot.id()).isNotNull();

            db.probes().record(new ProbeResult("t1", Clock.systemUTC().instant(), true, 200, 12, null));
            publish("probe", "t1");
            Sse tenant = client.next();
            assertThat(tenant.type()).isEqualTo("tenant");
            assertThat(new JsonObject(tenant.data()).getString("id")).isEqualTo("t1");
            assertThat(new JsonObject(tenant.data()).getJsonObject("probe").getBoolean("up")).isTrue();
            assertThat(Long.parseLong(tenant.id())).isGreaterThan(Long.parseLong(snapshot.id()));
            firstId = tenant.id();

            publish("alert", null);
            Sse alert = client.next();
            assertThat(alert.type()).isEqualTo("alert");
            publish("notification", null);
            assertThat(client.next().type()).isEqualTo("notification");
            publish("ingest", "t2");
            List<String> types = new ArrayList<>(List.of(client.next().type(), client.next().type()));
            assertThat(types).containsExactlyInAnyOrder("tenant", "messages");
        }

        try (Client resumed = new Client(firstId)) {
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replayed.add(resumed.next().type());
            }
            assertThat(replayed).as("the missed events, no snapshot")
                    .containsExactly("alert", "notification", "tenant", "messages");
        }
    }

    @Test
    void events_unknownLastEventId_getsASnapshot() throws Exception {
        try (Client client = new Client("999999999")) {
            assertThat(client.next().type()).isEqualTo("tenants");
        }
    }

    @Test
    void events_changeOfManyKinds_eachEventIsSmall() throws Exception {
        try (Client client = new Client(null)) {
            assertThat(client.next().type()).isEqualTo("tenants");
            publish("probe", "t2");
            Sse tenant = client.next();
            assertThat(tenant.type()).isEqualTo("tenant");
            assertThat(new JsonObject(tenant.data()).getString("id")).as("one tile, not all").isEqualTo("t2");
            assertThat(client.events.poll(Duration.ofMillis(600).toMillis(), TimeUnit.MILLISECONDS))
                    .as("nothing else").isNull();
        }
    }
}
