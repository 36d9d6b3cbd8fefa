package io.cpimon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodicWorkerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                   succeeded, planned ms, elapsed ms, expected wait ms
            "'success: the interval counts from the start',  true,  30000,  2000, 28000",
            "'success: an instant run waits the interval',   true,  30000,     0, 30000",
            "'success: an overrun starts the next at once',  true,  30000, 41000,     0",
            "'success: exactly one interval long',           true,  30000, 30000,     0",
            "'failure: the whole backoff counts from the end', false, 5000, 10000,  5000",
            "'failure: a long run does not shorten it',      false, 300000, 299000, 300000",
    })
    void waitAfter_outcomeAndDuration_keepsFixedRateOnlyForSuccess(String name, boolean succeeded, long plannedMs, long elapsedMs, long expectedMs) {
        assertEquals(Duration.ofMillis(expectedMs),
                PeriodicWorker.waitAfter(succeeded, Duration.ofMillis(plannedMs), Duration.ofMillis(elapsedMs)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                         succeeded, planned ms, phase ms, expected ms
            "'a phase places the second run in the interval', true,  30000, 12000, 12000",
            "'no phase keeps the interval',                   true,  30000,     0, 30000",
            "'a failed first run keeps its backoff',          false,  2000, 12000,  2000",
    })
    void afterFirstRun_phase_neverWaitsLongerThanTheInterval(String name, boolean succeeded, long plannedMs, long phaseMs, long expectedMs) {
        assertEquals(Duration.ofMillis(expectedMs),
                PeriodicWorker.afterFirstRun(succeeded, Duration.ofMillis(plannedMs), Duration.ofMillis(phaseMs)));
    }

    @ParameterizedTest(name = "worker {0} of {1} at {2} ms")
    @CsvSource({
            "0, 200,     0",
            "1, 200,   150",
            "100, 200, 15000",
            "199, 200, 29850",
            "0, 1,     0",
            "3, 4, 22500",
    })
    void spread_indexOfCount_isEvenShareOfTheInterval(int index, int count, long expectedMs) {
        assertEquals(Duration.ofMillis(expectedMs), PeriodicWorker.spread(Duration.ofSeconds(30), index, count));
    }

    @Test
    void spread_everyWorker_staysWithinOneInterval() {
        Duration interval = Duration.ofSeconds(10);
        List<Duration> phases = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            phases.add(PeriodicWorker.spread(interval, i, 7));
        }
        for (int i = 1; i < phases.size(); i++) {
            assertEquals(true, phases.get(i).compareTo(phases.get(i - 1)) > 0, "increasing: " + phases);
            assertEquals(true, phases.get(i).compareTo(interval) < 0, "below the interval: " + phases);
        }
    }

    @Test
    void runOnce_successAndFailure_planIntervalOrBackoff() {
        Duration interval = Duration.ofSeconds(30);
        boolean[] fail = {false};
        PeriodicWorker worker = new PeriodicWorker("t", interval, new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1), () -> 0.5), () -> {
            if (fail[0]) {
                throw new IllegalStateException("down");
            }
        });
        assertEquals(interval, worker.runOnce());
        fail[0] = true;
        Duration first = worker.runOnce();
        Duration second = worker.runOnce();
        assertEquals(true, first.compareTo(interval) < 0 && second.compareTo(first) > 0,
                "backoff grows after failures and is not the interval: " + first + ", " + second);
        fail[0] = false;
        assertEquals(interval, worker.runOnce());
    }

    @Test
    void wake_duringALongBackoff_runsTheTaskAgainAtOnce() throws Exception {
        CountDownLatch firstRun = new CountDownLatch(1);
        CountDownLatch secondRun = new CountDownLatch(2);
        try (PeriodicWorker worker = new PeriodicWorker("t", Duration.ofMinutes(10),
                new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10), () -> 0.5), () -> {
                    firstRun.countDown();
                    secondRun.countDown();
                    throw new IllegalStateException("down");
                }).start()) {
            assertTrue(firstRun.await(10, TimeUnit.SECONDS), "the first run starts at once");

            worker.wake();

            assertTrue(secondRun.await(10, TimeUnit.SECONDS), "woken: no ten-minute backoff");
        }
    }

    @Test
    void firstRunAfter_aDelay_holdsTheFirstRunUntilWoken() throws Exception {
        CountDownLatch firstRun = new CountDownLatch(1);
        try (PeriodicWorker worker = new PeriodicWorker("t", Duration.ofMinutes(10), Backoff.of(Duration.ofMinutes(10),
                Duration.ofMinutes(10)), firstRun::countDown).firstRunAfter(Duration.ofMinutes(10)).start()) {
            assertEquals(false, firstRun.await(300, TimeUnit.MILLISECONDS), "the first run waits for its delay");

            worker.wake();

            assertTrue(firstRun.await(10, TimeUnit.SECONDS), "woken: the delay ends");
        }
    }

    @Test
    void firstRunAfter_aShortDelay_runsFirstAfterIt() throws Exception {
        CountDownLatch firstRun = new CountDownLatch(1);
        long started = System.nanoTime();
        try (PeriodicWorker ignored = new PeriodicWorker("t", Duration.ofMinutes(10), Backoff.of(Duration.ofMinutes(10),
                Duration.ofMinutes(10)), firstRun::countDown).firstRunAfter(Duration.ofMillis(200)).start()) {
            assertTrue(firstRun.await(10, TimeUnit.SECONDS), "the first run follows its delay");
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(200), "not before it");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                                               phase ms, first delay ms, expected ms
            "'a first run delayed into the interval joins its phase', 12000,  3000,  9000",
            "'a first run delayed to its phase waits the interval',   12000, 12000, 30000",
            "'a first run delayed past its phase waits the interval', 12000, 20000, 30000",
    })
    void afterFirstRun_delayedFirstRun_neverWaitsLongerThanTheInterval(String name, long phaseMs, long firstMs,
                                                                       long expectedMs) {
        assertEquals(Duration.ofMillis(expectedMs), PeriodicWorker.afterFirstRun(true, Duration.ofMillis(30000),
                Duration.ofMillis(phaseMs).minus(Duration.ofMillis(firstMs))));
    }
}
