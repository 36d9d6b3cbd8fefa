package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.Database;
import io.cpimon.db.InstanceRow;
import io.cpimon.db.LeaseRow;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.ingest.lease.LeaseCoordinator;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Two cpimon processes on one database and three simulated tenants; the holder of the primary tenant is SIGKILLed. The
 * other instance takes its tenants over within the lease TTL and a round, stores every message once, and the
 * primary's outage after the kill reaches Teams as one firing and one resolved card.
 */
@EnabledOnOs(OS.LINUX)
class InstanceKillIT {
    // long enough that a round delayed by a loaded machine does not let a live holder's leases lapse
    private static final Duration TTL = Duration.ofSeconds(10);

    @Test
    void sigkillOfAHolder_otherTakesOverWithinTtl_nothingLostOrTwice_outageNotifiedOnce() throws Exception {
        // the children's configs and logs stay in target/ for a failure's diagnosis
        Path dir = logsIn("instance-kill");
        String jdbcUrl = TestDatabase.freshJdbcUrl();
        try (Simulator sim = Simulator.start(SimClock.system());
             Database db = Database.open(jdbcUrl, TestDatabase.user(), null, 2)) {
            Instant start = sim.clock().instant();
            List<SimulatedTenant> tenants = demoTenants(sim, start);
            Map<String, Process> children = new HashMap<>();
            Children watched = new Children(dir, db, children);
            try {
                for (String id : List.of("a", "b")) {
                    children.put(id, child(sim, dir, id, jdbcUrl));
                }
                // both alive and the tenants spread (two JVMs starting take long on a loaded machine)
                watched.until("both alive and the tenants spread", Duration.ofMinutes(4), () -> holders(db).values()
                        .stream().collect(Collectors.toSet()).size() == 2 && holders(db).size() == 3);
                String victim = holders(db).get(Demo.PRIMARY);
                String survivor = victim.equals("a") ? "b" : "a";
                watched.until("the history ingested", Duration.ofSeconds(30), () -> ingested(db, tenants));

                children.get(victim).destroyForcibly(); // SIGKILL: no shutdown hook, no release
                Instant killed = Instant.now();
                children.get(victim).waitFor();
                watched.killed(victim);
                tenants.forEach(t -> t.generate(start, sim.clock().instant()));

                watched.until(survivor + " holds every tenant", TTL.multipliedBy(3), () -> holders(db).size() == 3
                        && holders(db).values().stream().allMatch(survivor::equals));
                Duration takeover = Duration.between(killed, Instant.now());
                assertThat(takeover).as("takeover after the kill").isLessThan(TTL.plus(TTL.dividedBy(6))
                        .plusSeconds(1));
                watched.until("every message stored", Duration.ofSeconds(30), () -> ingested(db, tenants));
                assertThat(duplicates(db)).as("messages stored twice").isZero();

                sim.tenant(Demo.PRIMARY).down();
                watched.until("the outage's firing card", Duration.ofSeconds(30), () -> !downCards(sim).isEmpty());
                sim.tenant(Demo.PRIMARY).up();
                watched.until("the outage's resolved card", Duration.ofSeconds(30), () -> downCards(sim).size() >= 2);

                assertThat(downCards(sim)).hasSize(2);
                assertThat(downCards(sim).get(0)).startsWith("[FIRING]");
                assertThat(downCards(sim).get(1)).startsWith("[RESOLVED]");
                assertThat(Files.readString(dir.resolve(survivor + ".log"))).contains(survivor + " leads");
            } finally {
                children.values().forEach(Process::destroyForcibly);
            }
        }
    }

    /**
     * The child processes a test awaits a condition of. A child that ends unasked fails the wait at once, and a wait
     * that times out says why: each child's state and log tail, the lease and instance rows, the database's
     * connections and the load, so that a failure on a CI machine explains itself.
     */
    static final class Children {
        private static final int LOG_TAIL = 60;
        private final Path dir;
        private final Database db;
        private final Map<String, Process> children;
        private final Set<String> killed = new HashSet<>();

        Children(Path dir, Database db, Map<String, Process> children) {
            this.dir = dir;
            this.db = db;
            this.children = children;
        }

        /** {@code id} was ended on purpose. */
        void killed(String id) {
            killed.add(id);
        }

        /** {@code id} runs again (a restart): its ending fails a wait again. */
        void restarted(String id) {
            killed.remove(id);
        }

        /** Waits for {@code condition}; fails with the diagnosis when a child ends or {@code atMost} passes. */
        void until(String what, Duration atMost, Callable<Boolean> condition) {
            try {
                await(what).atMost(atMost).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            for (Map.Entry<String, Process> c : children.entrySet()) {
                                if (!killed.contains(c.getKey()) && !c.getValue().isAlive()) {
                                    throw new AssertionError("instance " + c.getKey() + " ended (exit code "
                                            + c.getValue().exitValue() + ") while waiting for " + what + "\n"
                                            + diagnosis());
                                }
                            }
                            return condition.call();
                        });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("not within " + atMost + ": " + what + "\n" + diagnosis(), e);
            }
        }

        String diagnosis() {
            StringBuilder out = new StringBuilder("at ").append(Instant.now()).append(", load average ")
                    .append(read(Path.of("/proc/loadavg")).strip()).append('\n');
            try {
                for (LeaseRow l : db.leases().leases()) {
                    out.append("lease ").append(l).append('\n');
                }
                for (InstanceRow i : db.leases().instances()) {
                    out.append("instance ").append(i).append('\n');
                }
                out.append(connections());
            } catch (RuntimeException | SQLException e) {
                out.append("the database could not be read: ").append(e).append('\n');
            }
            children.forEach((id, p) -> {
                out.append("--- instance ").append(id).append(p.isAlive() ? " (running)" : " (ended, exit code "
                        + p.exitValue() + ")").append(", the last ").append(LOG_TAIL).append(" lines of its log:\n");
                List<String> lines = read(dir.resolve(id + ".log")).lines().toList();
                lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size())
                        .forEach(l -> out.append("  ").append(l).append('\n'));
                if (p.isAlive()) {
                    out.append(threads(id, p));
                }
            });
            return out.toString();
        }

        /** A running child's thread dump ({@code jcmd}) in {@code id-threads.txt}, and its main thread here. */
        private String threads(String id, Process p) {
            Path file = dir.resolve(id + "-threads.txt");
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(p.pid()), "Thread.print").redirectErrorStream(true)
                        .redirectOutput(file.toFile()).start();
                if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                    jcmd.destroyForcibly();
                    return "  (no thread dump within 30 s)\n";
                }
                String dump = Files.readString(file);
                int main = dump.indexOf("\"main\"");
                String mainThread = main < 0 ? "(no main thread)" : dump.substring(main, Math.min(dump.length(),
                        dump.indexOf("\n\n", main) < 0 ? dump.length() : dump.indexOf("\n\n", main)));
                return "  its threads in " + file.toAbsolutePath() + "; its main thread:\n  " + mainThread
                        .replace("\n", "\n  ") + '\n';
            } catch (IOException e) {
                return "  (no thread dump: " + e + ")\n";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "  (interrupted)\n";
            }
        }

        /** The server's connections by database, against its limit. */
        private String connections() throws SQLException {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT coalesce(datname, '-') || ': ' || count(*)"
                         + " FROM pg_stat_activity GROUP BY datname ORDER BY count(*) DESC");
                 ResultSet rs = ps.executeQuery()) {
                StringBuilder out = new StringBuilder("connections (max_connections ");
                try (PreparedStatement max = c.prepareStatement("SHOW max_connections");
                     ResultSet m = max.executeQuery()) {
                    m.next();
                    out.append(m.getString(1)).append("):");
                }
                while (rs.next()) {
                    out.append(' ').append(rs.getString(1));
                }
                return out.append('\n').toString();
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "(" + file + " unreadable: " + e + ")\n";
            }
        }
    }

    /** The demo's three tenants, each with ten minutes of messages before {@code start}. */
    static List<SimulatedTenant> demoTenants(Simulator sim, Instant start) {
        List<SimulatedTenant> tenants = List.of(sim.addTenant(TenantSpec.of(Demo.PRIMARY)),
                sim.addTenant(TenantSpec.of(Demo.DR)), sim.addTenant(TenantSpec.of(Demo.THIRD)));
        tenants.forEach(t -> t.generate(start.minus(Duration.ofMinutes(10)), start));
        return tenants;
    }

    /**
     * Starts {@code cpimon run} in a child JVM as instance {@code id}, its output appended to {@code id.log} (a restart
     * continues it; a test deletes the logs of an earlier run first, see {@link #logsIn}).
     */
    static Process child(Simulator sim, Path dir, String id, String jdbcUrl) throws IOException {
        Map<String, String> env = new HashMap<>();
        String yaml = Demo.yaml(sim, "{ host: 127.0.0.1, port: 0, instanceId: " + id + ", leaseTtl: "
                + TTL.toMillis() + "ms }", "{ url: \"" + jdbcUrl + "\", user: " + TestDatabase.user()
                + ", poolSize: 4 }", RunningCpimon.FAST, false, env);
        Path config = Files.writeString(dir.resolve(id + ".yaml"), yaml);
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), Main.class.getName(), "run", "--config",
                // absolute: a child inherits the launcher's CPIMON_CWD, against which a relative path would resolve
                config.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".log")
                        .toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** {@code target/NAME}, without the children's logs of an earlier run. */
    static Path logsIn(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", name));
        for (String id : List.of("a", "b")) {
            Files.deleteIfExists(dir.resolve(id + ".log"));
        }
        return dir;
    }

    /** Tenant id → holder of its unexpired lease. */
    static Map<String, String> holders(Database db) {
        Instant now = Instant.now();
        Map<String, String> out = new HashMap<>();
        for (LeaseRow l : db.leases().leases()) {
            if (l.name().startsWith(LeaseCoordinator.TENANT) && l.held(now)) {
                out.put(l.name().substring(LeaseCoordinator.TENANT.length()), l.holder());
            }
        }
        return out;
    }

    /** Whether every visible message of every tenant is stored. */
    static boolean ingested(Database db, List<SimulatedTenant> tenants) throws SQLException {
        for (SimulatedTenant t : tenants) {
            Set<String> truth = t.groundTruth().stream().map(MplTruth::messageGuid).collect(Collectors.toSet());
            if (!stored(db, t.id()).containsAll(truth)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> stored(Database db, String tenant) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT message_guid FROM mpl WHERE tenant_id = ?")) {
            ps.setString(1, tenant);
            Set<String> guids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    guids.add(rs.getString(1));
                }
            }
            return guids;
        }
    }

    static long duplicates(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT tenant_id, message_guid FROM mpl"
                     + " GROUP BY 1, 2 HAVING count(*) > 1) d"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The Teams cards about the primary's outage. */
    static List<String> downCards(Simulator sim) {
        return sim.teams().received().stream().map(Demo::title)
                .filter(t -> t.contains("(" + Demo.PRIMARY + ") is down")).toList();
    }
}
