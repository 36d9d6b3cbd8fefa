package io.cpimon.api.routes;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.AuditTrail;
import io.cpimon.api.Endpoints;
import io.cpimon.config.CpimonConfig.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;

/**
 * The configuration reload:
 * <ul>
 * <li>{@code POST /api/v1/reload} (admin): reads, validates and builds the whole configuration file again, then swaps
 * it in; 200 with the {@link ReloadStatus} when applied (or unchanged); 400 problem+json with {@code errors} (one
 * line per problem, {@code file:line: field: message}) when the file is invalid, the running configuration staying;
 * 409 when cpimon runs a built-in configuration (the demo)</li>
 * <li>{@code GET /api/v1/reload}: the last reload's status (SIGHUP or API), {@code outcome: none} before the
 * first</li>
 * </ul>
 * Handlers never block: the reload runs on a virtual thread.
 */
public final class ReloadRoutes implements ApiRoutes {
    /**
     * What a reload did; never holds a secret.
     * @param at nullable before any reload
     * @param trigger {@code SIGHUP} or {@code api <token name>}; nullable before any reload
     * @param outcome {@code applied}, {@code unchanged}, {@code rejected} (invalid file, nothing changed),
     *                {@code failed} (applying failed, the previous configuration restored), {@code unsupported} (no
     *                file) or {@code none}
     * @param file nullable: the configuration file
     * @param changes what changed, one line each ({@code tenant dev-weu added}, {@code rules changed})
     * @param errors why it was rejected or failed
     * @param restartNeeded sections that changed but only apply at the next start ({@code server},
     *                      {@code database}, {@code retention}, {@code forwarding}, {@code logging})
     */
    public record ReloadStatus(Instant at, String trigger, String outcome, String file, List<String> changes,
                               List<String> errors, List<String> restartNeeded) {
        /** Before any reload. */
        public static ReloadStatus none(String file) {
            return new ReloadStatus(null, null, "none", file, List.of(), List.of(), List.of());
        }
    }

    /** What the routes drive; implemented where the components are wired. Thread-safe. */
    public interface Reloader {
        /** Reloads now; blocking. @param trigger who asked ({@code SIGHUP}, {@code api jane}) */
        ReloadStatus reload(String trigger);

        /** The last reload's status. */
        ReloadStatus last();
    }

    private final Reloader reloader;

    public ReloadRoutes(Reloader reloader) {
        this.reloader = reloader;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.post("/api/v1/reload").handler(ApiAuth.requires(Role.ADMIN)).handler(ctx -> {
            String trigger = "api " + ApiAuth.principal(ctx).name();
            endpoints.call(() -> reloader.reload(trigger)).onSuccess(status -> {
                AuditTrail.summary(ctx, status.outcome() + (status.changes().isEmpty() ? ""
                        : ": " + String.join("; ", status.changes())));
                switch (status.outcome()) {
                    case "applied", "unchanged" -> Endpoints.json(ctx, 200, Endpoints.toJson(status));
                    case "unsupported" -> ctx.fail(Endpoints.problem(409, String.join("; ", status.errors())));
                    case "rejected" -> ctx.fail(Endpoints.problem(400, "the configuration file is invalid; the"
                            + " running configuration stays: " + String.join("; ", status.errors()),
                            new JsonObject().put("errors", new JsonArray(status.errors()))));
                    default -> ctx.fail(Endpoints.problem(500, "the reload failed; the previous configuration"
                            + " runs: " + String.join("; ", status.errors()),
                            new JsonObject().put("errors", new JsonArray(status.errors()))));
                }
            }).onFailure(ctx::fail);
        });
        router.get("/api/v1/reload").handler(ctx -> endpoints.respond(ctx, reloader::last));
    }
}
