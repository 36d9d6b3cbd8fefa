package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.fmt;
import static io.cpimon.bench.BenchSupport.fmt2;
import static io.cpimon.bench.BenchSupport.intOption;

import com.sun.management.OperatingSystemMXBean;
import io.cpimon.config.AzureMonitorLogsForwarderConfig;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.config.Secret;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardPosition;
import io.cpimon.forward.Forwarder;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.forward.row.MplRowSchema;
import io.cpimon.ingest.IngestService;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.AzureMonitorPeer;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./cpimon bench forward [--rows N] [--tenants T]}: MPL forwarding against ingest, on one embedded PostgreSQL,
 * with the simulator's Azure Monitor Logs peer (HTTPS, gzip, the real {@code azure-identity} token flow) in this JVM.
 * <ol>
 * <li>Ingest at full speed with forwarding on: {@link IngestBench}'s pollers store N rows (default 200,000 over 4
 * simulated tenants) while the forwarder {@code live} forwards them; the ingest rate is taken with the forwarder
 * running, and how long after the last stored row the forwarder had sent everything is printed.</li>
 * <li>The forwarder's rate: a second forwarder {@code backlog} (its own cursor, at the start) forwards the same N
 * stored rows with nothing else running: forwarded rows/s, and the CPU that cost per 1,000 rows: this JVM without
 * the peer's Vert.x threads, plus PostgreSQL's processes where they are children of this JVM.</li>
 * </ol>
 * ratio = forwarded rows/s ÷ ingested rows/s: at 1 or more the forwarder drains a backlog at least as fast as the
 * pollers store it, so it keeps up. lost = stored states (the RecordIds of the database's rows) missing at the peer,
 * after each forwarder. Ends with {@code RESULT forwarded_rows_per_s=… ingest_rows_per_s=… ratio=… lost=…}.
 */
public final class ForwardBench {
    static final String STREAM = "Custom-CpiMessageLog";
    private static final Duration WAIT = Duration.ofMinutes(30);

    private ForwardBench() {}

    public static void run(String[] args) throws Exception {
        int rows = intOption(args, "rows", 200_000);
        int tenantCount = intOption(args, "tenants", 4);
        Path dir = BenchSupport.tempDir("cpimon-bench-forward");
        SimClock clock = SimClock.fixed(IngestBench.T0);
        Vertx vertx = Vertx.vertx();
        try (Simulator sim = Simulator.start(clock);
             Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 8))) {
            System.out.printf("database: %s%n", db.describe());
            db.mpls().maintainPartitions(IngestBench.T0.minus(Duration.ofDays(2)),
                    LocalDate.ofInstant(IngestBench.T0, ZoneOffset.UTC).plusDays(1));
            AzureMonitorPeer peer = sim.azureMonitor();
            PollConfig poll = new PollConfig(Duration.ofSeconds(30), Duration.ofMinutes(5), 1000,
                    IngestBench.WINDOW.plusHours(1));
            double perIflowPerMinute = rows / (double) tenantCount / IngestBench.IFLOWS
                    / IngestBench.WINDOW.toMinutes();
            List<SimulatedTenant> tenants = new ArrayList<>();
            List<TenantConfig> configs = new ArrayList<>();
            long truth = 0;
            for (int i = 0; i < tenantCount; i++) {
                SimulatedTenant tenant = sim.addTenant(TenantSpec.of("forward-" + i)
                        .withIflows(TenantSpec.manyIflows(IngestBench.IFLOWS, perIflowPerMinute, 0.0)));
                tenant.generate(IngestBench.T0.minus(IngestBench.WINDOW), IngestBench.T0);
                truth += tenant.groundTruth().size();
                tenants.add(tenant);
                configs.add(BenchSupport.tenant(tenant, poll, Duration.ofSeconds(10)));
            }

            // 1. ingest at full speed with the forwarder 'live' on
            double ingestRate;
            long stored;
            try (ForwarderSet live = forwarders(peer, db, "live");
                 IngestService ingest = new IngestService(vertx, BenchSupport.config(configs, dir.toString()), db,
                         clock, ChangeNotifier.NOOP)) {
                live.start();
                long t0 = System.nanoTime();
                IngestBench.pollAll(configs.stream().map(ingest::poller).toList(), new AtomicLong());
                double seconds = (System.nanoTime() - t0) / 1e9;
                stored = tenants.stream().mapToLong(x -> db.mpls().count(x.id())).sum();
                if (stored != truth) {
                    throw new IllegalStateException("cpimon stored " + stored + " rows, the simulator holds " + truth);
                }
                ingestRate = stored / seconds;
                long t1 = System.nanoTime();
                awaitSent(live.forwarders().get(0), stored);
                System.out.printf("ingest with forwarding on: %,d rows in %.2f s = %s rows/s; the forwarder had sent"
                        + " them all %.2f s after the last was stored%n", stored, seconds, fmt(ingestRate),
                        (System.nanoTime() - t1) / 1e9);
            }
            Set<String> expected = storedRecordIds(db);
            long lostLive = lost(expected, peer);
            System.out.printf("  live   : %,d stored states, %,d rows at the peer, %d lost%n", expected.size(),
                    peer.rows(STREAM).size(), lostLive);
            peer.clear();

            // 2. the forwarder alone on the stored backlog
            CpuSample before = CpuSample.now();
            long t0 = System.nanoTime();
            try (ForwarderSet backlog = forwarders(peer, db, "backlog")) {
                backlog.start();
                awaitSent(backlog.forwarders().get(0), stored);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            CpuSample after = CpuSample.now();
            double forwardRate = stored / seconds;
            long lostBacklog = lost(expected, peer);
            double jvmMs = (after.process() - before.process() - (after.peer() - before.peer())) / 1e6;
            double pgMs = (after.postgres() - before.postgres()) / 1e6;
            List<Integer> batches = peer.batches();
            System.out.printf("  backlog: %,d rows forwarded in %.2f s = %s rows/s in %,d batches (%s rows each on"
                    + " average), %d lost%n", stored, seconds, fmt(forwardRate), batches.size(),
                    fmt(batches.stream().mapToInt(Integer::intValue).average().orElse(0)), lostBacklog);
            System.out.printf("  CPU per 1,000 rows forwarded: %s ms in this JVM without the peer, %s ms in"
                    + " PostgreSQL%s%n", fmt2(jvmMs / stored * 1000), fmt2(pgMs / stored * 1000),
                    after.postgresSeen() ? "" : " (its processes are not children of this JVM: not measured)");
            System.out.printf("RESULT forwarded_rows_per_s=%s ingest_rows_per_s=%s ratio=%s lost=%d%n",
                    fmt(forwardRate), fmt(ingestRate), fmt2(forwardRate / ingestRate), lostLive + lostBacklog);
        } finally {
            vertx.close().await();
            BenchSupport.deleteTree(dir);
        }
    }

    /** One forwarder named {@code name} to the peer's rule and stream, trusting its certificate. */
    private static ForwarderSet forwarders(AzureMonitorPeer peer, Database db, String name) {
        ForwarderConfig config = new AzureMonitorLogsForwarderConfig(name, URI.create(peer.endpoint()),
                peer.dcrImmutableId(), STREAM, new Credential(CredentialKind.CLIENT_SECRET, peer.tenantId(),
                        peer.clientId(), Secret.of(peer.clientSecret()), URI.create(peer.authorityHost())),
                List.of(), List.of(), ForwarderConfig.DEFAULT_BATCH_BYTES, 0, ForwarderConfig.DEFAULT_MAX_LAG);
        return ForwarderSet.of(List.of(config), db.forwarding(), peer.certificate().sslContext(), "bench",
                Clock.systemUTC(), Duration.ofMillis(20));
    }

    /** Waits until the forwarder has had {@code rows} rows acknowledged (its own counter: no query on the store). */
    private static void awaitSent(Forwarder forwarder, long rows) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (forwarder.rowsSent() + forwarder.rowsDead() < rows) {
            if (forwarder.stopped() != null) {
                throw new IllegalStateException(forwarder.name() + " stopped: " + forwarder.stopped());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(forwarder.name() + " sent " + forwarder.rowsSent() + " of " + rows
                        + " rows in " + WAIT);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** The RecordIds of the current state of every stored MPL. */
    private static Set<String> storedRecordIds(Database db) {
        Set<String> ids = new HashSet<>();
        ForwardPosition after = ForwardPosition.START;
        while (true) {
            List<ForwardChange> page = db.forwarding().changesAfter(after, 10_000);
            for (ForwardChange c : page) {
                ids.add(MplRowSchema.recordId(c.mpl().tenantId(), c.mpl().messageGuid(), c.mpl().status(),
                        c.mpl().logEnd()));
            }
            if (page.size() < 10_000) {
                return ids;
            }
            after = page.get(page.size() - 1).position();
        }
    }

    /** Stored states the peer does not hold. */
    private static long lost(Set<String> expected, AzureMonitorPeer peer) {
        Set<String> received = new HashSet<>();
        for (JsonObject row : peer.rows(STREAM)) {
            received.add(row.getString("RecordId"));
        }
        return expected.stream().filter(id -> !received.contains(id)).count();
    }

    /**
     * CPU used so far, in nanoseconds: this process, its Vert.x threads (the simulator and its peer), and its child
     * processes (PostgreSQL, where it runs as one).
     */
    private record CpuSample(long process, long peer, long postgres, boolean postgresSeen) {
        static CpuSample now() {
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long peer = 0;
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && t.getThreadName().startsWith("vert.x-")) {
                    peer += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                }
            }
            List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
            long postgres = children.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos)
                    .orElse(0L)).sum();
            return new CpuSample(os.getProcessCpuTime(), peer, postgres, !children.isEmpty());
        }
    }
}
