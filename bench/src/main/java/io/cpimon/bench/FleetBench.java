package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.intOption;

import io.cpimon.db.jdbc.EmbeddedPostgresLauncher;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./cpimon bench fleet [--tenants 200] [--duration-s 120] [--warmup-s 40] [--pool-size N] [--leak-ms MS]
 * [--keep]}: cpimon as a child process
 * ({@code io.cpimon.server.Main run}, heap capped at 768 MB, a JFR profile of the measured period, started with
 * {@code jcmd} once the warm-up after cpimon's start is over) watching N
 * simulated tenants with the default
 * realistic traffic (4 iFlows, ~12 messages/minute each), MPLs polled every 30 s and probes every 10 s, for the
 * given duration. PostgreSQL runs in this process, so the figures are cpimon's own:
 * <ul>
 * <li>lag: every 5 s after the warm-up, per tenant, how long the oldest message version the tenant serves but
 * cpimon has not stored yet has been waiting (now minus its LogEnd, which is when the simulator made it visible;
 * 0 when everything served is stored); the maximum over tenants and samples. This is the age of the freshest
 * data cpimon is missing, which a poller with interval I bounds by I plus one poll's duration: a message that
 * appears just after a poll's query waits for the next poll. ("Newest LogEnd served minus newest stored" would count
 * a quiet tenant's silence before its latest message as lag.)</li>
 * <li>CPU: the child's CPU time over the measured period divided by its wall time (cores);</li>
 * <li>heap: the largest heap occupancy before a GC in the child's GC log (peak heap in use), and after one (live);</li>
 * <li>DB connections: every 5 s, the child's connections PostgreSQL reports as running a statement (of the pool's
 * 10), their peak and mean;</li>
 * <li>PostgreSQL: new MPL rows per day (rows added over the measured period, scaled to 24 h), write operations per
 * second from {@code pg_stat_io} (data and WAL block writes and extends; the bench runs with fsync off, so the
 * fsyncs a production server adds are missing), and the database's size at the end;</li>
 * <li>where the time goes: CPU by component (thread names, the tenant folded) and by cpimon frame from JFR's
 * execution samples, JFR's hot methods and lock contention over the measured period; the cpimon log's warnings and
 * its waits for a pooled connection that timed out.</li>
 * </ul>
 * {@code --pool-size N} sets {@code database.poolSize} (default: the server's own default); {@code --leak-ms MS} turns on
 * HikariCP's leak detection in cpimon (each connection held longer than MS is logged with the stack that took it).
 * {@code --keep} keeps the temporary directory (cpimon's log, GC log, JFR recording). Ends with {@code RESULT tenants=N
 * p50_lag_s=… p95_lag_s=… p99_lag_s=… max_lag_s=… cpu_cores=… heap_mb=… live_heap_mb=… db_active_max=… mpl_rows_per_day=…
 * pg_write_iops=… db_mb=… top=…} (top: the component with the most CPU samples and its share).
 */
public final class FleetBench {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private FleetBench() {}

    public static void run(String[] args) throws Exception {
        int tenantCount = intOption(args, "tenants", 200);
        int durationS = intOption(args, "duration-s", 120);
        int warmupS = intOption(args, "warmup-s", 40);
        boolean keep = List.of(args).contains("--keep");
        int leakMs = intOption(args, "leak-ms", 0);
        int poolSize = intOption(args, "pool-size", 0);
        Path dir = BenchSupport.tempDir("cpimon-bench-fleet");
        String classpath = BenchSupport.serverClasspath(dir);
        EmbeddedPostgres pg = EmbeddedPostgresLauncher.start(dir.resolve("pg"), true, Map.of("fsync", "off", "max_connections", "300"));
        Process child = null;
        try (Simulator sim = Simulator.start(SimClock.system())) {
            EmbeddedPostgresLauncher.ensureDatabase(pg, "cpimon");
            String url = EmbeddedPostgresLauncher.jdbcUrl(pg, "cpimon");
            List<SimulatedTenant> tenants = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < tenantCount; i++) {
                SimulatedTenant t = sim.addTenant(TenantSpec.of(String.format("fleet-%03d", i)));
                t.generate(now.minus(Duration.ofMinutes(5)), now);
                tenants.add(t);
            }
            sim.startLiveTraffic(Duration.ofSeconds(1));
            Path config = dir.resolve("cpimon.yaml");
            Files.writeString(config, yaml(url, tenants, sim.webhook().url(), poolSize));
            Path gcLog = dir.resolve("gc.log");
            Path jfr = dir.resolve("fleet.jfr");
            Path jdkBin = Path.of(System.getProperty("java.home"), "bin");
            String java = jdkBin.resolve("java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-Xlog:gc:file=" + gcLog));
            if (leakMs > 0) {
                // HikariCP reads this file in every pool's configuration: a connection held longer than leakMs is
                // logged with the stack that borrowed it
                Path hikari = dir.resolve("hikari.properties");
                Files.writeString(hikari, "leakDetectionThreshold=" + leakMs + "\n");
                command.add("-Dhikaricp.configurationFile=" + hikari.toAbsolutePath());
            }
            command.addAll(List.of("-cp", classpath, "io.cpimon.server.Main", "run", "--config",
                    config.toAbsolutePath().toString()));
            child = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("cpimon.log").toFile()).start();
            System.out.printf("cpimon child pid %d watching %d tenants (log %s)%n", child.pid(), tenantCount, dir.resolve("cpimon.log"));

            awaitSchema(url, child, Duration.ofMinutes(5));
            // the warm-up counts from cpimon's start (1,000 tenants start slowly on a loaded machine): measure only a
            // running cpimon that has had its warm-up
            long started = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (child.isAlive() && !Files.readString(dir.resolve("cpimon.log")).contains("cpimon started")
                    && System.nanoTime() < started) {
                Thread.sleep(1_000); // polling the child's log for its start, not a test wait
            }
            if (!child.isAlive() || !Files.readString(dir.resolve("cpimon.log")).contains("cpimon started")) {
                throw new IllegalStateException("cpimon " + (child.isAlive() ? "did not start" : "ended") + ": "
                        + lastLines(dir.resolve("cpimon.log"), 3));
            }
            Thread.sleep(warmupS * 1000L);
            // the profile covers the measured period exactly, however long the start took
            startRecording(jdkBin, child.pid(), durationS, jfr);
            Duration cpu0 = child.info().totalCpuDuration().orElse(Duration.ZERO);
            long t0 = System.nanoTime();
            List<Double> samples = new ArrayList<>();
            List<Integer> active = new ArrayList<>();
            List<Integer> idleInTx = new ArrayList<>();
            double maxLag = 0;
            String worst = "";
            long end = t0 + TimeUnit.SECONDS.toNanos(durationS);
            // plain JDBC: the child migrated the schema; this process only reads
            double rowsPerDay;
            double writeIops;
            double dbMb;
            try (Connection db = DriverManager.getConnection(url, EmbeddedPostgresLauncher.SUPERUSER, null)) {
                long rows0 = longQuery(db, "SELECT count(*) FROM mpl");
                long writes0 = longQuery(db, WRITES);
                while (System.nanoTime() < end) {
                    Thread.sleep(5_000);
                    active.add(connections(db, "active"));
                    idleInTx.add(connections(db, "idle in transaction"));
                    Map<String, Map<String, Instant>> stored = storedVersions(db);
                    Instant sampledAt = Instant.now();
                    double lag = 0;
                    String lagging = "";
                    for (SimulatedTenant t : tenants) {
                        Map<String, Instant> mine = stored.getOrDefault(t.id(), Map.of());
                        Instant oldestMissing = null;
                        for (MplTruth m : t.groundTruth()) {
                            Instant have = mine.get(m.messageGuid());
                            if (m.logEnd() != null && (have == null || have.isBefore(m.logEnd()))
                                    && (oldestMissing == null || m.logEnd().isBefore(oldestMissing))) {
                                oldestMissing = m.logEnd();
                            }
                        }
                        double l = oldestMissing == null ? 0 : Math.max(0, Duration.between(oldestMissing, sampledAt).toMillis() / 1000.0);
                        samples.add(l);
                        if (l > lag) {
                            lag = l;
                            lagging = t.id();
                        }
                    }
                    if (lag > maxLag) {
                        maxLag = lag;
                        worst = lagging;
                    }
                    System.out.printf("t=%3.0f s  max lag now %5.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, lag, lagging);
                }
                double measured = (System.nanoTime() - t0) / 1e9;
                rowsPerDay = (longQuery(db, "SELECT count(*) FROM mpl") - rows0) / measured * 86_400;
                writeIops = (longQuery(db, WRITES) - writes0) / measured;
                dbMb = longQuery(db, "SELECT pg_database_size(current_database())") / 1e6;
            }
            samples.sort(Double::compare);
            System.out.printf("lag over %d tenant samples: p50 %.1f s, p95 %.1f s, p99 %.1f s, max %.1f s (%s); poll interval 30 s%n",
                    samples.size(), percentile(samples, 0.50), percentile(samples, 0.95), percentile(samples, 0.99), maxLag, worst);
            double wall = (System.nanoTime() - t0) / 1e9;
            Duration cpu1 = child.info().totalCpuDuration().orElse(Duration.ZERO);
            double cores = cpu1.minus(cpu0).toMillis() / 1000.0 / wall;
            double heapMb = peakHeapMb(gcLog, 1);
            double liveHeapMb = peakHeapMb(gcLog, 2);
            System.out.printf("cpimon CPU %.1f s over %.0f s wall = %.2f cores (the simulator and PostgreSQL run in"
                            + " the benchmark's process, not in these); peak heap in use %.0f MB (of -Xmx768m), live"
                            + " after a GC at most %.0f MB%n",
                    cpu1.minus(cpu0).toMillis() / 1000.0, wall, cores, heapMb, liveHeapMb);
            String log = Files.readString(dir.resolve("cpimon.log"));
            System.out.printf("cpimon log: %d lines, %d WARN, %d ERROR, %d waits for a pooled connection that timed out%n",
                    log.lines().count(), count(log, " WARN "), count(log, " ERROR "),
                    count(log, "Connection is not available") + count(log, "found every database connection busy"));
            int activeMax = active.stream().mapToInt(Integer::intValue).max().orElse(0);
            System.out.printf("DB connections running a statement: peak %d, mean %.1f over %d samples; idle in a"
                            + " transaction: peak %d; connections held longer than %s: %d (HikariCP leak detection)%n",
                    activeMax, active.stream().mapToInt(Integer::intValue).average().orElse(0), active.size(),
                    idleInTx.stream().mapToInt(Integer::intValue).max().orElse(0),
                    leakMs > 0 ? leakMs + " ms" : "--leak-ms (off)", count(log, "Connection leak detection triggered"));
            System.out.printf("PostgreSQL: %.0f new MPL rows/day (%.0f per tenant), %.1f write operations/s (pg_stat_io:"
                    + " data and WAL block writes and extends), database %.0f MB after %d s of warm-up and measurement%n",
                    rowsPerDay, rowsPerDay / tenantCount, writeIops, dbMb, warmupS + durationS);
            String top = printProfile(jdkBin, jfr, durationS, cores);
            System.out.printf("RESULT tenants=%d p50_lag_s=%.1f p95_lag_s=%.1f p99_lag_s=%.1f max_lag_s=%.1f cpu_cores=%.2f"
                    + " heap_mb=%.0f live_heap_mb=%.0f db_active_max=%d mpl_rows_per_day=%.0f pg_write_iops=%.1f"
                    + " db_mb=%.0f top=%s%n",
                    tenantCount, percentile(samples, 0.50), percentile(samples, 0.95), percentile(samples, 0.99),
                    maxLag, cores, heapMb, liveHeapMb, activeMax, rowsPerDay, writeIops, dbMb, top);
        } finally {
            if (child != null) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
            pg.close();
            if (keep) {
                System.out.println("kept " + dir + " (cpimon.log, gc.log, fleet.jfr)");
            } else {
                BenchSupport.deleteTree(dir);
            }
        }
    }

    /** Waits until the child migrated the schema (a loaded machine starts 1,000 tenants' loops slowly). */
    private static void awaitSchema(String url, Process child, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresLauncher.SUPERUSER, null);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT to_regclass('public.mpl') IS NOT NULL")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(500); // polling the child's database for its schema, not a test wait
        }
        throw new IllegalStateException("cpimon did not migrate its schema within " + max + " (see its log)");
    }

    /** Starts a JFR recording ({@code profile} settings) of {@code durationS} in the child, written to {@code jfr}. */
    private static void startRecording(Path jdkBin, long pid, int durationS, Path jfr) throws Exception {
        Process p = new ProcessBuilder(jdkBin.resolve("jcmd").toString(), Long.toString(pid), "JFR.start", "name=fleet",
                "settings=profile", "duration=" + durationS + "s", "filename=" + jfr).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.out.println("JFR could not be started in the child: " + out.strip());
        }
    }

    /** The child's connections that run a statement now (this process's own read excluded). */
    /** The child's connections in {@code state} ({@code active}: running a statement). */
    private static int connections(Connection c, String state) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = 'cpimon'"
                + " AND state = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, state);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Where the time went over the measured period: CPU by component and by cpimon frame (from JFR's execution
     * samples), JFR's hottest methods and where threads waited for locks.
     * @return the component with the most samples and its share, for the RESULT line
     */
    private static String printProfile(Path jdkBin, Path jfr, int durationS, double cores) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(jfr) && System.nanoTime() < deadline) {
            Thread.sleep(500); // the recording is written when its duration ends
        }
        if (!Files.exists(jfr)) {
            System.out.println("no JFR recording was written");
            return "none";
        }
        ProfileBreakdown breakdown = new ProfileBreakdown(Pattern.compile("fleet-\\d+")).read(jfr);
        breakdown.print(cores, 15);
        for (String view : List.of("hot-methods", "contention-by-site")) {
            Process p = new ProcessBuilder(jdkBin.resolve("jfr").toString(), "view", "--width", "150", view,
                    jfr.toString()).redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor(60, TimeUnit.SECONDS);
            System.out.printf("--- JFR %s over the measured %d s ---%n", view, durationS);
            lines.stream().limit(30).forEach(System.out::println);
        }
        return breakdown.top();
    }

    /** Write operations so far (PostgreSQL 16+; from 18 WAL writes are in pg_stat_io too). */
    private static final String WRITES = "SELECT coalesce(sum(coalesce(writes, 0) + coalesce(extends, 0)), 0)::bigint"
            + " FROM pg_stat_io";

    private static long longQuery(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every stored message's LogEnd, by tenant and GUID. */
    private static Map<String, Map<String, Instant>> storedVersions(Connection c) throws Exception {
        Map<String, Map<String, Instant>> out = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tenant_id, message_guid, log_end FROM mpl WHERE log_end IS NOT NULL")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant());
            }
        }
        return out;
    }

    private static double percentile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    private static String lastLines(Path log, int n) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static long count(String text, String what) {
        long n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** The largest heap occupancy in the GC log: {@code group} 1 before a GC (peak in use), 2 after (live). */
    private static double peakHeapMb(Path gcLog, int group) throws Exception {
        double peak = 0;
        if (!Files.exists(gcLog)) {
            return peak;
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Double.parseDouble(m.group(group)));
            }
        }
        return peak;
    }

    static String yaml(String jdbcUrl, List<SimulatedTenant> tenants, String webhook, int poolSize) {
        StringBuilder y = new StringBuilder();
        y.append("server:\n  host: 127.0.0.1\n  port: 0\n");
        y.append("database:\n  url: \"").append(jdbcUrl).append("\"\n  user: postgres\n");
        if (poolSize > 0) {
            y.append("  poolSize: ").append(poolSize).append('\n');
        }
        y.append("tenants:\n");
        for (SimulatedTenant t : tenants) {
            y.append("  - id: ").append(t.id()).append('\n')
                    .append("    api:\n      url: \"").append(t.apiUrl()).append("\"\n      timeout: 30s\n")
                    .append("      auth:\n        oauth2:\n          tokenUrl: \"").append(t.tokenUrl()).append("\"\n")
                    .append("          clientId: \"").append(t.clientId()).append("\"\n")
                    .append("          clientSecret: \"").append(t.clientSecret()).append("\"\n")
                    .append("    probe:\n      url: \"").append(t.runtimeUrl()).append("\"\n      interval: 10s\n")
                    .append("    poll:\n      interval: 30s\n      overlap: 5m\n      pageSize: 1000\n      initialLookback: 1h\n");
        }
        y.append("channels:\n  - { name: hook, type: webhook, url: \"").append(webhook).append("\" }\n");
        return y.toString();
    }
}
