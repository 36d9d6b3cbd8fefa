package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.core.Lifecycle.Check;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /healthz} (the process answers: always 200) and {@code GET /readyz}: 200 only when every component is
 * up, else 503; the body names each component's state ({@code components}: name → UP/DOWN) and its check
 * ({@code checks}: name → {@code {up, detail}}). Outside authentication. The checks may block (a database ping):
 * they run off the event loop.
 */
public final class HealthRoutes implements ApiRoutes {
    private final Supplier<Map<String, Check>> checks;

    /**
     * @param checks component name → its current check, in start order; a component not started is down. Blocking.
     */
    public HealthRoutes(Supplier<Map<String, Check>> checks) {
        this.checks = checks;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/healthz").handler(ctx -> Endpoints.json(ctx, 200, new JsonObject().put("status", "UP").encode()));
        router.get("/readyz").handler(ctx -> endpoints.call(checks::get)
                .onSuccess(result -> readyz(ctx, result))
                .onFailure(ctx::fail));
    }

    private static void readyz(RoutingContext ctx, Map<String, Check> result) {
        JsonObject components = new JsonObject();
        JsonObject details = new JsonObject();
        boolean up = true;
        for (Map.Entry<String, Check> c : result.entrySet()) {
            Check check = c.getValue();
            components.put(c.getKey(), check.up() ? "UP" : "DOWN");
            details.put(c.getKey(), new JsonObject().put("up", check.up()).put("detail", check.detail()));
            up &= check.up();
        }
        Endpoints.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN")
                .put("components", components).put("checks", details).encode());
    }
}
