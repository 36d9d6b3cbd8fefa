package io.cpimon.alerting.readiness;

import java.time.Instant;
import java.util.List;

/**
 * A pair's DR readiness at one instant: 100 minus the weights of the findings not acknowledged (at least 0), every
 * finding with its explanation, and what could not be compared.
 *
 * @param ready no finding is open (acknowledged ones do not count)
 * @param notCompared one sentence per kind that was not compared (never read, or not readable on a tenant)
 */
public record Readiness(String pairId, String primary, String dr, int score, boolean ready, Instant evaluatedAt,
                        List<Finding> findings, List<String> notCompared) {

    /** The findings not acknowledged. */
    public List<Finding> open() {
        return findings.stream().filter(f -> !f.acknowledged()).toList();
    }
}
