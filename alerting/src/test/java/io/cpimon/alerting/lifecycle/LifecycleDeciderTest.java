package io.cpimon.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleDeciderTest {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final AlertInstance DOWN = new AlertInstance(Map.of("rule", "tenant_down", "tenant", "t1"), Map.of("summary", "t1 down"));

    static Alert alert(AlertState state, Instant activeAt, Instant lastActiveAt) {
        return new Alert(7, DOWN.fingerprint(), "tenant_down", DOWN.labels(), DOWN.annotations(), state, activeAt,
                state == AlertState.FIRING ? activeAt : null, lastActiveAt, null, null, null, null);
    }

    record Row(String name, List<Alert> open, List<AlertInstance> active, Duration after, Duration forDuration,
               Duration keepFiringFor, Transition.Kind kind, AlertState to, boolean notifies) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        Duration zero = Duration.ZERO, oneMin = Duration.ofMinutes(1);
        return Stream.of(
                new Row("new condition, no for: fires at once", List.of(), List.of(DOWN), zero, zero, zero,
                        Transition.Kind.OPEN, AlertState.FIRING, true),
                new Row("new condition with for: pending, silent", List.of(), List.of(DOWN), zero, oneMin, zero,
                        Transition.Kind.OPEN, AlertState.PENDING, false),
                new Row("pending just before for: stays pending", List.of(alert(AlertState.PENDING, T0, T0)), List.of(DOWN),
                        Duration.ofSeconds(59), oneMin, zero, Transition.Kind.TOUCH, AlertState.PENDING, false),
                new Row("pending exactly at for: fires", List.of(alert(AlertState.PENDING, T0, T0)), List.of(DOWN),
                        oneMin, oneMin, zero, Transition.Kind.FIRE, AlertState.FIRING, true),
                new Row("firing and still true: touched, silent", List.of(alert(AlertState.FIRING, T0, T0)), List.of(DOWN),
                        oneMin, zero, zero, Transition.Kind.TOUCH, AlertState.FIRING, false),
                new Row("firing, condition gone, no keepFiringFor: resolves and notifies", List.of(alert(AlertState.FIRING, T0, T0)), List.of(),
                        Duration.ofSeconds(10), zero, zero, Transition.Kind.RESOLVE, AlertState.RESOLVED, true),
                new Row("pending, condition gone: resolves silently", List.of(alert(AlertState.PENDING, T0, T0)), List.of(),
                        Duration.ofSeconds(10), oneMin, zero, Transition.Kind.RESOLVE, AlertState.RESOLVED, false));
                // note: "firing, gone within keepFiringFor" yields no transition at all, tested below
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decide_row_expectedTransition(Row row) {
        List<Transition> out = LifecycleDecider.decide(row.open(), row.active(), T0.plus(row.after()), row.forDuration(), row.keepFiringFor());
        assertThat(out).hasSize(1);
        Transition t = out.get(0);
        assertThat(t.kind()).isEqualTo(row.kind());
        assertThat(t.to()).isEqualTo(row.to());
        assertThat(t.notifies()).isEqualTo(row.notifies());
    }

    @ParameterizedTest(name = "gone for {0}s of keepFiringFor 60s → resolves: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0,false", "59,false", "60,true", "61,true"})
    void decide_firingWithKeepFiringFor_resolvesOnlyAfterIt(long goneSeconds, boolean resolves) {
        Instant lastActive = T0.plusSeconds(100);
        List<Transition> out = LifecycleDecider.decide(List.of(alert(AlertState.FIRING, T0, lastActive)), List.of(),
                lastActive.plusSeconds(goneSeconds), Duration.ZERO, Duration.ofSeconds(60));
        assertThat(out.stream().anyMatch(t -> t.kind() == Transition.Kind.RESOLVE)).isEqualTo(resolves);
    }

    @org.junit.jupiter.api.Test
    void decide_sameLabelsReportedTwice_opensOneAlert() {
        List<Transition> out = LifecycleDecider.decide(List.of(), List.of(DOWN, DOWN), T0, Duration.ZERO, Duration.ZERO);
        assertThat(out).extracting(Transition::kind).containsExactly(Transition.Kind.OPEN);
    }

    @org.junit.jupiter.api.Test
    void fingerprint_ignoresLabelOrderAndAnnotations() {
        AlertInstance a = new AlertInstance(Map.of("rule", "r", "tenant", "t1", "pair", "p"), Map.of("summary", "x"));
        AlertInstance b = new AlertInstance(new TreeMap<>(Map.of("pair", "p", "tenant", "t1", "rule", "r")), Map.of("summary", "y"));
        AlertInstance c = new AlertInstance(Map.of("rule", "r", "tenant", "t2", "pair", "p"), Map.of());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(16).isNotEqualTo(c.fingerprint());
    }
}
