package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.config.ChannelConfig;
import io.cpimon.config.CpimonConfig;
import io.cpimon.db.NotificationState;
import io.cpimon.db.NotificationStore;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Channels and channel tests:
 * <ul>
 * <li>{@code GET /api/v1/channels} — each configured channel: name, type, where it sends (never a secret: webhook
 * URLs carry signatures and are not shown) and its outbox rows by state (pending, sent, dead)</li>
 * <li>{@code POST /api/v1/channels/{name}/test} (operator) — sends a synthetic alert through the channel's real
 * formatter and peer now, outside the outbox, and answers the peer's verdict
 * {@code {"channel","type","outcome":"delivered|retry|failed","detail","retryAfterSeconds","externalRef"}}; 404 for
 * an unknown channel</li>
 * </ul>
 * The wiring passes the tester as a function, so the alerting service may start after the API. Stateless; handlers
 * never block.
 */
public final class ChannelRoutes implements ApiRoutes {
    /** One channel as the API shows it. */
    public record ChannelView(String name, String type, String target, long pending, long sent, long dead) {}

    private final Supplier<CpimonConfig> config;
    private final NotificationStore outbox;
    private final BiFunction<String, String, Optional<?>> tester;

    /** @param tester (channel name, requested by) → the test result, empty for an unknown channel; blocking */
    public ChannelRoutes(CpimonConfig config, NotificationStore outbox,
                         BiFunction<String, String, Optional<?>> tester) {
        this(() -> config, outbox, tester);
    }

    /** @param config the configuration in force, asked at every request (a reload swaps it) */
    public ChannelRoutes(Supplier<CpimonConfig> config, NotificationStore outbox,
                         BiFunction<String, String, Optional<?>> tester) {
        this.config = config;
        this.outbox = outbox;
        this.tester = tester;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/channels").handler(ctx -> endpoints.respond(ctx, this::channels));
        router.post("/api/v1/channels/:name/test").handler(ctx -> {
            String name = ctx.pathParam("name");
            String by = ApiAuth.principal(ctx).name();
            endpoints.respond(ctx, () -> tester.apply(name, by)
                    .orElseThrow(() -> Endpoints.notFound("no channel '" + name + "' is configured")));
        });
    }

    List<ChannelView> channels() {
        Map<String, Map<NotificationState, Long>> counts = outbox.countByChannel();
        List<ChannelView> out = new ArrayList<>();
        for (ChannelConfig c : config.get().channels()) {
            Map<NotificationState, Long> n = counts.getOrDefault(c.name(), Map.of());
            out.add(new ChannelView(c.name(), c.type(), c.target(), n.getOrDefault(NotificationState.PENDING, 0L),
                    n.getOrDefault(NotificationState.SENT, 0L), n.getOrDefault(NotificationState.DEAD, 0L)));
        }
        return out;
    }
}
