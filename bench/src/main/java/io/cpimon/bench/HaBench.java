package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.intOption;

import io.cpimon.db.jdbc.EmbeddedPostgresLauncher;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./cpimon bench ha [--minutes M] [--tenants T] [--kill-every-s K] [--ttl-s L] [--keep]}: two cpimon processes
 * ({@code io.cpimon.server.Main run}, instance ids {@code a} and {@code b}, lease TTL L s, default 30) on one
 * PostgreSQL (in this process) watch T simulated tenants (default 200) with live traffic; every K s (default 60) the
 * instances are killed in turn (SIGKILL) and restarted, for M minutes (default 10). After each kill one tenant's
 * runtime goes down for a while and comes back. Measured per kill: the takeover (kill → every tenant lease held by
 * the survivor or by the restarted instance, which keeps its id and may take its old leases back at once); at the
 * end, against the simulator's ground truth, lost and duplicated messages, and notifications the webhook peer
 * received more than once (same alert, status and start).
 * Baseline: the lease TTL itself (the bound a takeover is measured against; ratio takeover_p95 / TTL).
 * Ends with {@code RESULT kills=… takeover_p95_s=… takeover_missed=… lost=… duplicated=… duplicate_notifications=…}.
 */
public final class HaBench {
    private HaBench() {}

    public static void run(String[] args) throws Exception {
        int minutes = intOption(args, "minutes", 10);
        int tenantCount = intOption(args, "tenants", 200);
        int killEvery = intOption(args, "kill-every-s", 60);
        int ttl = intOption(args, "ttl-s", 30);
        Path dir = BenchSupport.tempDir("cpimon-bench-ha");
        String classpath = BenchSupport.serverClasspath(dir);
        EmbeddedPostgres pg = EmbeddedPostgresLauncher.start(dir.resolve("pg"), true, Map.of("fsync", "off"));
        try (Simulator sim = Simulator.start(SimClock.system())) {
            EmbeddedPostgresLauncher.ensureDatabase(pg, "cpimon");
            String url = EmbeddedPostgresLauncher.jdbcUrl(pg, "cpimon");
            List<SimulatedTenant> tenants = new ArrayList<>();
            Instant start = Instant.now();
            for (int i = 0; i < tenantCount; i++) {
                SimulatedTenant t = sim.addTenant(TenantSpec.of(String.format("ha-%03d", i))
                        .withIflows(TenantSpec.manyIflows(2, 20, 0.02)));
                t.generate(start.minus(Duration.ofMinutes(5)), start);
                tenants.add(t);
            }
            sim.startLiveTraffic(Duration.ofSeconds(1));
            Map<String, Process> children = new HashMap<>();
            for (String id : List.of("a", "b")) {
                Path config = dir.resolve(id + ".yaml");
                Files.writeString(config, yaml(url, id, ttl, tenants, sim.webhook().url()));
                children.put(id, start(classpath, config, dir.resolve(id + ".log")));
            }
            System.out.printf("two instances (a, b), %d tenants, lease TTL %d s, a kill every %d s for %d min; logs in %s%n",
                    tenantCount, ttl, killEvery, minutes, dir);
            awaitAllHeld(url, tenantCount, null, null, Duration.ofMinutes(5));
            List<Double> takeovers = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            int kills = 0;
            while (System.nanoTime() + TimeUnit.SECONDS.toNanos(killEvery) <= end) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(killEvery));
                String victim = kills % 2 == 0 ? "a" : "b";
                String other = victim.equals("a") ? "b" : "a";
                children.get(victim).destroyForcibly(); // SIGKILL
                long killed = System.nanoTime();
                Instant killedAt = Instant.now();
                children.get(victim).waitFor(10, TimeUnit.SECONDS);
                kills++;
                SimulatedTenant down = tenants.get(kills % tenants.size());
                down.down();
                // the restarted instance joins at once: the takeover is over when nothing is held by the dead one
                children.put(victim, start(classpath, dir.resolve(victim + ".yaml"), dir.resolve(victim + ".log")));
                double seconds = awaitAllHeld(url, tenantCount, victim, killedAt, Duration.ofSeconds(ttl * 4L))
                        ? (System.nanoTime() - killed) / 1e9 : Double.NaN;
                takeovers.add(seconds);
                Thread.sleep(Math.min(20, killEvery / 3) * 1000L);
                down.up();
                System.out.printf("kill %2d: %s killed, takeover by %s and the restarted %s in %.1f s; %s down and up%n",
                        kills, victim, other, victim, seconds, down.id());
            }
            sim.stopLiveTraffic();
            CrashBench.Result result;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            do {
                Thread.sleep(2_000);
                result = CrashBench.compare(url, tenants, false);
            } while (result.lost() > 0 && System.nanoTime() < deadline);
            result = CrashBench.compare(url, tenants, true);
            int duplicateNotifications = duplicateNotifications(sim.webhook().received());
            children.values().forEach(Process::destroyForcibly);
            List<Double> sorted = takeovers.stream().filter(d -> !d.isNaN()).sorted().toList();
            double p95 = sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1,
                    (int) Math.ceil(sorted.size() * 0.95) - 1));
            long missed = takeovers.stream().filter(d -> d.isNaN()).count();
            System.out.printf("takeovers: %s s (%d not within %d s); baseline: lease TTL %d s, p95/TTL = %.2f%n",
                    sorted, missed, ttl * 4, ttl, p95 / ttl);
            System.out.printf("ground truth %,d messages, database %,d rows; webhook notifications %d%n",
                    result.truth(), result.rows(), sim.webhook().received().size());
            System.out.printf("RESULT kills=%d takeover_p95_s=%.1f takeover_missed=%d lost=%d duplicated=%d"
                    + " duplicate_notifications=%d%n", kills, p95, missed, result.lost(), result.duplicated(),
                    duplicateNotifications);
        } finally {
            pg.close();
            if (!List.of(args).contains("--keep")) {
                BenchSupport.deleteTree(dir);
            }
        }
    }

    /**
     * Waits until every tenant lease is held (unexpired) by a live process: none by {@code dead} (null: anyone) unless
     * acquired after {@code killedAt} (the restarted instance keeps the dead one's id and may take its leases back).
     * @return false when {@code within} passed first
     */
    private static boolean awaitAllHeld(String url, int tenants, String dead, Instant killedAt, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresLauncher.SUPERUSER, null);
                 PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE expires_at > now()"
                         + " AND (holder IS DISTINCT FROM ? OR acquired_at >= ?)) FROM lease WHERE name LIKE 'tenant:%'")) {
                ps.setString(1, dead);
                ps.setObject(2, killedAt == null ? null : OffsetDateTime.ofInstant(killedAt, ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= tenants) {
                        return true;
                    }
                }
            } catch (SQLException e) {
                // the schema is not there before the first instance migrated it
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Alerts (fingerprint, status, start) the peer was told more than once. */
    static int duplicateNotifications(List<JsonObject> received) {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonObject body : received) {
            JsonArray alerts = body.getJsonArray("alerts", new JsonArray());
            for (int i = 0; i < alerts.size(); i++) {
                JsonObject a = alerts.getJsonObject(i);
                seen.merge(a.getString("fingerprint") + "|" + a.getString("status") + "|" + a.getString("startsAt"),
                        1, Integer::sum);
            }
        }
        return (int) seen.values().stream().filter(n -> n > 1).count();
    }

    private static Process start(String classpath, Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, "io.cpimon.server.Main", "run", "--config",
                config.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static String yaml(String jdbcUrl, String instance, int ttl, List<SimulatedTenant> tenants,
                               String webhook) {
        StringBuilder y = new StringBuilder();
        y.append("server:\n  host: 127.0.0.1\n  port: 0\n  instanceId: ").append(instance)
                .append("\n  leaseTtl: ").append(ttl).append("s\n");
        y.append("database:\n  url: \"").append(jdbcUrl).append("\"\n  user: postgres\n  poolSize: 8\n");
        y.append("tenants:\n");
        for (SimulatedTenant t : tenants) {
            y.append("  - id: ").append(t.id()).append('\n')
                    .append("    api:\n      url: \"").append(t.apiUrl()).append("\"\n      timeout: 10s\n")
                    .append("      auth:\n        oauth2:\n          tokenUrl: \"").append(t.tokenUrl()).append("\"\n")
                    .append("          clientId: \"").append(t.clientId()).append("\"\n")
                    .append("          clientSecret: \"").append(t.clientSecret()).append("\"\n")
                    .append("    probe:\n      url: \"").append(t.runtimeUrl()).append("\"\n      interval: 10s\n")
                    .append("    poll:\n      interval: 30s\n      overlap: 2m\n      pageSize: 1000\n"
                            + "      initialLookback: 1h\n");
        }
        y.append("rules: { tenant_down: { failures: 2, window: 2 } }\n");
        y.append("channels:\n  - { name: hook, type: webhook, url: \"").append(webhook).append("\" }\n");
        return y.toString();
    }
}
