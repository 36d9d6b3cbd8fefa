package io.cpimon.alerting.actions;

import io.cpimon.alerting.rules.FailoverRule;
import io.cpimon.config.ActionConfig;
import io.cpimon.config.ActionConfig.CallConfig;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.ActionStore;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertStore;
import io.cpimon.db.AuditEntry;
import io.cpimon.db.AuditStore;
import io.cpimon.db.FailoverAction;
import io.cpimon.db.FailoverAction.Direction;
import io.cpimon.db.FailoverAction.Origin;
import io.cpimon.db.FailoverAction.State;
import io.cpimon.db.FailoverAction.Step;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pairs' failover actions: {@link #tick()} (run periodically) starts an action when {@link ActionGuard} says a
 * failover or failback calls for one, re-checks it after {@code recheckAfter} (or {@code failbackAfter}), waits for
 * an operator's approval when configured, expires unanswered approvals, and runs ready actions: in dry-run it
 * records the request it would send, in live mode it sends it, retrying per policy while the action stays the pair's
 * one in flight. Operators request, approve and reject through the API. Every step is stored with the action and
 * written to the audit log (actor {@code cpimon} for the steps cpimon takes by itself). Reads the configuration on
 * each call. Blocking: call from virtual threads; thread-safe (every move is conditional in the database).
 */
public final class ActionService {
    private static final Logger LOG = LoggerFactory.getLogger(ActionService.class);
    /** The actor of the steps cpimon takes by itself. */
    public static final String SYSTEM = "cpimon";
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final int PROBES = 200;

    private final Supplier<CpimonConfig> config;
    private final ActionStore actions;
    private final AlertStore alerts;
    private final ProbeStore probes;
    private final AuditStore audit;
    private final ActionCall call;
    private final Clock clock;

    public ActionService(Supplier<CpimonConfig> config, ActionStore actions, AlertStore alerts, ProbeStore probes,
                         AuditStore audit, ActionCall call, Clock clock) {
        this.config = config;
        this.actions = actions;
        this.alerts = alerts;
        this.probes = probes;
        this.audit = audit;
        this.call = call;
        this.clock = clock;
    }

    /** One round over every pair with an action: start, re-check, expire and run what is due. */
    public void tick() {
        Instant now = now();
        Map<String, FailoverAction> inFlight = new HashMap<>();
        for (FailoverAction a : actions.inFlight()) {
            inFlight.put(a.pairId(), a);
        }
        List<Alert> open = alerts.openAlerts();
        for (PairConfig p : config.get().pairs()) {
            ActionConfig ac = p.action();
            FailoverAction current = inFlight.remove(p.id());
            if (ac == null) {
                if (current != null) {
                    move(current, current.to(State.CANCELLED, now, null).detail("the pair has no action configured"),
                            "cancelled", SYSTEM, "the pair has no action configured");
                }
                continue;
            }
            try {
                ActionGuard.Observation o = observe(p, ac, open, now);
                if (current == null) {
                    ActionGuard.trigger(o, ac).ifPresent(d -> start(p, ac, d, o, now));
                } else {
                    advance(current, p, ac, o, now);
                }
            } catch (RuntimeException e) {
                LOG.warn("action of pair {}: {}", p.id(), e.toString());
            }
        }
        for (FailoverAction orphan : inFlight.values()) {
            move(orphan, orphan.to(State.CANCELLED, now, null).detail("the pair is no longer configured"),
                    "cancelled", SYSTEM, "the pair is no longer configured");
        }
    }

    /** What {@link #request}, {@link #approve} and {@link #reject} decided. */
    public sealed interface Result {
        record Done(FailoverAction action) implements Result {}

        record NotFound(String detail) implements Result {}

        record Conflict(String detail) implements Result {}
    }

    /**
     * An operator's request for an action now, past the failure count and re-check: it waits for approval when the
     * pair requires one, and runs otherwise.
     */
    public Result request(String pairId, Direction direction, String reason, String by) {
        Optional<PairConfig> pair = config.get().pairs().stream().filter(p -> p.id().equals(pairId)).findFirst();
        if (pair.isEmpty()) {
            return new Result.NotFound("no pair '" + pairId + "'");
        }
        ActionConfig ac = pair.get().action();
        if (ac == null) {
            return new Result.Conflict("pair '" + pairId + "' has no action configured (pairs[].action)");
        }
        if (direction == Direction.FAILBACK && ac.failback() == null) {
            return new Result.Conflict("pair '" + pairId + "' has no failback call configured (pairs[].action.failback)");
        }
        Instant now = now();
        boolean approval = ac.approval();
        FailoverAction a = fresh(pair.get(), ac, direction, Origin.REQUEST, approval ? State.AWAITING_APPROVAL
                : State.READY, reason, by, now, approval ? now.plus(ac.approvalTimeout()) : now);
        Optional<FailoverAction> created = actions.create(a, new Step(now, "requested", by, reason));
        if (created.isEmpty()) {
            return new Result.Conflict("pair '" + pairId + "' already has an action in flight (GET /api/v1/actions"
                    + "?pair=" + pairId + ")");
        }
        if (!approval) {
            run(created.get(), ac, pair.get());
        }
        return new Result.Done(actions.get(created.get().id()).orElseThrow());
    }

    /** An operator's approval of an action awaiting one; it runs at once. */
    public Result approve(long id, String by, String note) {
        return decide(id, by, note, true);
    }

    /** An operator's rejection of an action awaiting approval. */
    public Result reject(long id, String by, String note) {
        return decide(id, by, note, false);
    }

    /** One action with its steps. */
    public Optional<FailoverAction> get(long id) {
        return actions.get(id);
    }

    /** Newest first. */
    public List<FailoverAction> search(ActionStore.Query q) {
        return actions.search(q);
    }

    private Result decide(long id, String by, String note, boolean approve) {
        Optional<FailoverAction> found = actions.get(id);
        if (found.isEmpty()) {
            return new Result.NotFound("no action " + id);
        }
        FailoverAction a = found.get();
        if (a.state() != State.AWAITING_APPROVAL) {
            return new Result.Conflict("action " + id + " is " + a.state().wire() + ", not awaiting_approval");
        }
        Instant now = now();
        String step = approve ? "approved" : "rejected";
        FailoverAction next = a.to(approve ? State.READY : State.REJECTED, now, approve ? now : null)
                .decided(by, now, note);
        if (!actions.update(next, State.AWAITING_APPROVAL, new Step(now, step, by, note))) {
            return new Result.Conflict("action " + id + " was decided or expired meanwhile");
        }
        if (approve) {
            Optional<PairConfig> pair = config.get().pairs().stream().filter(p -> p.id().equals(a.pairId()))
                    .findFirst();
            if (pair.isPresent() && pair.get().action() != null) {
                run(next, pair.get().action(), pair.get());
            }
        }
        return new Result.Done(actions.get(id).orElseThrow());
    }

    private ActionGuard.Observation observe(PairConfig p, ActionConfig ac, List<Alert> open, Instant now) {
        Alert failover = open.stream().filter(a -> a.rule().equals(FailoverRule.NAME)
                && p.id().equals(a.labels().get("pair"))).findFirst().orElse(null);
        List<ProbeResult> recent = probes.lastN(p.primary(), PROBES);
        Instant since = now.minus(ac.window());
        int failures = (int) recent.stream().filter(r -> !r.up() && !r.at().isBefore(since)).count();
        boolean up = !recent.isEmpty() && recent.getFirst().up();
        FailoverAction latest = actions.search(ActionStore.Query.latest(p.id(), 1)).stream().findFirst()
                .orElse(null);
        return new ActionGuard.Observation(failover, failures, up, actions.lastDone(p.id()).orElse(null), latest);
    }

    private void start(PairConfig p, ActionConfig ac, Direction d, ActionGuard.Observation o, Instant now) {
        String reason = d == Direction.FAILOVER
                ? "failover alert firing; " + o.primaryFailures() + " failed probes of " + p.primary() + " in the last "
                    + ac.window().toMinutes() + " min"
                : "failover over and " + p.primary() + " up again after action " + o.lastDone().id();
        Duration wait = d == Direction.FAILOVER ? ac.recheckAfter() : ac.failbackAfter();
        FailoverAction a = fresh(p, ac, d, Origin.ALERT, State.RECHECK, reason, SYSTEM, now, now.plus(wait));
        actions.create(a, new Step(now, "triggered", SYSTEM, reason + "; re-check at " + now.plus(wait)))
                .ifPresent(created -> audit(created, "triggered", reason));
    }

    private void advance(FailoverAction a, PairConfig p, ActionConfig ac, ActionGuard.Observation o, Instant now) {
        switch (a.state()) {
            case RECHECK -> {
                if (a.dueAt() != null && now.isBefore(a.dueAt())) {
                    return;
                }
                if (!ActionGuard.holds(a.direction(), o)) {
                    String why = a.direction() == Direction.FAILOVER ? "the failover no longer held at the re-check"
                            : "the pair failed over again before the failback settled";
                    move(a, a.to(State.CANCELLED, now, null).detail(why), "cancelled", SYSTEM, why);
                    return;
                }
                FailoverAction next = ac.approval() ? a.to(State.AWAITING_APPROVAL, now, now.plus(ac.approvalTimeout()))
                        : a.to(State.READY, now, now);
                if (move(a, next, "rechecked", SYSTEM, ac.approval() ? "still holds; waiting for approval"
                        : "still holds") && !ac.approval()) {
                    run(next, ac, p);
                }
            }
            case AWAITING_APPROVAL -> {
                if (a.dueAt() != null && !now.isBefore(a.dueAt())) {
                    String why = "no approval within " + ac.approvalTimeout().toMinutes() + " min";
                    move(a, a.to(State.EXPIRED, now, null).detail(why), "expired", SYSTEM, why);
                }
            }
            case READY -> {
                if (a.dueAt() == null || !now.isBefore(a.dueAt())) {
                    run(a, ac, p);
                }
            }
            case RUNNING -> {
                if (a.dueAt() != null && !now.isBefore(a.dueAt())) {
                    String why = "the attempt was interrupted; its outcome is unknown, so it is not repeated";
                    move(a, a.to(State.FAILED, now, null).detail(why), "failed", SYSTEM, why);
                }
            }
            default -> {
                // finished: nothing to do
            }
        }
    }

    /** Claims a ready action and makes one attempt (or records the dry run). */
    private void run(FailoverAction ready, ActionConfig ac, PairConfig p) {
        CallConfig c = ready.direction() == Direction.FAILOVER ? ac.failover() : ac.failback();
        Instant now = now();
        if (c == null) {
            String why = "no " + ready.direction().wire() + " call configured";
            move(ready, ready.to(State.CANCELLED, now, null).detail(why), "cancelled", SYSTEM, why);
            return;
        }
        String body = c.render(ActionConfig.model(p.id(), ready.direction().wire(), ready.fromTenant(),
                ready.toTenant(), p.primary(), p.dr(), ready.reason(), ready.requestedBy(), ready.id()));
        String headers = String.join(", ", c.headers().keySet());
        FailoverAction running = ready.request(c.method(), c.target(), headers, body)
                .to(State.RUNNING, now, now.plus(ac.timeout()).plus(LEASE_MARGIN));
        boolean dryRun = ActionConfig.Mode.DRY_RUN.wire().equals(ready.mode());
        if (!move(ready, running, "attempt", SYSTEM, (dryRun ? "dry run: would send " : "sending ") + c.method()
                + " " + c.target())) {
            return;
        }
        if (dryRun) {
            FailoverAction done = running.to(State.DRY_RUN, now(), null);
            move(running, done, "dry_run", SYSTEM, "recorded " + c.method() + " " + c.target() + " ("
                    + body.length() + " characters of body); nothing sent");
            return;
        }
        ActionCall.Outcome out = call.send(c, body, ac.timeout());
        Instant end = now();
        FailoverAction tried = running.attempted(out.status(), out.excerpt(), out.millis(), out.detail());
        if (out.succeeded()) {
            move(running, tried.to(State.SUCCEEDED, end, null), "succeeded", SYSTEM, c.target() + " answered "
                    + out.status() + " in " + out.millis() + " ms");
        } else if (out.retryable() && tried.attempts() <= ac.retries()) {
            move(running, tried.to(State.READY, end, end.plus(ac.retryAfter())), "retry", SYSTEM, out.detail()
                    + "; attempt " + (tried.attempts() + 1) + " of " + (ac.retries() + 1) + " at "
                    + end.plus(ac.retryAfter()));
        } else {
            move(running, tried.to(State.FAILED, end, null), "failed", SYSTEM, out.detail() + " after "
                    + tried.attempts() + " attempt(s)");
        }
    }

    private FailoverAction fresh(PairConfig p, ActionConfig ac, Direction d, Origin origin, State state,
                                 String reason, String by, Instant now, Instant due) {
        String from = d == Direction.FAILOVER ? p.primary() : p.dr();
        String to = d == Direction.FAILOVER ? p.dr() : p.primary();
        return new FailoverAction(0, p.id(), d, origin, ac.mode().wire(), state, reason, from, to, by, now, now, due,
                ac.approval(), null, null, null, 0, null, null, null, null, null, null, null, null, null, List.of());
    }

    private boolean move(FailoverAction from, FailoverAction to, String step, String actor, String detail) {
        boolean moved = actions.update(to, from.state(), new Step(to.updatedAt(), step, actor, detail));
        if (moved && SYSTEM.equals(actor)) {
            audit(to, step, detail);
        }
        return moved;
    }

    private void audit(FailoverAction a, String step, String detail) {
        try {
            audit.append(new AuditEntry(0, now(), SYSTEM, "actions." + step, "AUTO", "/api/v1/actions/{id}",
                    Long.toString(a.id()), 0, a.pairId() + " " + a.direction().wire() + ": " + detail, null));
        } catch (RuntimeException e) {
            LOG.warn("audit of action {}: {}", a.id(), e.toString());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
