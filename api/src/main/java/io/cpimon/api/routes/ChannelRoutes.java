package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Requests;
import io.cpimon.config.ChannelConfig;
import io.cpimon.config.CpimonConfig;
import io.cpimon.db.ChannelBacklog;
import io.cpimon.db.NotificationStore;
import io.vertx.ext.web.Router;
import java.time.Instant;
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
 * URLs carry signatures and are not shown), its outbox rows by state (pending, sent, dead), how many pending rows
 * wait out a backoff ({@code retrying}) and when the first is due ({@code nextRetryAt}), the last delivery
 * ({@code lastSentAt}) and the newest error of a pending or dead row ({@code lastError})</li>
 * <li>{@code POST /api/v1/channels/{name}/test} (operator) — sends a synthetic alert through the channel's real
 * formatter and peer now, outside the outbox, and answers the peer's verdict
 * {@code {"channel","type","outcome":"delivered|retry|failed","detail","retryAfterSeconds","externalRef"}}; 404 for
 * an unknown channel</li>
 * </ul>
 * The wiring passes the tester as a function, so the alerting service may start after the API. Stateless; handlers
 * never block.
 */
public final class ChannelRoutes implements ApiRoutes {
    /**
     * One channel as the API shows it.
     * @param lastSentAt nullable; @param nextRetryAt nullable; @param lastError nullable
     */
    public record ChannelView(String name, String type, String target, long pending, long sent, long dead,
                              long retrying, Instant lastSentAt, Instant nextRetryAt, String lastError) {}

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
            // no body is needed; one that is sent must be a JSON object (a malformed one is a 400, not ignored)
            Requests.optionalBody(ctx);
            String name = ctx.pathParam("name");
            String by = ApiAuth.principal(ctx).name();
            endpoints.respond(ctx, () -> tester.apply(name, by)
                    .orElseThrow(() -> Endpoints.notFound("no channel '" + name + "' is configured")));
        });
    }

    List<ChannelView> channels() {
        Map<String, ChannelBacklog> backlog = outbox.backlog();
        List<ChannelView> out = new ArrayList<>();
        for (ChannelConfig c : config.get().channels()) {
            ChannelBacklog b = backlog.getOrDefault(c.name(),
                    new ChannelBacklog(c.name(), 0, 0, 0, 0, null, null, null));
            out.add(new ChannelView(c.name(), c.type(), c.target(), b.pending(), b.sent(), b.dead(), b.retrying(),
                    b.lastSentAt(), b.nextRetryAt(), b.lastError()));
        }
        return out;
    }
}
