package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real scrape of {@code /metrics} from the demo landscape: every family cpimon promises is there with values from
 * the work done, the exposition follows the Prometheus conventions that can be checked here (and passes
 * {@code promtool check metrics} where promtool is installed), and every metric the shipped Grafana dashboard queries
 * exists in it.
 */
class MetricsScrapeIT {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Label names that would carry a value per message, alert, request or peer: unbounded series. */
    private static final Pattern UNBOUNDED = Pattern.compile("(?i)(.*_)?(id|guid|uuid|message|messageguid|path|uri|url"
            + "|remote|address|ip|user|token)");
    /** A GUID, UUID or long hex string in a label value: one series per message, alert or session. */
    private static final Pattern IDENTIFIER = Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-|[0-9a-f]{16,}|\\bAG[A-Za-z0-9_-]{20,}");
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "cpimon-dashboard.json");

    static RunningCpimon cpimon;
    static String scrape;

    @BeforeAll
    static void start() throws Exception {
        cpimon = new RunningCpimon();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            cpimon.get("/api/v1/tenants");
            // the GC pause timer appears with the first collection the JVM reports; a young JVM may not have had one
            System.gc();
            String text = cpimon.get("/metrics").body();
            Files.writeString(Path.of("target", "metrics-scrape.txt"), text);
            assertThat(value(text, "cpimon_ingest_rows_total", "tenant", Demo.PRIMARY)).as("rows").isPositive();
            assertThat(value(text, "cpimon_probe_duration_seconds_count", "tenant", Demo.THIRD)).as("probes")
                    .isPositive();
            assertThat(value(text, "cpimon_rule_evaluation_duration_seconds_count", "rule", "tenant_down"))
                    .as("rules").isPositive();
            assertThat(value(text, "cpimon_forward_rows_total", "outcome", "sent")).as("forwarded").isPositive();
            assertThat(value(text, "vertx_http_server_requests_total", "code", "200")).as("http").isPositive();
            assertThat(text).as("a collection reported").contains("jvm_gc_pause_seconds_count");
            // the state gauges have a series per open alert state and per outbox state: none before the first ones
            assertThat(text).as("alerts and notifications").contains("cpimon_alerts_open{", "cpimon_notifications{");
            scrape = text;
        });
    }

    @AfterAll
    static void stop() {
        cpimon.close();
    }

    @Test
    void scrape_hasJvmProcessHttpPoolAndCpimonFamilies() {
        Set<String> names = sampleNames(scrape);
        assertThat(names).contains("jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "process_files_open_files",
                "hikaricp_connections_active", "hikaricp_connections_acquire_seconds_count",
                "vertx_http_server_response_time_seconds_count", "cpimon_ingest_poll_duration_seconds_count",
                "cpimon_ingest_lag_seconds", "cpimon_tenant_probe_up", "cpimon_tenant_probe_latency_seconds",
                "cpimon_alerts_open", "cpimon_notifications", "cpimon_forward_lag_rows", "cpimon_forward_lag_seconds",
                "cpimon_forward_up", "cpimon_messages_recent", "cpimon_ingest_last_success_timestamp_seconds");
        assertThat(value(scrape, "cpimon_tenant_probe_up", "tenant", Demo.THIRD)).isEqualTo(1);
        assertThat(value(scrape, "cpimon_forward_up", "forwarder", "law")).isEqualTo(1);
        assertThat(scrape).contains("cpimon_notifications{channel=\"ops-teams\",state=\"dead\"}");
    }

    @Test
    void scrape_followsPrometheusConventions() {
        Map<String, String> types = new HashMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                types.put(p[2], p[3]);
            }
        }
        assertThat(types).isNotEmpty();
        List<String> broken = new ArrayList<>();
        types.forEach((name, type) -> {
            if (!name.matches("[a-z][a-z0-9_]*")) {
                broken.add(name + ": not snake_case");
            }
            if (type.equals("counter") && !name.endsWith("_total")) {
                broken.add(name + ": a counter without _total");
            }
            if (!type.equals("counter") && name.endsWith("_total")) {
                broken.add(name + ": _total on a " + type);
            }
            if (name.matches(".*_(milliseconds|millis|ms|minutes|hours|kilobytes|megabytes)(_.*)?")) {
                broken.add(name + ": not in base units (seconds, bytes)");
            }
        });
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            assertThat(m.matches()).as("sample line: " + line).isTrue();
            if (m.group(3) == null) {
                continue;
            }
            Matcher l = LABEL.matcher(m.group(3));
            while (l.find()) {
                // Micrometer's JVM binders name memory pools and buffer pools by "id": a handful per JVM
                boolean jvmPool = l.group(1).equals("id") && m.group(1).startsWith("jvm_");
                if (UNBOUNDED.matcher(l.group(1)).matches() && !jvmPool) {
                    broken.add(m.group(1) + ": unbounded label " + l.group(1));
                }
                if (IDENTIFIER.matcher(l.group(2)).find()) {
                    broken.add(m.group(1) + ": label " + l.group(1) + " carries an identifier: " + l.group(2));
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void scrape_passesPromtool() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed");
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEmpty();
    }

    @Test
    void grafanaDashboard_queriesOnlyMetricsOfTheScrape() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(exprs).hasSizeGreaterThan(10);
        Set<String> used = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b((?:cpimon|jvm|process|system|vertx|hikaricp)_[a-z0-9_]+)");
        exprs.forEach(e -> {
            Matcher m = metric.matcher(e);
            while (m.find()) {
                used.add(m.group(1));
            }
        });
        assertThat(used).hasSizeGreaterThan(15);
        assertThat(sampleNames(scrape)).containsAll(used);
    }

    private static Set<String> sampleNames(String text) {
        Set<String> names = new HashSet<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The sum of the samples of {@code name} whose label {@code label} is {@code labelValue}. */
    static double value(String text, String name, String label, String labelValue) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches() && m.group(1).equals(name) && m.group(3) != null
                    && m.group(3).contains(label + "=\"" + labelValue + "\"")) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
