package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/overview?range=1h|24h}: everything the dashboard's overview draws, in one answer
 * ({@link OverviewView}, assembled by {@link OverviewViews}); {@code range} (default 1h) is the window of the heartbeat
 * bars and sparklines. Stateless; handlers never block.
 */
public final class OverviewRoutes implements ApiRoutes {
    static final List<ChartRange> RANGES = List.of(ChartRange.HOUR, ChartRange.DAY);
    private final OverviewViews overview;

    public OverviewRoutes(OverviewViews overview) {
        this.overview = overview;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/overview").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of("range"));
            ChartRange range = ChartRange.param(ctx, ChartRange.HOUR, RANGES);
            endpoints.respond(ctx, () -> overview.overview(range));
        });
    }
}
