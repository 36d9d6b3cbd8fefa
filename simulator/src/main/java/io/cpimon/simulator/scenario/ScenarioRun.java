package io.cpimon.simulator.scenario;

import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A scripted timeline on the simulator's clock. Events sit at offsets from {@link #start()} and repeat
 * every {@link #cycle()} (a cycle of ZERO: they happen once). {@link #tick(Instant, Instant)} (called by
 * {@link Simulator#generate} and so by live traffic) applies the events that fall in the window and
 * generates traffic between them; {@link #advance(Duration)} moves the clock and ticks, for tests.
 * Thread-safe (one lock).
 */
public final class ScenarioRun {

    /** One step of the timeline. */
    public record TimelineEvent(Duration at, String description) {
    }

    private record Step(Duration at, String description, Consumer<Simulator> action) {
    }

    private final String name;
    private final Simulator sim;
    private final Instant start;
    private final Duration phase;
    private final Duration cycle;
    private final List<String> tenantIds;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final Object lock = new Object();
    /** events strictly before this instant have been applied. */
    private Instant appliedUntil;

    ScenarioRun(String name, Simulator sim, Instant start, Duration phase, Duration cycle, List<String> tenantIds) {
        this.name = name;
        this.sim = sim;
        this.start = start;
        this.phase = phase;
        this.cycle = cycle;
        this.tenantIds = List.copyOf(tenantIds);
        this.appliedUntil = start;
    }

    ScenarioRun at(Duration offset, String description, Consumer<Simulator> action) {
        steps.add(new Step(offset, description, Objects.requireNonNull(action)));
        steps.sort(Comparator.comparing(Step::at));
        return this;
    }

    public String name() {
        return name;
    }

    public Instant start() {
        return start;
    }

    public Duration phase() {
        return phase;
    }

    /** Length after which the timeline repeats; ZERO when it does not. */
    public Duration cycle() {
        return cycle;
    }

    /** The tenants this scenario uses. */
    public List<SimulatedTenant> tenants() {
        return tenantIds.stream().map(sim::tenant).toList();
    }

    public List<TimelineEvent> timeline() {
        return steps.stream().map(s -> new TimelineEvent(s.at(), s.description())).toList();
    }

    /** What happened so far: "offset description" lines, oldest first. */
    public List<String> log() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /** Applies the offset-0 events and generates {@code history} of traffic before the start. */
    void begin(Duration history) {
        synchronized (lock) {
            applyDue(start.plusNanos(1));
        }
        if (!history.isZero()) {
            sim.generateDefault(start.minus(history), start);
        }
    }

    /** Applies events in [from, to) in order and generates traffic between them. */
    public void tick(Instant from, Instant to) {
        synchronized (lock) {
            Instant cursor = from;
            while (true) {
                Instant next = nextEventAtOrAfter(appliedUntil);
                if (next == null || !next.isBefore(to)) {
                    break;
                }
                if (next.isAfter(cursor)) {
                    sim.generateDefault(cursor, next);
                    cursor = next;
                }
                applyDue(next.plusNanos(1));
            }
            if (to.isAfter(cursor)) {
                sim.generateDefault(cursor, to);
            }
            if (to.isAfter(appliedUntil)) {
                appliedUntil = to;
            }
        }
    }

    /** Moves the clock by {@code d} in steps of at most a tenth of a phase (and 1 minute), ticking each. */
    public ScenarioRun advance(Duration d) {
        Duration step = phase.dividedBy(10);
        if (step.compareTo(Duration.ofMinutes(1)) > 0) {
            step = Duration.ofMinutes(1);
        }
        if (step.isZero()) {
            step = Duration.ofSeconds(1);
        }
        Instant end = sim.clock().instant().plus(d);
        while (sim.clock().instant().isBefore(end)) {
            Instant from = sim.clock().instant();
            Instant to = from.plus(step).isAfter(end) ? end : from.plus(step);
            sim.clock().set(to);
            tick(from, to);
        }
        return this;
    }

    /** Advances until the clock reads {@code start + offset} (no-op when already past). */
    public ScenarioRun advanceTo(Duration offset) {
        Duration left = Duration.between(sim.clock().instant(), start.plus(offset));
        return left.isNegative() ? this : advance(left);
    }

    private Instant nextEventAtOrAfter(Instant t) {
        Instant best = null;
        for (Step s : steps) {
            Instant e = occurrenceAtOrAfter(s.at(), t);
            if (e != null && (best == null || e.isBefore(best))) {
                best = e;
            }
        }
        return best;
    }

    private Instant occurrenceAtOrAfter(Duration offset, Instant t) {
        Instant first = start.plus(offset);
        if (!first.isBefore(t)) {
            return first;
        }
        if (cycle.isZero()) {
            return null;
        }
        long cycles = Duration.between(first, t).toNanos() / cycle.toNanos();
        Instant e = first.plus(cycle.multipliedBy(cycles));
        while (e.isBefore(t)) {
            e = e.plus(cycle);
        }
        return e;
    }

    /** Applies every event occurrence in [appliedUntil, until). */
    private void applyDue(Instant until) {
        while (true) {
            Step due = null;
            Instant dueAt = null;
            for (Step s : steps) {
                Instant e = occurrenceAtOrAfter(s.at(), appliedUntil);
                if (e != null && e.isBefore(until) && (dueAt == null || e.isBefore(dueAt))) {
                    due = s;
                    dueAt = e;
                }
            }
            if (due == null) {
                appliedUntil = until.isAfter(appliedUntil) ? until : appliedUntil;
                return;
            }
            // apply every step at this same instant, in timeline order
            for (Step s : steps) {
                Instant e = occurrenceAtOrAfter(s.at(), appliedUntil);
                if (dueAt.equals(e)) {
                    s.action().accept(sim);
                    log.add(Duration.between(start, dueAt) + " " + s.description());
                }
            }
            appliedUntil = dueAt.plusNanos(1);
        }
    }

    @Override
    public String toString() {
        return "ScenarioRun[" + name + " from " + start + ", phase " + phase + "]";
    }
}
