package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.forward.ForwarderStatus;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MPL forwarders: {@code GET /api/v1/forwarders} — per forwarder its name, type, cursor position, lag in rows
 * and seconds, last success, last error, why it stopped (null while it runs), rows sent/retried/dead since start and
 * stored dead letters; and their {@code /metrics} families ({@code cpimon_forward_lag_rows},
 * {@code cpimon_forward_lag_seconds} gauges, {@code cpimon_forward_rows_total{outcome=sent|retried|dead}} counters,
 * {@code cpimon_forward_up}). Handlers never block.
 */
public final class ForwarderRoutes implements ApiRoutes {
    private final ForwarderSet forwarders;

    public ForwarderRoutes(ForwarderSet forwarders) {
        this.forwarders = forwarders;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        // plain lists and maps: the API's mapper writes a Vert.x JsonArray as a bean, not as an array
        router.get("/api/v1/forwarders").handler(ctx -> endpoints.respond(ctx, () ->
                forwarders.statuses().stream().map(ForwarderRoutes::view).toList()));
    }

    static Map<String, Object> view(ForwarderStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", s.name());
        out.put("type", s.type());
        out.put("position", s.position().toString());
        out.put("positionAt", text(s.positionAt()));
        out.put("lagRows", s.lagRows());
        out.put("lagSeconds", s.lagSeconds());
        out.put("lagging", s.lagging());
        out.put("lastSuccess", text(s.lastSuccess()));
        out.put("lastError", s.lastError());
        out.put("stopped", s.stopped());
        out.put("rowsSent", s.rowsSent());
        out.put("rowsRetried", s.rowsRetried());
        out.put("rowsDead", s.rowsDead());
        out.put("deadLetters", s.deadLetters());
        return out;
    }

    /** The forwarders' metric families (none without forwarders); blocking. */
    static String prometheus(ForwarderSet forwarders) {
        List<ForwarderStatus> all = forwarders.statuses();
        if (all.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        family(out, "cpimon_forward_lag_rows", "gauge", "Stored MPL changes not yet forwarded (capped)");
        all.forEach(s -> sample(out, "cpimon_forward_lag_rows", s.name(), null, s.lagRows()));
        family(out, "cpimon_forward_lag_seconds", "gauge", "Age of the oldest MPL change not yet forwarded");
        all.forEach(s -> sample(out, "cpimon_forward_lag_seconds", s.name(), null, s.lagSeconds()));
        family(out, "cpimon_forward_rows_total", "counter", "Rows sent, retried and given up on since start");
        all.forEach(s -> {
            sample(out, "cpimon_forward_rows_total", s.name(), "sent", s.rowsSent());
            sample(out, "cpimon_forward_rows_total", s.name(), "retried", s.rowsRetried());
            sample(out, "cpimon_forward_rows_total", s.name(), "dead", s.rowsDead());
        });
        family(out, "cpimon_forward_up", "gauge", "1 while the forwarder runs, 0 when it stopped for good");
        all.forEach(s -> sample(out, "cpimon_forward_up", s.name(), null, s.stopped() == null ? 1 : 0));
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String forwarder, String outcome, long value) {
        out.append(name).append("{forwarder=\"").append(PrometheusMetrics.escape(forwarder)).append('"');
        if (outcome != null) {
            out.append(",outcome=\"").append(outcome).append('"');
        }
        out.append("} ").append(value).append('\n');
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
