package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * {@code POST /api/v1/inbound/azure-monitor} (operator): an Azure Monitor action-group webhook in the common alert
 * schema becomes an alert with its Fired/Resolved lifecycle → 202 {@code {"action","alertId","fingerprint"}};
 * 400 when the body is not such a payload. Stateless; handlers never block.
 */
public final class InboundRoutes implements ApiRoutes {
    private static final String SCHEMA_ID = "azureMonitorCommonAlertSchema";
    private final Function<String, ?> azureMonitor;

    /**
     * @param azureMonitor common-alert-schema JSON text → what cpimon did with it; throws IllegalArgumentException for
     *                     a bad payload; blocking
     */
    public InboundRoutes(Function<String, ?> azureMonitor) {
        this.azureMonitor = azureMonitor;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.post("/api/v1/inbound/azure-monitor").handler(ctx -> {
            JsonObject payload = Requests.body(ctx);
            if (!SCHEMA_ID.equals(payload.getValue("schemaId"))) {
                throw Endpoints.badParameter("schemaId", "schemaId must be " + SCHEMA_ID + " (enable the common alert"
                        + " schema on the action group)");
            }
            if (!(payload.getValue("data") instanceof JsonObject data)) {
                throw Endpoints.badParameter("data", "data must be an object, got "
                        + Requests.kind(payload.getValue("data")));
            }
            if (!(data.getValue("essentials") instanceof JsonObject)) {
                throw Endpoints.badParameter("data.essentials", "data.essentials is missing (an object is expected)");
            }
            String body = Requests.bodyText(ctx);
            endpoints.respond(ctx, 202, () -> accept(body));
        });
    }

    private Object accept(String body) {
        if (body == null || body.isBlank()) {
            throw Endpoints.badRequest("a common-alert-schema JSON body is required");
        }
        try {
            return azureMonitor.apply(body);
        } catch (IllegalArgumentException e) {
            throw Endpoints.badRequest(e.getMessage());
        }
    }
}
