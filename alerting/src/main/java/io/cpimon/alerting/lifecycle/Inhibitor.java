package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.config.InhibitConfig;
import io.cpimon.config.LabelMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The inhibition stage, with Prometheus Alertmanager's semantics: an alert matching an inhibit rule's
 * {@code target} matchers is muted while an alert matching its {@code source} matchers is FIRING and both have
 * the same values of the {@code equal} labels (an absent label equals the empty one). An alert never inhibits
 * itself, and an alert matching both sides is not inhibited by sources that match both sides. Pure; thread-safe.
 */
public final class Inhibitor {
    private final List<InhibitConfig> rules;

    public Inhibitor(List<InhibitConfig> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param firing the label sets of the alerts FIRING after this evaluation
     * @return {@code <rule> <fingerprint>} of the inhibiting alerts (sorted, comma-separated), or null when none
     */
    public String inhibitedBy(Map<String, String> target, Collection<Map<String, String>> firing) {
        Map<String, Map<String, String>> byFingerprint = new LinkedHashMap<>();
        for (Map<String, String> f : firing) {
            byFingerprint.put(AlertInstance.fingerprint(f), f);
        }
        return inhibitedBy(target, byFingerprint);
    }

    /** @param firing the alerts FIRING after this evaluation, by fingerprint (hashed once per evaluation) */
    public String inhibitedBy(Map<String, String> target, Map<String, Map<String, String>> firing) {
        if (rules.isEmpty() || firing.isEmpty()) {
            return null;
        }
        TreeSet<String> by = new TreeSet<>();
        String self = AlertInstance.fingerprint(target);
        for (InhibitConfig rule : rules) {
            if (!LabelMatcher.all(rule.target(), target)) {
                continue;
            }
            boolean targetIsSource = LabelMatcher.all(rule.source(), target);
            for (Map.Entry<String, Map<String, String>> e : firing.entrySet()) {
                Map<String, String> source = e.getValue();
                if (!LabelMatcher.all(rule.source(), source)) {
                    continue;
                }
                String fp = e.getKey();
                if (fp.equals(self) || (targetIsSource && LabelMatcher.all(rule.target(), source))) {
                    continue;
                }
                if (equal(rule.equal(), source, target)) {
                    by.add(source.getOrDefault("rule", "") + " " + fp);
                }
            }
        }
        return by.isEmpty() ? null : String.join(",", new ArrayList<>(by));
    }

    static boolean equal(List<String> labels, Map<String, String> a, Map<String, String> b) {
        for (String l : labels) {
            if (!a.getOrDefault(l, "").equals(b.getOrDefault(l, ""))) {
                return false;
            }
        }
        return true;
    }
}
