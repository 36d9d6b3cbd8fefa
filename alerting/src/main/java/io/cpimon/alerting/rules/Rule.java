package io.cpimon.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A built-in rule: at each evaluation it returns every alert instance whose condition holds at
 * {@code now}. Blocking (reads the database); called from the evaluator's virtual thread. A rule that
 * throws is skipped for that evaluation: its open alerts stay as they are (no false resolution).
 */
public interface Rule {
    String name();

    /** How long the condition must hold before the alert fires. */
    Duration forDuration();

    /** How long the condition must be gone before a firing alert resolves. */
    Duration keepFiringFor();

    List<AlertInstance> evaluate(Instant now);
}
