package io.cpimon.api.routes;

import io.cpimon.alerting.readiness.Finding;
import io.cpimon.alerting.readiness.ReadinessService;
import io.cpimon.alerting.readiness.ReadinessService.AckResult;
import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * DR readiness of a pair:
 * <ul>
 * <li>{@code GET /api/v1/pairs/{id}/readiness}: score, ready, every finding explained (with its acknowledgement),
 * what was not compared; 404 for an unknown pair</li>
 * <li>{@code POST /api/v1/pairs/{id}/readiness/{findingKey}/ack} {@code {"reason": "…"}} (operator): accepts one
 * current finding on purpose, recording who and when; 404 for an unknown pair or a key that is not a current
 * finding, 400 without a reason</li>
 * </ul>
 * Stateless; handlers never block.
 */
public final class ReadinessRoutes implements ApiRoutes {
    private static final int MAX_REASON = 2000;
    private static final int MAX_ID = 200;

    private final ReadinessService readiness;

    public ReadinessRoutes(ReadinessService readiness) {
        this.readiness = readiness;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/pairs/:id/readiness").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of());
            String id = ctx.pathParam("id");
            endpoints.respond(ctx, () -> readiness.of(id)
                    .orElseThrow(() -> Endpoints.notFound("no pair '" + id + "'")));
        });
        router.post("/api/v1/pairs/:id/readiness/:key/ack").handler(ctx -> {
            String id = ctx.pathParam("id");
            String key = ctx.pathParam("key");
            if (id.length() > MAX_ID) {
                throw Endpoints.badParameter("id", "id must be a configured pair id, at most " + MAX_ID
                        + " characters");
            }
            JsonObject body = Requests.body(ctx);
            String reason = Requests.optionalString(body, "reason", MAX_REASON);
            if (reason == null || reason.isBlank()) {
                throw Endpoints.badParameter("reason",
                        "an acknowledgement needs 'reason': why the finding is accepted");
            }
            String by = ApiAuth.principal(ctx).name();
            endpoints.respond(ctx, () -> acked(readiness.ack(id, key, reason.strip(), by), id, key));
        });
    }

    private static Finding acked(AckResult result, String pair, String key) {
        return switch (result) {
            case AckResult.Acked a -> a.finding();
            case AckResult.NoPair n -> throw Endpoints.notFound("no pair '" + pair + "'");
            case AckResult.NoFinding n -> throw Endpoints.notFound("pair '" + pair + "' has no current finding '"
                    + key + "' (GET /api/v1/pairs/" + pair + "/readiness lists them)");
        };
    }
}
