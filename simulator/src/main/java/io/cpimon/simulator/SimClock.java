package io.cpimon.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A settable clock. {@link #system()} follows the wall clock (plus any offset added by
 * {@link #advance} or {@link #set}); {@link #fixed(Instant)} only moves when told. Thread-safe.
 */
public final class SimClock extends Clock {

    private final boolean followsWallClock;
    private final Object lock = new Object();
    /** for a fixed clock: the current instant; for a system clock: unused. */
    private Instant fixedNow;
    /** for a system clock: offset added to the wall clock. */
    private Duration offset = Duration.ZERO;

    private SimClock(boolean followsWallClock, Instant start) {
        this.followsWallClock = followsWallClock;
        this.fixedNow = start;
    }

    /** A clock that follows the wall clock. */
    public static SimClock system() {
        return new SimClock(true, null);
    }

    /** A clock that stands at {@code start} and only moves through {@link #advance} or {@link #set}. */
    public static SimClock fixed(Instant start) {
        return new SimClock(false, Objects.requireNonNull(start, "start"));
    }

    /** Whether this clock follows the wall clock. */
    public boolean followsWallClock() {
        return followsWallClock;
    }

    /** Moves the clock forward (or backward for a negative duration). */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "d");
        synchronized (lock) {
            if (followsWallClock) {
                offset = offset.plus(d);
            } else {
                fixedNow = fixedNow.plus(d);
            }
        }
    }

    /** Sets the clock to {@code t}; a system clock keeps following the wall clock from there. */
    public void set(Instant t) {
        Objects.requireNonNull(t, "t");
        synchronized (lock) {
            if (followsWallClock) {
                offset = Duration.between(Instant.now(), t);
            } else {
                fixedNow = t;
            }
        }
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return followsWallClock ? Instant.now().plus(offset) : fixedNow;
        }
    }

    /** Same as {@link #instant()}. */
    public Instant now() {
        return instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A SimClock has no zone of its own: always UTC; returns this clock. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public String toString() {
        return "SimClock[" + (followsWallClock ? "system" : "fixed") + " " + instant() + "]";
    }
}
