package io.cpimon.config;

import java.util.List;

/**
 * Alertmanager inhibit rule: while an alert matching {@code source} is FIRING, the alerts matching {@code target}
 * with the same values of the {@code equal} labels (absent = empty) are muted; an alert matching both sides is
 * not muted by alerts matching both.
 */
public record InhibitConfig(List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {}
