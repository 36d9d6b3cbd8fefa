package io.cpimon.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.alerting.rules.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class RulesStageTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    /** A rule that logs one line, then fails when told. */
    record LoggingRule(String name, boolean fails) implements Rule {
        @Override
        public Duration forDuration() {
            return Duration.ZERO;
        }

        @Override
        public Duration keepFiringFor() {
            return Duration.ZERO;
        }

        @Override
        public List<AlertInstance> evaluate(Instant now) {
            LoggerFactory.getLogger(LoggingRule.class).info("evaluating {}", name);
            if (fails) {
                throw new IllegalStateException("the query timed out");
            }
            return List.of();
        }
    }

    @Test
    void apply_failingRuleLeftOut_everyLineCarriesItsRule_noneLeaksPast() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try {
            Evaluation out = new RulesStage(List.of(new LoggingRule("tenant_down", true),
                    new LoggingRule("failed_messages", false))).apply(Evaluation.begin(NOW, List.of(), Map.of()));

            assertThat(out.results()).extracting(r -> r.rule().name()).containsExactly("failed_messages");
            assertThat(appender.list).extracting(e -> e.getMDCPropertyMap().get("rule") + ": "
                    + e.getFormattedMessage()).containsExactly(
                    "tenant_down: evaluating tenant_down",
                    "tenant_down: rule tenant_down could not be evaluated, its alerts stay as they are:"
                            + " java.lang.IllegalStateException: the query timed out",
                    "failed_messages: evaluating failed_messages");
            assertThat(MDC.get("rule")).isNull();
        } finally {
            root.detachAppender(appender);
        }
    }
}
