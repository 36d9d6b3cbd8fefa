package io.cpimon.bench;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.server.CpimonServer;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./cpimon bench detect [--trials N] [--intervals 10,1]}: one simulated tenant outage watched side by side, in
 * one run, by cpimon (in this JVM, embedded PostgreSQL) and by the stack users would otherwise pick — Debian's
 * {@code prometheus-blackbox-exporter}, {@code prometheus} and {@code prometheus-alertmanager} as child processes on
 * loopback — with the same probe semantics: HEAD on the tenant's runtime health URL, 401 = up, two failed probes in a
 * row (cpimon: {@code tenant_down} failures 2 of window 2; Prometheus: {@code probe_success == 0} with {@code for} one
 * interval; probe, scrape and rule evaluation intervals all equal to the tested interval), each notifying the
 * simulator's webhook peer at once (cpimon: critical is sent first-at-once; Alertmanager: {@code group_wait: 0s}); the
 * Prometheus stack is started fresh for every trial and sees one successful probe before the outage.
 * Per interval (default 10 s and 1 s) and trial (default 8): the tenant goes down, the latency from that instant to the
 * peer receiving each stack's firing notification is printed, and cpimon's split into the floor (outage → its
 * deciding probe, the second failed one, read from the stored probe results: what the probe schedule allows) and its
 * own overhead (deciding probe → peer received); then the tenant comes back and both resolve before the next trial.
 * Ends with {@code RESULT cpimon_10s_p50=… anchor_10s_p50=… ratio_10s=… overhead_10s_p95=… cpimon_1s_p50=… …}
 * (seconds; ratio = cpimon / anchor, below 1 means cpimon is faster). Needs the three Debian packages.
 */
final class DetectBench {
    static final String BLACKBOX = "/usr/bin/prometheus-blackbox-exporter";
    static final String PROMETHEUS = "/usr/bin/prometheus";
    static final String ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

    private DetectBench() {}

    static void run(String[] args) throws Exception {
        int trials = BenchSupport.intOption(args, "trials", 8);
        List<Integer> intervals = new ArrayList<>();
        for (String s : BenchSupport.option(args, "intervals", "10,1").split(",")) {
            intervals.add(Integer.parseInt(s.trim()));
        }
        for (String bin : List.of(BLACKBOX, PROMETHEUS, ALERTMANAGER)) {
            if (!Files.isExecutable(Path.of(bin))) {
                System.err.println("detect bench: " + bin + " is missing: apt-get install prometheus-blackbox-exporter prometheus prometheus-alertmanager");
                System.exit(2);
            }
        }
        StringBuilder result = new StringBuilder("RESULT");
        try (Simulator sim = Simulator.start(SimClock.system())) {
            SimulatedTenant tenant = sim.addTenant(TenantSpec.of("bench-weu"));
            for (int seconds : intervals) {
                Path dir = BenchSupport.tempDir("cpimon-bench-detect-" + seconds + "s");
                List<Double> cpimon = new ArrayList<>();
                List<Double> anchor = new ArrayList<>();
                List<Double> floors = new ArrayList<>();
                List<Double> overheads = new ArrayList<>();
                try (CpimonServer server = CpimonServer.start(config(sim, tenant, seconds, dir.resolve("pg")), Clock.systemUTC())) {
                    System.out.printf("interval %d s: cpimon on port %d%n", seconds, server.port());
                    for (int trial = 1; trial <= trials; trial++) {
                      // a fresh anchor stack per trial (its state after a resolved outage would delay the next one by
                      // group_interval / resend delays): started, then given one successful probe before the outage
                      try (Anchor stack = Anchor.start(Files.createDirectories(dir.resolve("anchor-" + trial)), tenant.runtimeUrl(),
                              sim.webhook().url(), seconds)) {
                        stack.awaitProbeUp(Duration.ofSeconds(30L + 3L * seconds));
                        awaitQuiet(sim, Duration.ofSeconds(Math.max(10, 2L * seconds)));
                        sim.webhook().clear();
                        long down = System.nanoTime();
                        Instant downAt = Instant.now();
                        tenant.down();
                        Double c = null;
                        Double a = null;
                        long deadline = down + Duration.ofSeconds(30L + 8L * seconds).toNanos();
                        while ((c == null || a == null) && System.nanoTime() < deadline) {
                            for (JsonObject m : sim.webhook().received()) {
                                boolean firing = "firing".equals(m.getString("status"));
                                double at = (System.nanoTime() - down) / 1e9;
                                if (firing && c == null && "cpimon-hook".equals(m.getString("receiver"))) {
                                    c = at;
                                }
                                if (firing && a == null && String.valueOf(m.getString("receiver")).contains("anchor")) {
                                    a = at;
                                }
                            }
                            Thread.sleep(20); // a benchmark's polling of the peer's inbox, not a test wait
                        }
                        tenant.up();
                        Double floor = c == null ? null : decidingProbe(server, tenant.id(), downAt);
                        Double overhead = floor == null ? null : c - floor;
                        System.out.printf("  trial %d: outage → firing notification: cpimon %s s (floor %s s + overhead %s s),"
                                + " prometheus+alertmanager %s s%n", trial, fmt(c), fmt(floor), fmt(overhead), fmt(a));
                        if (c != null) {
                            cpimon.add(c);
                        }
                        if (overhead != null) {
                            floors.add(floor);
                            overheads.add(overhead);
                        }
                        if (a != null) {
                            anchor.add(a);
                        }
                        awaitQuiet(sim, Duration.ofSeconds(Math.max(10, 3L * seconds)));
                      }
                    }
                }
                double cp = p50(cpimon);
                double ap = p50(anchor);
                double op95 = percentile(overheads, 0.95);
                System.out.printf("interval %d s: p50 cpimon %.2f s, anchor %.2f s, ratio %.2f; cpimon floor p50 %.2f s,"
                        + " overhead p50 %.2f s p95 %.2f s max %.2f s (%d of %d trials)%n", seconds, cp, ap, cp / ap,
                        p50(floors), p50(overheads), op95, percentile(overheads, 1.0), overheads.size(), trials);
                result.append(String.format(" cpimon_%ds_p50=%.2f anchor_%ds_p50=%.2f ratio_%ds=%.2f floor_%ds_p50=%.2f"
                        + " overhead_%ds_p50=%.2f overhead_%ds_p95=%.2f", seconds, cp, seconds, ap, seconds, cp / ap,
                        seconds, p50(floors), seconds, p50(overheads), seconds, op95));
            }
        }
        System.out.println(result);
        System.exit(0);
    }

    /** Waits until neither stack has sent anything for {@code quiet} (alerts from startup and recovery are settled). */
    private static void awaitQuiet(Simulator sim, Duration quiet) throws InterruptedException {
        int seen = -1;
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet.toNanos()) {
            int now = sim.webhook().received().size();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    /**
     * Seconds from the outage to the end of cpimon's deciding probe: the second failed probe that started after the
     * outage (tenant_down's 2 of 2), as stored; null when it is not found.
     */
    private static Double decidingProbe(CpimonServer server, String tenantId, Instant downAt) {
        // a probe counts by when it ended: one sent just before the outage that failed on it is cpimon's first failure
        List<Instant> failed = new ArrayList<>(server.database().probes().lastN(tenantId, 50).stream()
                .filter(r -> !r.up()).map(r -> r.at().plusMillis(r.latencyMillis()))
                .filter(ended -> !ended.isBefore(downAt)).toList());
        if (failed.size() < 2) {
            return null;
        }
        failed.sort(Comparator.naturalOrder());
        return Duration.between(downAt, failed.get(1)).toNanos() / 1e9;
    }

    /** The q-quantile (nearest rank) of {@code values}; NaN when empty. */
    static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.max(0, (int) Math.ceil(q * s.size()) - 1));
    }

    private static String fmt(Double d) {
        return d == null ? "none" : String.format("%.2f", d);
    }

    static double p50(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static CpimonConfig config(Simulator sim, SimulatedTenant t, int seconds, Path pg) throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                database: { embeddedDir: "%s" }
                tenants:
                  - id: %s
                    api:
                      url: %s
                      auth: { oauth2: { tokenUrl: %s, clientId: %s, clientSecret: "${env:SECRET}" } }
                    probe: { url: %s, method: HEAD, interval: %ds, timeout: %dms, upStatus: [200, 401] }
                    poll: { interval: 30s }
                rules: { evaluationInterval: %ds, tenant_down: { failures: 2, window: 2 } }
                channels:
                  - { name: cpimon-hook, type: webhook, url: "${env:HOOK}" }
                routes:
                  - { match: { rule: tenant_down }, channels: [cpimon-hook] }
                """.formatted(pg, t.id(), t.apiUrl(), t.tokenUrl(), t.clientId(), t.runtimeUrl(), seconds,
                Math.min(5000, seconds * 1000), seconds);
        return new ConfigLoader(Map.of("SECRET", t.clientSecret(), "HOOK", sim.webhook().url())::get,
                AlertingCatalogue.CONFIG).parse(yaml, "detect bench");
    }

    /** blackbox exporter + Prometheus + Alertmanager as child processes on loopback. */
    static final class Anchor implements AutoCloseable {
        private final List<Process> processes = new ArrayList<>();
        private final String ports;
        private int promPort;

        private Anchor(String ports) {
            this.ports = ports;
        }

        /** Waits until Prometheus has stored a successful probe of the tenant (the stack is watching). */
        void awaitProbeUp(Duration max) throws Exception {
            var http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort
                            + "/api/v1/query?query=probe_success")).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"1\"]")) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("prometheus did not record a successful probe within " + max);
        }

        String ports() {
            return ports;
        }

        static Anchor start(Path dir, String target, String webhook, int seconds) throws IOException {
            int bb = freePort();
            int prom = freePort();
            int am = freePort();
            Anchor a = new Anchor(bb + "/" + prom + "/" + am);
            String timeout = seconds >= 5 ? "5s" : seconds + "s";
            Files.writeString(dir.resolve("blackbox.yml"), """
                    modules:
                      http_head:
                        prober: http
                        timeout: %s
                        http:
                          method: HEAD
                          valid_status_codes: [200, 401]
                          no_follow_redirects: true
                    """.formatted(timeout));
            Files.writeString(dir.resolve("rules.yml"), """
                    groups:
                      - name: cpi
                        interval: %ds
                        rules:
                          - alert: TenantDown
                            expr: probe_success{job="cpi"} == 0
                            for: %ds
                            labels: { severity: critical }
                            annotations: { summary: "Tenant {{ $labels.instance }} is down" }
                    """.formatted(seconds, seconds));
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global: { scrape_interval: %ds, scrape_timeout: %s, evaluation_interval: %ds }
                    rule_files: [ "%s" ]
                    alerting:
                      alertmanagers:
                        - static_configs: [ { targets: [ "127.0.0.1:%d" ] } ]
                    scrape_configs:
                      - job_name: cpi
                        metrics_path: /probe
                        params: { module: [ http_head ] }
                        static_configs: [ { targets: [ "%s" ] } ]
                        relabel_configs:
                          - { source_labels: [__address__], target_label: __param_target }
                          - { source_labels: [__param_target], target_label: instance }
                          - { target_label: __address__, replacement: "127.0.0.1:%d" }
                    """.formatted(seconds, timeout, seconds, dir.resolve("rules.yml"), am, target, bb));
            a.promPort = prom;
            Files.writeString(dir.resolve("alertmanager.yml"), """
                    route: { receiver: anchor, group_by: [alertname, instance], group_wait: 0s, group_interval: 5m, repeat_interval: 4h }
                    receivers:
                      - name: anchor
                        webhook_configs: [ { url: "%s", send_resolved: true } ]
                    """.formatted(webhook));
            a.spawn(dir, "blackbox", BLACKBOX, "--config.file=" + dir.resolve("blackbox.yml"), "--web.listen-address=127.0.0.1:" + bb);
            a.spawn(dir, "alertmanager", ALERTMANAGER, "--config.file=" + dir.resolve("alertmanager.yml"),
                    "--storage.path=" + dir.resolve("am"), "--web.listen-address=127.0.0.1:" + am, "--cluster.listen-address=");
            a.spawn(dir, "prometheus", PROMETHEUS, "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prom);
            return a;
        }

        private void spawn(Path dir, String name, String... command) throws IOException {
            processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile()).start());
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        @Override
        public void close() {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
