package io.cpimon.forward;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.Database;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.forward.row.MplRowSchema;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.AzureMonitorPeer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a real forwarding process: {@link ForwardChild} runs in its own JVM against the embedded PostgreSQL and
 * the simulator's Azure Monitor peer on loopback, and is SIGKILLed at random points while rows flow into the database
 * and out to the peer, then restarted; at the end the peer is compared with every state the writer stored.
 */
class ForwardCrashIT {
    static final String STREAM = "Custom-CpiMessageLog";
    static final int BATCH_BYTES = 20_000;
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    static Simulator sim;
    static AzureMonitorPeer azure;
    static String url;
    static Database db;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimClock.system());
        azure = sim.azureMonitor();
        url = TestDatabase.freshJdbcUrl();
        db = TestDatabase.open(url, 4);
    }

    @AfterAll
    static void stop() {
        db.close();
        sim.close();
    }

    @Test
    void forwardingProcess_sigkilledWhileRowsFlow_losesNothing_keepsOrder_duplicatesAtMostOneBatchPerKill()
            throws Exception {
        db.forwarding().register(List.of("crash"));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int kills = 3 + random.nextInt(3);
        Writer writer = new Writer();
        Thread writing = Thread.ofPlatform().name("writer").start(writer);
        File log = Path.of("target", "forward-crash-child.log").toFile();
        try {
            for (int k = 0; k < kills; k++) {
                int before = azure.rows(STREAM).size();
                int more = 1 + random.nextInt(200);
                Process child = child(log);
                try {
                    // a random point while it sends: after some more rows reached the peer
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                            .until(() -> azure.rows(STREAM).size() >= before + more);
                } finally {
                    child.destroyForcibly(); // SIGKILL
                    child.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            writer.stop = true;
            writing.join(Duration.ofSeconds(10));
        }
        Process last = child(log);
        try {
            Set<String> truth = writer.recordIds();
            await().atMost(Duration.ofSeconds(120)).until(() -> new HashSet<>(recordIds()).containsAll(truth));
            Set<String> current = new HashSet<>();
            db.forwarding().changesAfter(ForwardPosition.START, 1_000_000).forEach(c -> current.add(
                    MplRowSchema.recordId(c.mpl().tenantId(), c.mpl().messageGuid(), c.mpl().status(),
                            c.mpl().logEnd())));
            List<String> sent = recordIds();
            Set<String> distinct = new HashSet<>(sent);
            assertThat(distinct).as("seed %d: every state the writer stored, nothing else", seed).isEqualTo(truth);
            assertThat(current.stream().filter(id -> !distinct.contains(id)).toList())
                    .as("seed %d: stored states missing at the peer", seed).isEmpty();
            int duplicates = sent.size() - truth.size();
            int largestBatch = Collections.max(azure.batches());
            System.out.printf("seed %d: %d kills, %d states, %d sent, %d duplicates, largest batch %d rows%n", seed,
                    kills, truth.size(), sent.size(), duplicates, largestBatch);
            assertThat(duplicates).as("seed %d: duplicates after %d kills", seed, kills)
                    .isLessThanOrEqualTo(kills * largestBatch);
            assertThat(firstSeenOrder()).as("seed %d: each message's states in the order stored", seed)
                    .isEqualTo(writer.order());
        } finally {
            last.destroyForcibly();
            last.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process child(File log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Djavax.net.ssl.trustStore=" + azure.certificate().keystore(),
                "-Djavax.net.ssl.trustStorePassword=" + azure.certificate().password(),
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ForwardChild.class.getName(), url, TestDatabase.user(), "crash", azure.endpoint(),
                azure.dcrImmutableId(), STREAM, azure.tenantId(), azure.clientId(), azure.clientSecret(),
                azure.authorityHost(), String.valueOf(BATCH_BYTES));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    private static List<String> recordIds() {
        return azure.rows(STREAM).stream().map(r -> r.getString("RecordId")).toList();
    }

    /** Per message, its statuses in the order they first reached the peer. */
    private static Map<String, List<String>> firstSeenOrder() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (JsonObject r : azure.rows(STREAM)) {
            if (seen.add(r.getString("RecordId"))) {
                out.computeIfAbsent(r.getString("MessageGuid"), g -> new ArrayList<>()).add(r.getString("Status"));
            }
        }
        return out.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * Stores pages until stopped: each tick 5 new messages (PROCESSING), those of 5 ticks ago move to RETRY and those
     * of 10 ticks ago end COMPLETED or FAILED; remembers every state it stored.
     */
    static final class Writer implements Runnable {
        private final Map<String, List<String>> order = Collections.synchronizedMap(new LinkedHashMap<>());
        private final Set<String> recordIds = Collections.synchronizedSet(new HashSet<>());
        private final List<List<MplRecord>> ticks = new ArrayList<>();
        volatile boolean stop;

        @Override
        public void run() {
            for (int tick = 0; !stop; tick++) {
                List<MplRecord> page = new ArrayList<>();
                List<MplRecord> fresh = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    fresh.add(mpl("t1", String.format("m%05d-%02d", tick, i), "PROCESSING",
                            T0.plusSeconds(tick)));
                }
                page.addAll(fresh);
                ticks.add(fresh);
                if (tick >= 5) {
                    ticks.get(tick - 5).forEach(m -> page.add(withStatus(m, "RETRY", m.logEnd().plusSeconds(10))));
                }
                if (tick >= 10) {
                    ticks.get(tick - 10).forEach(m -> page.add(withStatus(m, m.messageGuid().endsWith("7")
                            ? "FAILED" : "COMPLETED", m.logEnd().plusSeconds(20))));
                }
                db.mpls().upsertPage("t1", page, new MplStore.CursorAdvance("mpl", T0, Instant.now()));
                for (MplRecord m : page) {
                    recordIds.add(MplRowSchema.recordId(m.tenantId(), m.messageGuid(), m.status(), m.logEnd()));
                    order.computeIfAbsent(m.messageGuid(), g -> new ArrayList<>()).add(m.status());
                }
                LockSupport.parkNanos(Duration.ofMillis(25).toNanos()); // the writer's pace: 40 pages a second
            }
        }

        Set<String> recordIds() {
            return Set.copyOf(recordIds);
        }

        Map<String, List<String>> order() {
            synchronized (order) {
                return order.entrySet().stream().sorted(Map.Entry.comparingByKey()).collect(Collectors.toMap(
                        Map.Entry::getKey, e -> List.copyOf(e.getValue()), (a, b) -> a, LinkedHashMap::new));
            }
        }
    }
}
