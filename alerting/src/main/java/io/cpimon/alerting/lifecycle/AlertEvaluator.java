package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.alerting.rules.Rule;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NewAlert;
import io.cpimon.db.NewNotification;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.Silence;
import io.cpimon.db.SilenceStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    private final Inhibitor inhibitor;
    private final SilenceStore silences;
    private final NotificationStore outbox;
    /** TOUCH transitions of the running evaluation, written in one batch; confined to the evaluating thread. */
    private final Map<Long, Map<String, String>> touched = new LinkedHashMap<>();

    /** @param onEnqueued told after notifications were written (wakes the dispatcher); must not block */
    public AlertEvaluator(List<Rule> rules, AlertStore alerts, NotificationPlanner planner, Clock clock,
                          ChangeNotifier notifier, Runnable onEnqueued) {
        this(rules, alerts, planner, clock, notifier, onEnqueued, new Inhibitor(List.of()), null, null);
    }

    /**
     * With muting: inhibited or silenced alerts change state and stay visible, flagged ({@link AlertStore#flag}),
     * but are not planned for notification; an alert unmuted while FIRING is planned then.
     * @param silences nullable: no silences; @param outbox nullable: an alert unmuted while firing is not notified
     */
    public AlertEvaluator(List<Rule> rules, AlertStore alerts, NotificationPlanner planner, Clock clock,
                          ChangeNotifier notifier, Runnable onEnqueued, Inhibitor inhibitor, SilenceStore silences,
                          NotificationStore outbox) {
        this.rules = List.copyOf(rules);
        this.alerts = alerts;
        this.planner = planner;
        this.clock = clock;
        this.notifier = notifier;
        this.onEnqueued = onEnqueued;
        this.inhibitor = inhibitor;
        this.silences = silences;
        this.outbox = outbox;
    }

    /** What mutes one alert at this evaluation; both null: it notifies. */
    record Mute(String silencedBy, String inhibitedBy) {
        static final Mute NONE = new Mute(null, null);

        boolean muted() {
            return silencedBy != null || inhibitedBy != null;
        }

        boolean sameAs(AlertFlags f) {
            return f != null && Objects.equals(silencedBy, f.silencedBy()) && Objects.equals(inhibitedBy, f.inhibitedBy());
        }
    }

    /** One evaluation of every rule at the clock's now; returns what it did. */
    public List<Transition> evaluateOnce() {
        Instant now = clock.instant();
        List<Alert> open = alerts.openAlerts();
        Map<String, List<Alert>> openByRule = new HashMap<>();
        for (Alert a : open) {
            openByRule.computeIfAbsent(a.rule(), r -> new ArrayList<>()).add(a);
        }
        List<Transition> decided = new ArrayList<>();
        for (Rule rule : rules) {
            List<AlertInstance> active;
            try {
                active = rule.evaluate(now);
            } catch (Exception e) {
                LOG.warn("rule {} could not be evaluated, its alerts stay as they are: {}", rule.name(), e.toString());
                continue;
            }
            decided.addAll(LifecycleDecider.decide(
                    openByRule.getOrDefault(rule.name(), List.of()), active, now, rule.forDuration(), rule.keepFiringFor()));
        }
        // the alerts FIRING once this evaluation is applied: the inhibition sources
        Map<String, Map<String, String>> firing = new LinkedHashMap<>();
        for (Alert a : open) {
            if (a.state() == AlertState.FIRING) {
                firing.put(a.fingerprint(), a.labels());
            }
        }
        for (Transition t : decided) {
            switch (t.kind()) {
                case OPEN, FIRE -> {
                    if (t.to() == AlertState.FIRING) {
                        firing.put(t.instance().fingerprint(), t.instance().labels());
                    }
                }
                case RESOLVE -> firing.remove(t.alert().fingerprint());
                case TOUCH -> { }
            }
        }
        List<Silence> current = silences == null ? List.of() : silences.current(now);
        Map<Long, AlertFlags> flags = alerts.flags(open.stream().map(Alert::id).toList());
        List<Transition> applied = new ArrayList<>();
        boolean enqueued = false;
        Set<Long> seen = new HashSet<>();
        touched.clear();
        for (Transition t : decided) {
            Map<String, String> labels = t.instance() != null ? t.instance().labels() : t.alert().labels();
            Mute mute = mute(labels, firing, current, now);
            if (t.alert() != null) {
                seen.add(t.alert().id());
            }
            enqueued |= apply(t, now, mute, t.alert() == null ? null : flags.get(t.alert().id()));
            applied.add(t);
            if (t.kind() != Transition.Kind.TOUCH) {
                notifier.changed("alert", label(t, "tenant"));
            }
        }
        alerts.touchAll(touched, now); // the conditions that still hold: one round trip
        touched.clear();
        // open alerts no transition touched (a rule that failed, a firing alert within keepFiringFor): flags follow too
        for (Alert a : open) {
            if (!seen.contains(a.id())) {
                enqueued |= reflag(a, mute(a.labels(), firing, current, now), flags.get(a.id()), now);
            }
        }
        if (enqueued) {
            onEnqueued.run();
        }
        return applied;
    }

    private Mute mute(Map<String, String> labels, Map<String, Map<String, String>> firing, List<Silence> current,
                      Instant now) {
        String silenced = Silencer.silencedBy(labels, current, now);
        String inhibited = inhibitor.inhibitedBy(labels, firing);
        return silenced == null && inhibited == null ? Mute.NONE : new Mute(silenced, inhibited);
    }

    /** @return whether it enqueued notifications */
    private boolean apply(Transition t, Instant now, Mute mute, AlertFlags before) {
        switch (t.kind()) {
            case OPEN -> {
                AlertInstance i = t.instance();
                Alert preview = new Alert(0, i.fingerprint(), i.rule(), i.labels(), i.annotations(), t.to(), now,
                        t.to() == AlertState.FIRING ? now : null, now, null, null, null, null);
                List<NewNotification> notify = t.notifies() && !mute.muted() ? planner.plan(preview, "firing", now) : List.of();
                Alert opened = alerts.open(new NewAlert(i.fingerprint(), i.rule(), i.labels(), i.annotations(), t.to(), now), notify);
                if (mute.muted()) {
                    alerts.flag(opened.id(), mute.silencedBy(), mute.inhibitedBy());
                }
                LOG.info("alert {} {} {}{}", opened.id(), t.to(), i.labels(), describe(mute));
                return !notify.isEmpty();
            }
            case FIRE -> {
                alerts.touch(t.alert().id(), now, t.instance().annotations());
                Alert firing = withAnnotations(t.alert(), t.instance());
                List<NewNotification> notify = mute.muted() ? List.of() : planner.plan(firing, "firing", now);
                alerts.transition(t.alert().id(), AlertState.FIRING, now, notify);
                if (!mute.sameAs(before)) {
                    alerts.flag(t.alert().id(), mute.silencedBy(), mute.inhibitedBy());
                }
                LOG.info("alert {} FIRING {}{}", t.alert().id(), t.alert().labels(), describe(mute));
                return !notify.isEmpty();
            }
            case TOUCH -> {
                touched.put(t.alert().id(), t.instance().annotations());
                return reflag(withAnnotations(t.alert(), t.instance()), mute, before, now);
            }
            case RESOLVE -> {
                List<NewNotification> notify = t.notifies() && !mute.muted() ? planner.plan(t.alert(), "resolved", now) : List.of();
                alerts.transition(t.alert().id(), AlertState.RESOLVED, now, notify);
                LOG.info("alert {} RESOLVED {}{}", t.alert().id(), t.alert().labels(), describe(mute));
                return !notify.isEmpty();
            }
        }
        return false;
    }

    /**
     * Records a change of an open alert's mute flags; a FIRING alert that was muted and no longer is gets its
     * firing notification now (the outbox drops a repeat of an earlier one by its dedup key).
     * @return whether it enqueued notifications
     */
    private boolean reflag(Alert a, Mute mute, AlertFlags before, Instant now) {
        if (mute.sameAs(before) || (before == null && !mute.muted())) {
            return false;
        }
        alerts.flag(a.id(), mute.silencedBy(), mute.inhibitedBy());
        boolean wasMuted = before != null && before.muted();
        if (wasMuted && !mute.muted() && a.state() == AlertState.FIRING && outbox != null) {
            List<NewNotification> notify = planner.plan(a, "firing", now);
            LOG.info("alert {} no longer muted while FIRING {}", a.id(), a.labels());
            return !outbox.enqueue(notify).isEmpty();
        }
        return false;
    }

    private static String describe(Mute mute) {
        if (!mute.muted()) {
            return "";
        }
        return (mute.silencedBy() == null ? "" : " silenced by " + mute.silencedBy())
                + (mute.inhibitedBy() == null ? "" : " inhibited by " + mute.inhibitedBy());
    }

    private static Alert withAnnotations(Alert a, AlertInstance i) {
        return new Alert(a.id(), a.fingerprint(), a.rule(), a.labels(), i.annotations(), a.state(), a.activeAt(),
                a.firingAt(), a.lastActiveAt(), a.endsAt(), a.ackedBy(), a.ackedAt(), a.ackComment());
    }

    private static String label(Transition t, String name) {
        return t.instance() != null ? t.instance().labels().get(name) : t.alert().labels().get(name);
    }
}
