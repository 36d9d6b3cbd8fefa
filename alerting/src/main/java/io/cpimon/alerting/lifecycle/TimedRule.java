package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.alerting.rules.Rule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.MDC;

/**
 * A rule whose evaluations are timed into {@code cpimon_rule_evaluation_duration_seconds{rule, outcome}} (outcome
 * {@code success} or {@code failure}: the rule threw), and whose log lines carry the rule's name (MDC {@code rule}).
 * Otherwise the wrapped rule itself; as thread-safe as it is.
 */
public final class TimedRule implements Rule {
    private final Rule rule;
    private final Timer success;
    private final Timer failure;

    public TimedRule(Rule rule, MeterRegistry registry) {
        this.rule = rule;
        this.success = timer(registry, rule.name(), "success");
        this.failure = timer(registry, rule.name(), "failure");
    }

    private static Timer timer(MeterRegistry registry, String rule, String outcome) {
        return Timer.builder("cpimon.rule.evaluation.duration").tag("rule", rule).tag("outcome", outcome)
                .description("Duration of one rule's evaluations").register(registry);
    }

    @Override
    public String name() {
        return rule.name();
    }

    @Override
    public Duration forDuration() {
        return rule.forDuration();
    }

    @Override
    public Duration keepFiringFor() {
        return rule.keepFiringFor();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        long t0 = System.nanoTime();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("rule", rule.name())) {
            List<AlertInstance> out = rule.evaluate(now);
            success.record(Duration.ofNanos(System.nanoTime() - t0));
            return out;
        } catch (RuntimeException e) {
            failure.record(Duration.ofNanos(System.nanoTime() - t0));
            throw e;
        }
    }
}
