package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.db.ForwardDeadLetter;
import io.cpimon.forward.Forwarder;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.forward.ForwarderStatus;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The MPL forwarders:
 * <ul>
 * <li>{@code GET /api/v1/forwarders} — per forwarder its name, type, cursor position, lag in rows and seconds, last
 * success, last error, why it stopped (null while it runs), rows sent/retried/dead since start and stored dead
 * letters (their lag is published on {@code /metrics} by {@link MetricsRoutes})</li>
 * <li>{@code GET /api/v1/forwarders/{name}/dead-letters?limit} — the rows a forwarder gave up on, newest first: which
 * message and state, the row as it was sent (cut to 8,000 characters) and the peer's answer; 404 for an unknown
 * forwarder</li>
 * </ul>
 * Handlers never block.
 */
public final class ForwarderRoutes implements ApiRoutes {
    /** Dead letters answered without a {@code limit}. */
    static final int DEFAULT_DEAD_LETTERS = 100;
    private final ForwarderSet forwarders;

    public ForwarderRoutes(ForwarderSet forwarders) {
        this.forwarders = forwarders;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        // plain lists and maps: the API's mapper writes a Vert.x JsonArray as a bean, not as an array
        router.get("/api/v1/forwarders").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of());
            endpoints.respond(ctx, () -> forwarders.statuses().stream().map(ForwarderRoutes::view).toList());
        });
        router.get("/api/v1/forwarders/:name/dead-letters").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of("limit"));
            int limit = Requests.limit(ctx, DEFAULT_DEAD_LETTERS);
            String name = ctx.pathParam("name");
            Forwarder forwarder = forwarders.forwarder(name).orElse(null);
            if (forwarder == null) {
                throw Endpoints.notFound("no forwarder '" + name + "' is configured");
            }
            endpoints.respond(ctx, () -> forwarder.deadLetters(limit).stream().map(ForwarderRoutes::view).toList());
        });
    }

    static Map<String, Object> view(ForwardDeadLetter d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("tenant", d.tenantId());
        out.put("messageGuid", d.messageGuid());
        out.put("status", d.status());
        out.put("position", d.position().toString());
        out.put("deadAt", text(d.deadAt()));
        out.put("answer", d.answer());
        out.put("row", d.rowText());
        return out;
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
        out.put("gapRows", s.gapRows());
        out.put("lastGapAt", text(s.lastGapAt()));
        return out;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
