package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.Database;
import io.cpimon.db.LeaseRow;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.ingest.lease.LeaseCoordinator;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances in one JVM on one database (each with its own pool, relay and leases), the demo's three tenants shared
 * between them: what one instance does reaches the other through PostgreSQL's {@code LISTEN}/{@code NOTIFY}. The
 * periodic rule evaluation runs once a minute here, so only a relayed probe result can make the leader judge an
 * outage of a tenant the other instance probes within seconds.
 */
class TwoInstancesIT {
    private static final Duration TTL = Duration.ofSeconds(10);
    /** Far longer than any wait below: an alert decided within one of them was not decided by the periodic run. */
    private static final Duration EVALUATION = Duration.ofMinutes(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Simulator sim;
    private static CpimonServer a;
    private static CpimonServer b;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        sim = Simulator.start(SimClock.system());
        List<SimulatedTenant> tenants = List.of(sim.addTenant(TenantSpec.of(Demo.PRIMARY)),
                sim.addTenant(TenantSpec.of(Demo.DR)), sim.addTenant(TenantSpec.of(Demo.THIRD)));
        Instant now = sim.clock().instant();
        tenants.forEach(t -> t.generate(now.minus(Duration.ofMinutes(10)), now));
        String url = TestDatabase.freshJdbcUrl();
        db = TestDatabase.open(url, 2);
        a = instance("a", url);
        b = instance("b", url);
        // both hold tenants: the first started leads and gave its surplus to the second
        await().atMost(Duration.ofSeconds(60)).until(() -> holders().size() == 2);
    }

    private static CpimonServer instance(String id, String url) throws Exception {
        // a probe timeout long enough that a loaded machine does not make tenants look down
        CpimonConfig c = Demo.config(sim, 0, "unused", new Demo.Timings(Duration.ofMillis(250), Duration.ofSeconds(5),
                Duration.ofSeconds(1), EVALUATION));
        CpimonConfig.ServerConfig s = c.server();
        CpimonConfig config = new CpimonConfig(new CpimonConfig.ServerConfig(s.host(), s.port(), s.tokens(),
                s.externalUrl(), s.tls(), id, TTL), c.database(), c.retention(), c.tenants(), c.pairs(), c.rules(),
                c.channels(), c.routes(), c.forwarding());
        return CpimonServer.start(config, TestDatabase.open(url, 4), Clock.systemUTC(),
                sim.azureMonitor().certificate().sslContext());
    }

    @AfterAll
    static void stop() {
        Stream.of(b, a).filter(s -> s != null).forEach(CpimonServer::close);
        if (db != null) {
            db.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void ackThroughOneInstance_theOthersEventStreamTellsItsDashboards() throws Exception {
        JsonObject alert = await().atMost(Duration.ofSeconds(60)).until(() -> firingWithTenant(a), x -> x != null);
        String tenant = alert.getJsonObject("labels").getString("tenant");
        try (EventStream stream = EventStream.open(b)) {
            // the alerts' own notifications announce alert changes too: wait until b's stream is quiet
            await().atMost(Duration.ofSeconds(90)).until(() -> stream.quietFor(Duration.ofSeconds(3)));
            int before = stream.events().size();

            HttpResponse<String> ack = HTTP.send(HttpRequest.newBuilder(URI.create(base(a) + "/api/v1/alerts/"
                            + alert.getLong("id") + "/ack")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"oncall@example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).until(() -> stream.events().subList(before, stream.events().size())
                    .stream().anyMatch(e -> e.type().equals("alert")
                            && tenant.equals(new JsonObject(e.data()).getString("tenant"))));
            // and what b's dashboard then reads shows the ack
            JsonObject onB = new JsonArray(get(b, "/api/v1/alerts?state=acked")).stream()
                    .map(JsonObject.class::cast).filter(x -> x.getLong("id").equals(alert.getLong("id")))
                    .findFirst().orElseThrow();
            assertThat(onB.getString("ackedBy")).isEqualTo("oncall@example.com");
        }
    }

    @Test
    void outageOfATenantTheOtherInstanceProbes_leaderJudgesItWithinSeconds() throws Exception {
        String leader = lease(LeaseCoordinator.LEADER).holder();
        String probed = db.leases().leases().stream()
                .filter(l -> l.name().startsWith(LeaseCoordinator.TENANT) && !l.holder().equals(leader))
                .map(l -> l.name().substring(LeaseCoordinator.TENANT.length())).findFirst().orElseThrow();
        int before = downCards(probed).size();
        try {
            sim.tenant(probed).down();
            Instant down = Instant.now();
            await().atMost(Duration.ofSeconds(20)).until(() -> downCards(probed).size() > before);
            assertThat(Duration.between(down, Instant.now())).as("from the outage to its card")
                    .isLessThan(EVALUATION.dividedBy(3));
            assertThat(downCards(probed).get(before)).startsWith("[FIRING]");
        } finally {
            sim.tenant(probed).up();
        }
    }

    private static LeaseRow lease(String name) {
        return db.leases().leases().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    /** The instances holding a tenant lease now. */
    private static List<String> holders() {
        Instant now = Instant.now();
        return db.leases().leases().stream().filter(l -> l.name().startsWith(LeaseCoordinator.TENANT) && l.held(now))
                .map(LeaseRow::holder).distinct().toList();
    }

    /** A firing alert of a tenant that stays firing (an expiring certificate of the demo's tenants). */
    private static JsonObject firingWithTenant(CpimonServer s) throws Exception {
        return new JsonArray(get(s, "/api/v1/alerts?state=firing")).stream().map(JsonObject.class::cast)
                .filter(x -> "cert_expiry".equals(x.getJsonObject("labels").getString("rule"))
                        && x.getJsonObject("labels").getString("tenant") != null).findFirst().orElse(null);
    }

    private static List<String> downCards(String tenant) {
        return sim.teams().received().stream().map(Demo::title).filter(t -> t.contains("(" + tenant + ") is down"))
                .toList();
    }

    private static String base(CpimonServer s) {
        return "http://127.0.0.1:" + s.port();
    }

    private static String get(CpimonServer s, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base(s) + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** One client of an instance's {@code GET /api/v1/events}, its events collected by a virtual thread. */
    private static final class EventStream implements AutoCloseable {
        record Event(Instant at, String type, String data) {}

        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final Instant opened = Instant.now();
        private final Stream<String> lines;

        private EventStream(Stream<String> lines) {
            this.lines = lines;
            Thread.ofVirtual().name("event-stream").start(() -> {
                String[] type = {null};
                try {
                    lines.forEach(line -> {
                        if (line.startsWith("event: ")) {
                            type[0] = line.substring("event: ".length());
                        } else if (line.startsWith("data: ") && type[0] != null) {
                            events.add(new Event(Instant.now(), type[0], line.substring("data: ".length())));
                            type[0] = null;
                        }
                    });
                } catch (UncheckedIOException e) {
                    // closed: the test is done with the stream
                }
            });
        }

        static EventStream open(CpimonServer s) throws Exception {
            HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create(base(s) + "/api/v1/events"))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            return new EventStream(r.body());
        }

        List<Event> events() {
            return events;
        }

        /** Whether no {@code alert} event arrived for {@code quiet} (and the stream is open that long). */
        boolean quietFor(Duration quiet) {
            Instant last = events.stream().filter(e -> e.type().equals("alert")).map(Event::at)
                    .max(Instant::compareTo).orElse(opened);
            return last.plus(quiet).isBefore(Instant.now());
        }

        @Override
        public void close() {
            lines.close(); // ends the request, and with it the reader
        }
    }
}
