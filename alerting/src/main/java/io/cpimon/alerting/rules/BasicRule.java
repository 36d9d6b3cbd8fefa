package io.cpimon.alerting.rules;

import io.cpimon.config.RuleBasicsConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the built-in rules share: name, {@code for}, {@code keepFiringFor}, severity, the label map they start from. */
abstract class BasicRule implements Rule {
    protected final String name;
    protected final RuleBasicsConfig basics;

    BasicRule(String name, RuleBasicsConfig basics) {
        this.name = name;
        this.basics = basics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration forDuration() {
        return basics.forDuration();
    }

    @Override
    public Duration keepFiringFor() {
        return basics.keepFiringFor();
    }

    /** {@code rule}, then the given name/value pairs (null values are left out), then {@code severity}. */
    protected Map<String, String> labels(String... nameValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("rule", name);
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                labels.put(nameValues[i], nameValues[i + 1]);
            }
        }
        labels.put("severity", basics.severity());
        return labels;
    }

    /** Name/value pairs into an annotation map, null values left out. */
    static Map<String, String> annotations(String... nameValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                out.put(nameValues[i], nameValues[i + 1]);
            }
        }
        return out;
    }

    /** At most {@code max} characters of {@code text} on one line, with "…" when cut; null stays null. */
    static String excerpt(String text, int max) {
        if (text == null) {
            return null;
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, Math.max(0, max - 1)) + "…";
    }
}
