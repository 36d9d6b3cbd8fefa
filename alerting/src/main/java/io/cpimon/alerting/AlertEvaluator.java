package io.cpimon.alerting;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.ChangeNotifier;
import io.cpimon.db.NewAlert;
import io.cpimon.db.NewNotification;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every rule, decides each alert's transition ({@link LifecycleDecider}) and applies it: the
 * alert row, its history and its outbox rows commit in one transaction ({@link AlertStore}). Blocking;
 * called from one virtual thread.
 */
public final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final List<Rule> rules;
    private final AlertStore alerts;
    private final NotificationPlanner planner;
    private final Clock clock;
    private final ChangeNotifier notifier;
    private final Runnable onEnqueued;

    /** @param onEnqueued told after notifications were written (wakes the dispatcher); must not block */
    public AlertEvaluator(List<Rule> rules, AlertStore alerts, NotificationPlanner planner, Clock clock,
                          ChangeNotifier notifier, Runnable onEnqueued) {
        this.rules = List.copyOf(rules);
        this.alerts = alerts;
        this.planner = planner;
        this.clock = clock;
        this.notifier = notifier;
        this.onEnqueued = onEnqueued;
    }

    /** One evaluation of every rule at the clock's now; returns what it did. */
    public List<Transition> evaluateOnce() {
        Instant now = clock.instant();
        Map<String, List<Alert>> openByRule = new HashMap<>();
        for (Alert a : alerts.openAlerts()) {
            openByRule.computeIfAbsent(a.rule(), r -> new ArrayList<>()).add(a);
        }
        List<Transition> applied = new ArrayList<>();
        boolean enqueued = false;
        for (Rule rule : rules) {
            List<AlertInstance> active;
            try {
                active = rule.evaluate(now);
            } catch (Exception e) {
                LOG.warn("rule {} could not be evaluated, its alerts stay as they are: {}", rule.name(), e.toString());
                continue;
            }
            List<Transition> transitions = LifecycleDecider.decide(
                    openByRule.getOrDefault(rule.name(), List.of()), active, now, rule.forDuration(), rule.keepFiringFor());
            for (Transition t : transitions) {
                enqueued |= apply(t, now);
                applied.add(t);
                if (t.kind() != Transition.Kind.TOUCH) {
                    notifier.changed("alert", label(t, "tenant"));
                }
            }
        }
        if (enqueued) {
            onEnqueued.run();
        }
        return applied;
    }

    /** @return whether it enqueued notifications */
    private boolean apply(Transition t, Instant now) {
        switch (t.kind()) {
            case OPEN -> {
                AlertInstance i = t.instance();
                Alert preview = new Alert(0, i.fingerprint(), i.rule(), i.labels(), i.annotations(), t.to(), now,
                        t.to() == AlertState.FIRING ? now : null, now, null, null, null, null);
                List<NewNotification> notify = t.notifies() ? planner.plan(preview, "firing", now) : List.of();
                Alert opened = alerts.open(new NewAlert(i.fingerprint(), i.rule(), i.labels(), i.annotations(), t.to(), now), notify);
                LOG.info("alert {} {} {}", opened.id(), t.to(), i.labels());
                return !notify.isEmpty();
            }
            case FIRE -> {
                alerts.touch(t.alert().id(), now, t.instance().annotations());
                Alert firing = withAnnotations(t.alert(), t.instance());
                List<NewNotification> notify = planner.plan(firing, "firing", now);
                alerts.transition(t.alert().id(), AlertState.FIRING, now, notify);
                LOG.info("alert {} FIRING {}", t.alert().id(), t.alert().labels());
                return !notify.isEmpty();
            }
            case TOUCH -> {
                alerts.touch(t.alert().id(), now, t.instance().annotations());
                return false;
            }
            case RESOLVE -> {
                List<NewNotification> notify = t.notifies() ? planner.plan(t.alert(), "resolved", now) : List.of();
                alerts.transition(t.alert().id(), AlertState.RESOLVED, now, notify);
                LOG.info("alert {} RESOLVED {}", t.alert().id(), t.alert().labels());
                return !notify.isEmpty();
            }
        }
        return false;
    }

    private static Alert withAnnotations(Alert a, AlertInstance i) {
        return new Alert(a.id(), a.fingerprint(), a.rule(), a.labels(), i.annotations(), a.state(), a.activeAt(),
                a.firingAt(), a.lastActiveAt(), a.endsAt(), a.ackedBy(), a.ackedAt(), a.ackComment());
    }

    private static String label(Transition t, String name) {
        return t.instance() != null ? t.instance().labels().get(name) : t.alert().labels().get(name);
    }
}
