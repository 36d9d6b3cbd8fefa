package io.cpimon.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.core.ProbeEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which probe results wake the probe rules' evaluator. */
class ProbeTriggerTest {

    static Stream<Arguments> results() {
        return Stream.of(
                Arguments.of("a failure always wakes", "u u u d", "1101"),
                Arguments.of("a tenant first heard of counts as just failed", "u u u u", "1100"),
                Arguments.of("successes wake until the failure left the window", "d u u u u", "11100"),
                Arguments.of("each failure restarts the count", "d u d u u u", "111110"),
                Arguments.of("a long healthy run wakes nothing", "d u u u u u u u", "11100000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void accept_sequence_wakesOnlyWhatAProbeRuleCanSee(String name, String sequence, String expected) {
        List<Integer> woke = new ArrayList<>();
        AtomicInteger current = new AtomicInteger();
        ProbeTrigger trigger = new ProbeTrigger(2, () -> woke.add(current.get()));
        String[] results = sequence.split(" ");
        for (int i = 0; i < results.length; i++) {
            current.set(i);
            trigger.accept(new ProbeEvents.ProbeEvent("t1", results[i].equals("u")));
        }
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < results.length; i++) {
            got.append(woke.contains(i) ? '1' : '0');
        }
        assertThat(got.toString()).isEqualTo(expected);
    }

    @Test
    void accept_tenantsCountedApart() {
        AtomicInteger wakes = new AtomicInteger();
        ProbeTrigger trigger = new ProbeTrigger(1, wakes::incrementAndGet);
        trigger.accept(new ProbeEvents.ProbeEvent("t1", false));
        trigger.accept(new ProbeEvents.ProbeEvent("t1", true));
        trigger.accept(new ProbeEvents.ProbeEvent("t1", true));
        assertThat(wakes).hasValue(2);
        trigger.accept(new ProbeEvents.ProbeEvent("t2", true));
        assertThat(wakes).as("t2's history is its own").hasValue(3);
    }

    @Test
    void publish_reachesEverySubscriber_untilItsSubscriptionCloses() {
        ProbeEvents events = new ProbeEvents();
        List<String> seen = new ArrayList<>();
        ProbeEvents.Subscription failing = events.subscribe(e -> {
            throw new IllegalStateException("boom");
        });
        ProbeEvents.Subscription listening = events.subscribe(e -> seen.add(e.tenantId() + ":" + e.up()));
        events.publish("t1", false);
        listening.close();
        failing.close();
        events.publish("t2", true);
        assertThat(seen).containsExactly("t1:false");
    }
}
