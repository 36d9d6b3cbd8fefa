package io.cpimon.api.routes;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.NotificationState;
import io.cpimon.forward.ForwarderStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /metrics}: cpimon's state in the Prometheus text exposition format 0.0.4, rendered from the
 * same read models the API serves (no second bookkeeping): the notification outbox by channel and state
 * (dead rows included), open alerts by rule and state, and per tenant the probe, ingest and message figures.
 * Rendering is a pure function; the handler gathers its inputs off the event loop.
 */
final class PrometheusMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusMetrics() {}

    /** @param forwarders the MPL forwarders' statuses; empty without forwarders */
    record Inputs(List<TenantView> tenants, List<Alert> openAlerts, Map<String, Map<NotificationState, Long>> outbox,
                  List<ForwarderStatus> forwarders) {}

    static String render(Inputs in) {
        StringBuilder out = new StringBuilder();

        family(out, "cpimon_notifications", "gauge",
                "Notification outbox rows by channel and state (dead rows were given up on).");
        for (Map.Entry<String, Map<NotificationState, Long>> channel : new TreeMap<>(in.outbox()).entrySet()) {
            for (NotificationState state : NotificationState.values()) {
                sample(out, "cpimon_notifications", channel.getValue().getOrDefault(state, 0L),
                        "channel", channel.getKey(), "state", lower(state.name()));
            }
        }

        family(out, "cpimon_alerts_open", "gauge", "Open alerts by rule and state.");
        Map<String, long[]> byRule = new TreeMap<>();
        for (Alert a : in.openAlerts()) {
            long[] c = byRule.computeIfAbsent(a.rule(), r -> new long[2]);
            c[a.state() == AlertState.FIRING ? 0 : 1]++;
        }
        byRule.forEach((rule, c) -> {
            sample(out, "cpimon_alerts_open", c[0], "rule", rule, "state", "firing");
            sample(out, "cpimon_alerts_open", c[1], "rule", rule, "state", "pending");
        });

        family(out, "cpimon_tenant_probe_up", "gauge", "Last runtime probe of the tenant: 1 up, 0 down.");
        for (TenantView t : in.tenants()) {
            if (t.probe() != null) {
                sample(out, "cpimon_tenant_probe_up", t.probe().up() ? 1 : 0, "tenant", t.id());
            }
        }
        family(out, "cpimon_tenant_probe_latency_seconds", "gauge", "Latency of the last runtime probe.");
        for (TenantView t : in.tenants()) {
            if (t.probe() != null) {
                sample(out, "cpimon_tenant_probe_latency_seconds", t.probe().latencyMs() / 1000.0, "tenant", t.id());
            }
        }
        family(out, "cpimon_ingest_last_success_timestamp_seconds", "gauge",
                "When the tenant's MPL poller last succeeded (Unix time).");
        for (TenantView t : in.tenants()) {
            if (t.ingest() != null && t.ingest().lastSuccess() != null) {
                sample(out, "cpimon_ingest_last_success_timestamp_seconds", seconds(t.ingest().lastSuccess()),
                        "tenant", t.id());
            }
        }
        family(out, "cpimon_ingest_consecutive_failures", "gauge",
                "Failed polls of the tenant's MPLs since the last success.");
        for (TenantView t : in.tenants()) {
            if (t.ingest() != null) {
                sample(out, "cpimon_ingest_consecutive_failures", t.ingest().consecutiveFailures(), "tenant", t.id());
            }
        }
        family(out, "cpimon_ingest_rows_total", "counter", "MPL rows the tenant's poller inserted.");
        for (TenantView t : in.tenants()) {
            if (t.ingest() != null) {
                sample(out, "cpimon_ingest_rows_total", t.ingest().rowsTotal(), "tenant", t.id());
            }
        }
        family(out, "cpimon_messages_recent", "gauge",
                "Messages whose LogEnd is in the last 15 minutes, all and failed.");
        for (TenantView t : in.tenants()) {
            sample(out, "cpimon_messages_recent", t.messages().total(), "tenant", t.id(), "status", "all");
            sample(out, "cpimon_messages_recent", t.messages().failed(), "tenant", t.id(), "status", "failed");
        }
        forwarders(in.forwarders(), out);
        return out.toString();
    }

    private static void forwarders(List<ForwarderStatus> all, StringBuilder out) {
        if (all.isEmpty()) {
            return;
        }
        family(out, "cpimon_forward_lag_rows", "gauge", "Stored MPL changes not yet forwarded (capped)");
        all.forEach(s -> sample(out, "cpimon_forward_lag_rows", s.lagRows(), "forwarder", s.name()));
        family(out, "cpimon_forward_lag_seconds", "gauge", "Age of the oldest MPL change not yet forwarded");
        all.forEach(s -> sample(out, "cpimon_forward_lag_seconds", s.lagSeconds(), "forwarder", s.name()));
        family(out, "cpimon_forward_rows_total", "counter", "Rows sent, retried and given up on since start");
        all.forEach(s -> {
            sample(out, "cpimon_forward_rows_total", s.rowsSent(), "forwarder", s.name(), "outcome", "sent");
            sample(out, "cpimon_forward_rows_total", s.rowsRetried(), "forwarder", s.name(), "outcome", "retried");
            sample(out, "cpimon_forward_rows_total", s.rowsDead(), "forwarder", s.name(), "outcome", "dead");
        });
        family(out, "cpimon_forward_gap_rows_total", "counter",
                "Replaced MPL states pruned from the change log by age before the forwarder read them");
        all.forEach(s -> sample(out, "cpimon_forward_gap_rows_total", s.gapRows(), "forwarder", s.name()));
        family(out, "cpimon_forward_up", "gauge", "1 while the forwarder runs, 0 when it stopped for good");
        all.forEach(s -> sample(out, "cpimon_forward_up", s.stopped() == null ? 1 : 0, "forwarder", s.name()));
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, double value, String... labels) {
        out.append(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
        }
        out.append("} ");
        if (value == Math.rint(value) && !Double.isInfinite(value)) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }

    /** Label values escape backslash, double quote and line feed (exposition format 0.0.4). */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
