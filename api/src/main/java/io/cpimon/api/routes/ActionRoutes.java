package io.cpimon.api.routes;

import io.cpimon.alerting.actions.ActionService;
import io.cpimon.alerting.actions.ActionService.Result;
import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.AuditTrail;
import io.cpimon.api.Endpoints;
import io.cpimon.api.Paging;
import io.cpimon.api.Requests;
import io.cpimon.db.ActionStore;
import io.cpimon.db.FailoverAction;
import io.cpimon.db.FailoverAction.Direction;
import io.cpimon.db.FailoverAction.State;
import io.cpimon.db.Keyset;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The pairs' failover actions:
 * <ul>
 * <li>{@code GET /api/v1/actions?pair&state&since&until&limit&before}: newest first, paged as {@link Paging} says</li>
 * <li>{@code GET /api/v1/actions/{id}}: one action with its steps; 404 when unknown</li>
 * <li>{@code POST /api/v1/actions/{id}/approve} and {@code /reject} {@code {"note": "…"}} (operator): decides an
 * action awaiting approval, recording who and when; an approved action runs at once; 409 when it is not awaiting
 * approval</li>
 * <li>{@code POST /api/v1/pairs/{id}/actions} {@code {"direction": "failover|failback", "reason": "…"}} (operator):
 * requests an action now; 201; 409 when the pair has no action configured or one in flight</li>
 * </ul>
 * Stateless; handlers never block.
 */
public final class ActionRoutes implements ApiRoutes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_TEXT = 2000;
    private static final int MAX_ID = 200;
    private static final Set<String> PARAMETERS = Set.of("pair", "state", "since", "until", "limit", "before");

    private final ActionService actions;

    public ActionRoutes(ActionService actions) {
        this.actions = actions;
    }

    /**
     * One action as the API shows it: wire names, no secret (the target has no query, headers are names).
     * @param steps null in lists
     */
    public record ActionView(long id, String pair, String direction, String origin, String mode, String state,
                             String reason, String from, String to, String requestedBy, Instant createdAt,
                             Instant updatedAt, Instant dueAt, boolean approval, String decidedBy, Instant decidedAt,
                             String decisionNote, int attempts, RequestView request, OutcomeView outcome,
                             Instant finishedAt, List<FailoverAction.Step> steps) {
        static ActionView of(FailoverAction a, boolean withSteps) {
            RequestView request = a.requestMethod() == null ? null : new RequestView(a.requestMethod(),
                    a.requestTarget(), a.requestHeaders(), a.requestBody());
            OutcomeView outcome = a.outcomeStatus() == null && a.outcomeDetail() == null && a.outcomeMillis() == null
                    ? null : new OutcomeView(a.outcomeStatus(), a.outcomeExcerpt(), a.outcomeMillis(),
                    a.outcomeDetail());
            return new ActionView(a.id(), a.pairId(), a.direction().wire(), a.origin().wire(), a.mode(),
                    a.state().wire(), a.reason(), a.fromTenant(), a.toTenant(), a.requestedBy(), a.createdAt(),
                    a.updatedAt(), a.dueAt(), a.approval(), a.decidedBy(), a.decidedAt(), a.decisionNote(),
                    a.attempts(), request, outcome, a.finishedAt(), withSteps ? a.steps() : null);
        }
    }

    /** What an action sends (or in dry-run would send): @param headers the header names, never their values. */
    public record RequestView(String method, String target, String headers, String body) {}

    /** The last attempt's outcome, or why the action ended without one; every member nullable. */
    public record OutcomeView(Integer status, String excerpt, Long durationMillis, String detail) {}

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/actions").handler(ctx -> {
            Requests.onlyParams(ctx, PARAMETERS);
            String pair = Requests.text(ctx, "pair", MAX_ID);
            State state = Requests.enumParam(ctx, "state", State.class);
            Paging.Window w = Paging.window(ctx, DEFAULT_LIMIT);
            endpoints.call(() -> actions.search(new ActionStore.Query(pair, state, w.since(), w.until(), w.before(),
                            w.limit())).stream().map(a -> ActionView.of(a, false)).toList())
                    .onSuccess(page -> Paging.respond(ctx, w, page, v -> new Keyset(v.createdAt(), v.id())))
                    .onFailure(ctx::fail);
        });
        router.get("/api/v1/actions/:id").handler(ctx -> {
            Requests.onlyParams(ctx, Set.of());
            long id = Requests.longPath(ctx, "id");
            endpoints.respond(ctx, () -> actions.get(id).map(a -> ActionView.of(a, true))
                    .orElseThrow(() -> Endpoints.notFound("no action " + id)));
        });
        for (String verb : List.of("approve", "reject")) {
            router.post("/api/v1/actions/:id/" + verb).handler(ctx -> {
                long id = Requests.longPath(ctx, "id");
                JsonObject body = Requests.optionalBody(ctx);
                String note = body == null ? null : Requests.optionalString(body, "note", MAX_TEXT);
                String by = ApiAuth.principal(ctx).name();
                AuditTrail.summary(ctx, verb + " action " + id);
                endpoints.respond(ctx, () -> answer(verb.equals("approve") ? actions.approve(id, by, note)
                        : actions.reject(id, by, note)));
            });
        }
        router.post("/api/v1/pairs/:id/actions").handler(ctx -> {
            String pair = ctx.pathParam("id");
            if (pair.length() > MAX_ID) {
                throw Endpoints.badParameter("id", "id must be a configured pair id, at most " + MAX_ID
                        + " characters");
            }
            JsonObject body = Requests.body(ctx);
            String dir = Requests.optionalString(body, "direction", 20);
            if (dir == null || !Set.of("failover", "failback").contains(dir)) {
                throw Endpoints.badParameter("direction", "direction must be 'failover' or 'failback', got "
                        + (dir == null ? "nothing" : "'" + dir + "'"));
            }
            String reason = Requests.optionalString(body, "reason", MAX_TEXT);
            if (reason == null || reason.isBlank()) {
                throw Endpoints.badParameter("reason", "a request needs 'reason': why the action should run");
            }
            String by = ApiAuth.principal(ctx).name();
            AuditTrail.summary(ctx, "requested " + dir + " action for pair " + pair);
            endpoints.respond(ctx, 201, () -> answer(actions.request(pair, Direction.of(dir), reason.strip(), by)));
        });
    }

    private static ActionView answer(Result r) {
        return switch (r) {
            case Result.Done d -> ActionView.of(d.action(), true);
            case Result.NotFound n -> throw Endpoints.notFound(n.detail());
            case Result.Conflict c -> throw Endpoints.problem(409, c.detail());
        };
    }
}
