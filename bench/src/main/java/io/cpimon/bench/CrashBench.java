package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.intOption;

import io.cpimon.db.jdbc.EmbeddedPostgresLauncher;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.Realism;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./cpimon bench crash [--kills K] [--tenants T] [--min-ms A] [--max-ms B] [--seed S] [--settle-s S] [--keep]}: runs cpimon
 * ({@code io.cpimon.server.Main run --config <generated>}, the server jar and its lib directory) as a child
 * process against simulated tenants with live traffic on the wall clock (null-dated RETRY entries, ABANDONED,
 * same-millisecond bursts; no late-visible entries: see the overlap in the ingest README), SIGKILLs it at a random
 * moment (0.3 to 5 s after it reported started, while it ingests) K times (default 20) and restarts it, then lets a
 * last run catch up after the traffic stops and compares the database with the simulator's ground truth. PostgreSQL
 * runs in this process (a crash of cpimon is what is tested, not one of PostgreSQL).
 * Ends with {@code RESULT kills=K lost=… duplicated=… stale=…}: lost = messages of the ground truth missing from the
 * database, duplicated = rows beyond one per message, stale = rows whose status or LogEnd differ from the latest
 * visible version.
 */
public final class CrashBench {
    private CrashBench() {}

    public static void run(String[] args) throws Exception {
        int kills = intOption(args, "kills", 20);
        int tenantCount = intOption(args, "tenants", 3);
        int minMs = intOption(args, "min-ms", 300);
        int maxMs = intOption(args, "max-ms", 5_000);
        Random random = new Random(intOption(args, "seed", 42));
        Path dir = BenchSupport.tempDir("cpimon-bench-crash");
        String classpath = BenchSupport.serverClasspath(dir);
        EmbeddedPostgres pg = EmbeddedPostgresLauncher.start(dir.resolve("pg"), true, Map.of("fsync", "off"));
        try (Simulator sim = Simulator.start(SimClock.system())) {
            EmbeddedPostgresLauncher.ensureDatabase(pg, "cpimon");
            String url = EmbeddedPostgresLauncher.jdbcUrl(pg, "cpimon");
            List<SimulatedTenant> tenants = new ArrayList<>();
            Instant start = Instant.now();
            for (int i = 0; i < tenantCount; i++) {
                SimulatedTenant t = sim.addTenant(TenantSpec.of("crash-" + i).withIflows(TenantSpec.manyIflows(4, 60, 0.05)));
                // FULL realism but for late-visible entries (those need an overlap as long as their delay, and a long
                // overlap makes every restart re-read minutes of history before it gets anywhere new)
                t.realism(new Realism(Realism.FULL.retryNullDatesRatio(), Realism.FULL.abandonedRatio(),
                        Realism.FULL.sameMillisBurstRatio(), 0));
                t.pageCap(200); // several pages per poll: kills land between pages
                t.generate(start.minus(Duration.ofMinutes(10)), start);
                tenants.add(t);
            }
            sim.startLiveTraffic(Duration.ofMillis(250));
            Path config = dir.resolve("cpimon.yaml");
            Files.writeString(config, yaml(url, tenants, sim.webhook().url()));
            Path log = dir.resolve("cpimon.log");
            System.out.printf("cpimon child: java -cp %s io.cpimon.server.Main run --config %s (log %s)%n", classpath, config, log);

            for (int k = 1; k <= kills; k++) {
                Process p = start(classpath, config, log);
                awaitStarted(log, k, p);
                long wait = minMs + random.nextInt(Math.max(1, maxMs - minMs));
                Thread.sleep(wait);
                p.destroyForcibly(); // SIGKILL
                p.waitFor(10, TimeUnit.SECONDS);
                System.out.printf("kill %2d after %5d ms; rows now %s%n", k, wait, rows(url));
            }
            Process last = start(classpath, config, log);
            awaitStarted(log, kills + 1, last);
            Thread.sleep(3_000);
            sim.stopLiveTraffic();
            Instant stopped = Instant.now();
            // the last run catches up: LogEnd bumps of messages still processing, late-visible ones, rechecks
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(intOption(args, "settle-s", 90));
            Result result;
            do {
                Thread.sleep(2_000);
                result = compare(url, tenants, false);
            } while ((result.lost() > 0 || result.stale() > 0) && System.nanoTime() < deadline);
            last.destroyForcibly();
            last.waitFor(10, TimeUnit.SECONDS);
            result = compare(url, tenants, true); // after the kill: what a restart would find
            System.out.printf("traffic stopped %s; ground truth %,d messages; database %,d rows; settled after %.0f s%n",
                    stopped, result.truth(), result.rows(), Duration.between(stopped, Instant.now()).toMillis() / 1000.0);
            System.out.printf("RESULT kills=%d lost=%d duplicated=%d stale=%d%n", kills, result.lost(), result.duplicated(), result.stale());
        } finally {
            pg.close();
            if (!List.of(args).contains("--keep")) {
                BenchSupport.deleteTree(dir);
            }
        }
    }

    /** Waits until the child logged its {@code n}-th "cpimon started" (JVM start-up is no moment to test). */
    private static void awaitStarted(Path log, int n, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && Files.readAllLines(log).stream().filter(l -> l.contains("cpimon started")).count() >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("cpimon did not start (run " + n + "); see " + log);
    }

    record Result(long truth, long rows, long lost, long duplicated, long stale) {}

    /** Plain JDBC: the child migrates the schema; this process only reads. */
    static Result compare(String url, List<SimulatedTenant> tenants, boolean report) throws Exception {
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresLauncher.SUPERUSER, null);
             PreparedStatement ps = c.prepareStatement("SELECT message_guid, status, log_end FROM mpl WHERE tenant_id = ?")) {
            long truth = 0, rows = 0, lost = 0, stale = 0, duplicated = 0;
            for (SimulatedTenant t : tenants) {
                Map<String, String> stored = new HashMap<>();
                ps.setString(1, t.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OffsetDateTime logEnd = rs.getObject(3, OffsetDateTime.class);
                        if (stored.put(rs.getString(1), rs.getString(2) + "@" + (logEnd == null ? null : logEnd.toInstant())) != null) {
                            duplicated++;
                        }
                        rows++;
                    }
                }
                for (MplTruth m : t.groundTruth()) {
                    truth++;
                    String r = stored.get(m.messageGuid());
                    if (r == null) {
                        lost++;
                        if (report && lost <= 3) {
                            System.out.printf("  lost: %s %s LogEnd=%s%n", m.messageGuid(), m.status(), m.logEnd());
                        }
                    } else if (!r.equals(m.status() + "@" + m.logEnd())) {
                        stale++;
                    }
                }
            }
            return new Result(truth, rows, lost, duplicated, stale);
        }
    }

    private static String rows(String url) {
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresLauncher.SUPERUSER, null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM mpl), (SELECT string_agg(DISTINCT last_error, ' | ') FROM poll_cursor)")) {
            rs.next();
            return String.format("%,d", rs.getLong(1)) + (rs.getString(2) == null ? "" : " (errors: " + rs.getString(2) + ")");
        } catch (Exception e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private static Process start(String classpath, Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, "io.cpimon.server.Main", "run", "--config", config.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    static String yaml(String jdbcUrl, List<SimulatedTenant> tenants, String webhook) {
        StringBuilder y = new StringBuilder();
        y.append("server:\n  host: 127.0.0.1\n  port: 0\n");
        y.append("database:\n  url: \"").append(jdbcUrl).append("\"\n  user: postgres\n  poolSize: 8\n");
        y.append("tenants:\n");
        for (SimulatedTenant t : tenants) {
            y.append("  - id: ").append(t.id()).append('\n')
                    .append("    api:\n      url: \"").append(t.apiUrl()).append("\"\n      timeout: 10s\n")
                    .append("      auth:\n        oauth2:\n          tokenUrl: \"").append(t.tokenUrl()).append("\"\n")
                    .append("          clientId: \"").append(t.clientId()).append("\"\n")
                    .append("          clientSecret: \"").append(t.clientSecret()).append("\"\n")
                    .append("    probe:\n      url: \"").append(t.runtimeUrl()).append("\"\n      interval: 10s\n")
                    .append("    poll:\n      interval: 2s\n      overlap: 1m\n      pageSize: 1000\n      initialLookback: 2h\n");
        }
        y.append("channels:\n  - { name: hook, type: webhook, url: \"").append(webhook).append("\" }\n");
        return y.toString();
    }

}
