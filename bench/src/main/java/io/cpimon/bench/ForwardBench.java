package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.fmt;
import static io.cpimon.bench.BenchSupport.fmt2;
import static io.cpimon.bench.BenchSupport.intOption;

import com.sun.management.OperatingSystemMXBean;
import io.cpimon.config.AzureMonitorLogsForwarderConfig;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.config.Secret;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.MplRecord;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./cpimon bench forward [--rows N] [--tenants T]}: what MPL forwarding costs ingest, on one embedded
 * PostgreSQL, with the simulator's Azure Monitor Logs peer (HTTPS, gzip, the real {@code azure-identity} token flow)
 * in this JVM. The same N rows (default 200,000 over 4 simulated tenants) are ingested three times by
 * {@link IngestBench}'s pollers at full speed, the tables emptied between runs, after one uncounted warm-up run with
 * forwarding on:
 * <ol>
 * <li>forwarding off (baseline);</li>
 * <li>forwarding on: the forwarder {@code live} runs while the rows are stored; the ingest rate is taken over the
 * storing, the CPU over the storing plus the forwarder's catch-up (until it has sent every row), and then the peer is
 * compared with the database (lost states);</li>
 * <li>forwarding off again: the baseline is the mean of runs 1 and 3, so that a warmer JVM does not favour run 2.</li>
 * </ol>
 * Between runs 2 and 3 a second forwarder {@code backlog} (its own cursor, at the start) forwards the stored rows of
 * run 2 with nothing else running: the forwarder's own rate. Then the change log's own write: every stored row is
 * changed once more (LogEnd later, through {@code MplStore.upsertPage} in pages of 1,000) three times: no forwarder
 * configured (nothing kept), a forwarder at the start configured (every replaced state copied to the change log), none
 * again; printed as changes/s and their slowdown.
 * <p>
 * CPU: cpimon's = this JVM's process CPU ({@code OperatingSystemMXBean}) without its Vert.x threads (the simulated
 * tenants and the peer answer on them); PostgreSQL's = {@code /proc/<pid>/stat} of the embedded server's postmaster
 * (its own time and that of its ended children) and of its live children. The forwarding cost per 1,000 rows is the
 * difference between run 2 and the baseline.
 * <p>
 * ingest_slowdown = baseline rows/s ÷ rows/s with forwarding on (1.00: no slowdown). ratio = forwarded rows/s ÷ ingested
 * rows/s with forwarding on (1 or more: the forwarder keeps up). lost = stored states (RecordIds of the database's
 * current and replaced states) missing at the peer, after each forwarder. Ends with
 * {@code RESULT forwarded_rows_per_s=… ingest_rows_per_s=… ingest_slowdown=… ratio=… cpu_ms_per_1000_rows=…
 * pg_cpu_ms_per_1000_rows=… lost=…}.
 */
public final class ForwardBench {
    static final String STREAM = "Custom-CpiMessageLog";
    private static final Duration WAIT = Duration.ofMinutes(30);
    /** Everything a run writes, emptied before the next one (the pollers start over from their window). */
    private static final String RESET = "TRUNCATE mpl, mpl_undated, mpl_change, poll_cursor, forward_cursor,"
            + " forward_dead_letter";

    private ForwardBench() {}

    /** One ingest run: rows stored, seconds to store them, CPU in nanoseconds (cpimon, PostgreSQL). */
    private record Run(long rows, double seconds, long cpu, long postgresCpu) {
        double rate() {
            return rows / seconds;
        }
    }

    public static void run(String[] args) throws Exception {
        int rows = intOption(args, "rows", 200_000);
        int tenantCount = intOption(args, "tenants", 4);
        Path dir = BenchSupport.tempDir("cpimon-bench-forward");
        SimClock clock = SimClock.fixed(IngestBench.T0);
        Vertx vertx = Vertx.vertx();
        try (Simulator sim = Simulator.start(clock);
             Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 8))) {
            System.out.printf("database: %s%n", db.describe());
            PostgresCpu pg = PostgresCpu.of(db);
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
            Ingest ingest = new Ingest(vertx, db, BenchSupport.config(configs, dir.toString()), clock, tenants, truth,
                    pg);

            // JIT and caches warm for both paths, so that run 1 is not a cold start
            print("0. warm-up, forwarding on, not counted", ingest.run(forwarders(peer, db, "warm-up")), pg);
            peer.clear();

            Run off1 = ingest.run(null);
            print("1. forwarding off", off1, pg);

            ForwarderSet live = forwarders(peer, db, "live");
            Run on = ingest.run(live);
            print("2. forwarding on ", on, pg);
            Set<String> expected = storedRecordIds(db);
            long lostLive = lost(expected, peer);
            System.out.printf("   live   : %,d stored states, %,d rows at the peer, %d lost%n", expected.size(),
                    peer.rows(STREAM).size(), lostLive);
            peer.clear();

            long t0 = System.nanoTime();
            try (ForwarderSet backlog = forwarders(peer, db, "backlog")) {
                backlog.start();
                awaitSent(backlog.forwarders().get(0), on.rows());
            }
            double forwardRate = on.rows() / ((System.nanoTime() - t0) / 1e9);
            long lostBacklog = lost(expected, peer);
            List<Integer> batches = peer.batches();
            System.out.printf("   backlog: %,d rows forwarded alone = %s rows/s in %,d batches (%s rows each on"
                    + " average), %d lost%n", on.rows(), fmt(forwardRate), batches.size(),
                    fmt(batches.stream().mapToInt(Integer::intValue).average().orElse(0)), lostBacklog);
            peer.clear();

            Run off2 = ingest.run(null);
            print("3. forwarding off", off2, pg);

            // the change log's own write: every stored row changed once more, without and with a forwarder to keep
            // the replaced states for
            double[] updates = new double[3];
            for (int pass = 0; pass < 3; pass++) {
                boolean keep = pass == 1;
                updates[pass] = updateAll(db, tenants, pass + 1, keep);
                System.out.printf("%s. every row changed once more, %s: %s rows/s; change log: %,d states%n",
                        (char) ('a' + pass), keep ? "replaced states kept" : "no forwarder configured",
                        fmt(updates[pass]), changeLogSize(db));
            }
            double updateSlowdown = (updates[0] + updates[2]) / 2 / updates[1];
            System.out.printf("   changes: the change log write slows them by %s (mean of a and c ÷ b)%n",
                    fmt2(updateSlowdown));

            double baselineRate = (off1.rate() + off2.rate()) / 2;
            double cpuMs = perThousand(on.cpu(), (off1.cpu() + off2.cpu()) / 2, on.rows());
            double pgMs = pg.available() ? perThousand(on.postgresCpu(), (off1.postgresCpu() + off2.postgresCpu()) / 2,
                    on.rows()) : -1;
            System.out.printf("ingest: %s rows/s off (mean of runs 1 and 3), %s rows/s on: slowdown %s;"
                    + " forwarded %s rows/s alone: ratio %s%n", fmt(baselineRate), fmt(on.rate()),
                    fmt2(baselineRate / on.rate()), fmt(forwardRate), fmt2(forwardRate / on.rate()));
            System.out.printf("CPU of forwarding per 1,000 rows (run 2 minus the baseline): %s ms in cpimon, %s ms in"
                    + " PostgreSQL%n", fmt2(cpuMs), pg.available() ? fmt2(pgMs) : "n/a (no /proc)");
            System.out.printf("RESULT forwarded_rows_per_s=%s ingest_rows_per_s=%s ingest_slowdown=%s ratio=%s"
                    + " cpu_ms_per_1000_rows=%s pg_cpu_ms_per_1000_rows=%s lost=%d%n", fmt(forwardRate),
                    fmt(on.rate()), fmt2(baselineRate / on.rate()), fmt2(forwardRate / on.rate()), fmt2(cpuMs),
                    fmt2(pgMs), lostLive + lostBacklog);
        } finally {
            vertx.close().await();
            BenchSupport.deleteTree(dir);
        }
    }

    /**
     * Stores every row again with LogEnd {@code bump} seconds later, page by page (1,000 rows) as a poller would; with
     * {@code keep} a forwarder at the start is configured, so that every replaced state goes to the change log.
     *
     * @return rows/s
     */
    private static double updateAll(Database db, List<SimulatedTenant> tenants, int bump, boolean keep) {
        // a new cursor starts before every change: each replaced state is one it has not passed
        db.forwarding().register(keep ? List.of("keep-all-" + bump) : List.of());
        long rows = 0;
        long t0 = System.nanoTime();
        for (SimulatedTenant t : tenants) {
            List<MplRecord> all = db.mpls().allOf(t.id());
            for (int i = 0; i < all.size(); i += 1000) {
                List<MplRecord> page = new ArrayList<>();
                for (MplRecord m : all.subList(i, Math.min(all.size(), i + 1000))) {
                    page.add(later(m, bump));
                }
                db.mpls().upsertPage(t.id(), page, null);
                rows += page.size();
            }
        }
        double rate = rows / ((System.nanoTime() - t0) / 1e9);
        db.forwarding().register(List.of());
        return rate;
    }

    private static long changeLogSize(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM mpl_change")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code m} ended {@code seconds} later: a change every forwarder sends. */
    private static MplRecord later(MplRecord m, int seconds) {
        Instant end = m.logEnd() == null ? null : m.logEnd().plusSeconds(seconds);
        return new MplRecord(m.tenantId(), m.messageGuid(), m.correlationId(), m.applicationMessageId(),
                m.applicationMessageType(), m.predecessorMessageGuid(), m.logStart(), end, m.sender(), m.receiver(),
                m.integrationFlowName(), m.status(), "bench-" + seconds, m.alternateWebLink(), m.artifactId(),
                m.artifactName(), m.artifactType(), m.packageId(), m.packageName(), m.logLevel(),
                m.archivingStatus(), m.transactionId(), m.previousComponentName(), m.localComponentName(),
                m.originComponentName(), m.businessKey(), m.customHeaders(), m.errorText());
    }

    private static double perThousand(long onNanos, long offNanos, long rows) {
        return (onNanos - offNanos) / 1e6 / rows * 1000;
    }

    private static void print(String label, Run r, PostgresCpu pg) {
        System.out.printf("%s: %,d rows in %.2f s = %s rows/s; CPU %s ms in cpimon, %s ms in PostgreSQL%n", label,
                r.rows(), r.seconds(), fmt(r.rate()), fmt(r.cpu() / 1e6),
                pg.available() ? fmt(r.postgresCpu() / 1e6) : "n/a");
    }

    /** Ingests the simulated tenants' rows into an emptied database, with or without a running forwarder. */
    private record Ingest(Vertx vertx, Database db, CpimonConfig config, SimClock clock,
            List<SimulatedTenant> tenants, long truth, PostgresCpu pg) {

        /** @param forwarding nullable: started before the rows flow, closed once it has sent them all */
        Run run(ForwarderSet forwarding) throws Exception {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute(RESET);
            }
            db.mpls().maintainPartitions(IngestBench.T0.minus(Duration.ofDays(2)),
                    LocalDate.ofInstant(IngestBench.T0, ZoneOffset.UTC).plusDays(1));
            if (forwarding == null) {
                db.forwarding().register(List.of());
            }
            long cpu0 = cpimonCpu();
            long pg0 = pg.nanos();
            try (IngestService ingest = new IngestService(vertx, config, db, clock, ChangeNotifier.NOOP)) {
                if (forwarding != null) {
                    forwarding.start();
                }
                long t0 = System.nanoTime();
                IngestBench.pollAll(config.tenants().stream().map(ingest::poller).toList(), new AtomicLong());
                double seconds = (System.nanoTime() - t0) / 1e9;
                long stored = tenants.stream().mapToLong(x -> db.mpls().count(x.id())).sum();
                if (stored != truth) {
                    throw new IllegalStateException("cpimon stored " + stored + " rows, the simulator holds " + truth);
                }
                if (forwarding != null) {
                    long t1 = System.nanoTime();
                    awaitSent(forwarding.forwarders().get(0), stored);
                    System.out.printf("   the forwarder had sent every row %.2f s after the last was stored%n",
                            (System.nanoTime() - t1) / 1e9);
                }
                return new Run(stored, seconds, cpimonCpu() - cpu0, pg.nanos() - pg0);
            } finally {
                if (forwarding != null) {
                    forwarding.close();
                }
            }
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

    /**
     * Waits until the forwarder has had {@code rows} rows acknowledged (its own counter: no query on the store while
     * it works) and then has nothing left after its cursor.
     */
    private static void awaitSent(Forwarder forwarder, long rows) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (forwarder.rowsSent() + forwarder.rowsDead() < rows || forwarder.status().lagRows() > 0) {
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

    /** CPU used so far by this JVM without its Vert.x threads (the simulated tenants and peers), in nanoseconds. */
    private static long cpimonCpu() {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long vertx = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("vert.x-")) {
                vertx += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return os.getProcessCpuTime() - vertx;
    }

    /**
     * The CPU of the embedded PostgreSQL server, from {@code /proc}: its postmaster (the parent of any backend) with
     * the time of its ended children, plus its live children. Not available without {@code /proc} (not Linux).
     */
    record PostgresCpu(long postmaster) {
        /** Linux reports /proc times in USER_HZ, 100 per second on every architecture. */
        private static final long TICKS_PER_SECOND = 100;

        static PostgresCpu of(Database db) throws SQLException {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                long[] backend = stat(Path.of("/proc", String.valueOf(rs.getInt(1)), "stat"));
                return new PostgresCpu(backend == null ? -1 : backend[0]);
            }
        }

        boolean available() {
            return postmaster > 0;
        }

        /** CPU so far in nanoseconds; 0 when not available. */
        long nanos() {
            if (!available()) {
                return 0;
            }
            long ticks = 0;
            long[] own = stat(Path.of("/proc", String.valueOf(postmaster), "stat"));
            if (own != null) {
                ticks += own[1] + own[2] + own[3] + own[4];
            }
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path p : procs) {
                    long[] child = stat(p.resolve("stat"));
                    if (child != null && child[0] == postmaster) {
                        ticks += child[1] + child[2];
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        }

        /** ppid, utime, stime, cutime, cstime of one {@code /proc/<pid>/stat}; null when the process is gone. */
        private static long[] stat(Path file) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                return null;
            }
            // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
            String[] f = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14])};
        }
    }
}
