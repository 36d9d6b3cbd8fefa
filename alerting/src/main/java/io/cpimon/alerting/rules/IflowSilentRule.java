package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.LastSent;
import io.cpimon.db.RuleQueries.SendingHour;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code iflow_silent}, per tenant and iFlow: an iFlow that usually sends in the current hour of the week has been
 * silent for longer than its own normal gap there ({@link #threshold}). The profile (per iFlow and UTC hour of the
 * week: weeks with messages, longest gap between two messages) is learned from the stored MPLs of the last
 * {@code days} days and relearned at most every {@link #RELEARN}, on a virtual thread of its own (see
 * {@link #profile}); each evaluation only asks when each iFlow last sent. Called by the evaluator's one thread: the
 * profile and the learning under way are only read and written there (the learner only computes the future's value).
 */
public final class IflowSilentRule extends BasicRule {
    public static final String NAME = "iflow_silent";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<IflowSilentConfig> DEFINITION = new RuleKind<>(
            NAME, IflowSilentConfig.class, IflowSilentConfig.DEFAULTS, IflowSilentConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new IflowSilentRule(c.config(), c.queries()));
    /** The profile changes with weeks of traffic, not minutes: learning it is the rule's one expensive query. */
    static final Duration RELEARN = Duration.ofHours(1);
    /** How long an evaluation waits for a learning under way before it goes on without it (see {@link #profile}). */
    static final Duration LEARN_WAIT = Duration.ofSeconds(3);
    private static final int HOURS_PER_WEEK = 168;

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final IflowSilentConfig params;
    private final Duration learnWait;
    private Map<String, SendingHour[]> profile;
    private Instant learnedAt;
    /** The learning under way (off the evaluator's thread), and the now it was started for; null when none is. */
    private CompletableFuture<Map<String, SendingHour[]>> learning;
    private Instant learningAt;

    public IflowSilentRule(CpimonConfig config, RuleQueries queries) {
        this(config, queries, LEARN_WAIT);
    }

    /** @param learnWait how long an evaluation waits for a learning under way ({@link #LEARN_WAIT}) */
    IflowSilentRule(CpimonConfig config, RuleQueries queries, Duration learnWait) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.params = config.rules().get(DEFINITION);
        this.learnWait = learnWait;
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        Map<String, SendingHour[]> learned = profile(now);
        int how = hourOfWeek(now);
        Map<String, Duration> thresholds = new HashMap<>();
        Duration longest = Duration.ZERO;
        for (Map.Entry<String, SendingHour[]> e : learned.entrySet()) {
            Duration t = threshold(e.getValue()[how], params.minWeeks(), params.factor(), params.floor());
            if (t != null) {
                thresholds.put(e.getKey(), t);
                longest = t.compareTo(longest) > 0 ? t : longest;
            }
        }
        if (thresholds.isEmpty()) {
            return List.of();
        }
        Map<String, Instant> last = new HashMap<>();
        for (LastSent l : queries.lastSent(now.minus(longest))) {
            last.put(key(l.tenantId(), l.iflow()), l.logEnd());
        }
        List<AlertInstance> out = new ArrayList<>();
        for (Map.Entry<String, Duration> e : thresholds.entrySet()) {
            SendingHour h = learned.get(e.getKey())[how];
            Instant sent = last.get(e.getKey());
            if (config.tenant(h.tenantId()).isEmpty() || !silent(sent, now, e.getValue())) {
                continue;
            }
            out.add(new AlertInstance(labels("tenant", h.tenantId(), "iflow", h.iflow()), annotations(
                    "summary", "iFlow " + h.iflow() + " on " + h.tenantId() + " has sent nothing for more than "
                            + minutes(e.getValue()),
                    "description", "It sent in this hour of the week (" + describe(how) + " UTC) in " + h.weeks()
                            + " of the last weeks, at most " + minutes(h.longestGap()) + " apart; last message "
                            + (sent == null ? "before " + now.minus(e.getValue()) : "at " + sent) + ".",
                    "threshold", e.getValue().toString())));
        }
        return out;
    }

    /**
     * The profile to judge {@code now} by. A learning due is started on its own virtual thread and awaited for at
     * most {@code learnWait} ({@link #LEARN_WAIT}): over weeks of MPLs (3 million rows at 10 million stored) it takes longer than an
     * evaluation interval, and the other rules must not wait for it. Until it is done the previous profile serves;
     * when there is none yet (the first evaluations after a start) the rule fails for that evaluation, so that its
     * alerts stay as they are.
     */
    private Map<String, SendingHour[]> profile(Instant now) {
        boolean due = profile == null || !now.isBefore(learnedAt.plus(RELEARN)) || now.isBefore(learnedAt);
        if (due && learning == null) {
            Instant from = now.minus(Duration.ofDays(params.days()));
            learningAt = now;
            learning = CompletableFuture.supplyAsync(() -> learn(queries.sendingProfile(from, now)),
                    task -> Thread.ofVirtual().name("iflow-silent-learner").start(task));
        }
        if (learning != null) {
            try {
                profile = learning.get(learnWait.toMillis(), TimeUnit.MILLISECONDS);
                learnedAt = learningAt;
                learning = null;
            } catch (TimeoutException e) {
                if (profile == null) {
                    throw new IllegalStateException("still learning the sending profiles of the last " + params.days()
                            + " days", e);
                }
            } catch (ExecutionException e) {
                learning = null;
                throw new IllegalStateException("cannot learn the sending profiles: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while learning the sending profiles", e);
            }
        }
        return profile;
    }

    private static Map<String, SendingHour[]> learn(List<SendingHour> hours) {
        Map<String, SendingHour[]> out = new HashMap<>();
        for (SendingHour h : hours) {
            if (h.hourOfWeek() >= 0 && h.hourOfWeek() < HOURS_PER_WEEK) {
                out.computeIfAbsent(key(h.tenantId(), h.iflow()), k -> new SendingHour[HOURS_PER_WEEK])[h.hourOfWeek()] = h;
            }
        }
        return out;
    }

    private static String key(String tenant, String iflow) {
        return tenant + '\u0000' + iflow;
    }

    /**
     * How long the iFlow may be silent now: {@code factor} × its longest gap in this hour of the week, at least
     * {@code floor}; null when it does not usually send in this hour (messages in fewer than {@code minWeeks} weeks).
     *
     * @param hour nullable: no message ever ended in this hour of the week
     */
    static Duration threshold(SendingHour hour, int minWeeks, double factor, Duration floor) {
        if (hour == null || hour.weeks() < minWeeks) {
            return null;
        }
        Duration own = Duration.ofMillis(Math.round(hour.longestGap().toMillis() * factor));
        return own.compareTo(floor) > 0 ? own : floor;
    }

    /** Nothing sent after {@code now − threshold}; @param lastSent nullable: nothing within the looked-at window */
    static boolean silent(Instant lastSent, Instant now, Duration threshold) {
        return lastSent == null || Duration.between(lastSent, now).compareTo(threshold) > 0;
    }

    /** The UTC hour of the week, 0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00 (as the query counts it). */
    static int hourOfWeek(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return (z.getDayOfWeek().getValue() - 1) * 24 + z.getHour();
    }

    private static String describe(int how) {
        return DayOfWeek.of(how / 24 + 1) + " " + String.format("%02d:00", how % 24);
    }

    private static String minutes(Duration d) {
        long m = Math.max(1, d.toMinutes());
        return m >= 120 ? m / 60 + " h " + m % 60 + " min" : m + " min";
    }
}
