package io.cpimon.config;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints and describes a rule's parameter record by walking its components, so that a rule's keys are written
 * once, in the record. A {@link RuleBasicsConfig} component is flattened into the common keys, {@code forDuration}
 * is shown as {@code for} (its YAML key), a list holds {@link RuleOverrideConfig}s. Stateless.
 */
final class RecordFields {
    private RecordFields() {}

    static void print(Record rule, YamlWriter out, int depth) {
        for (RecordComponent component : rule.getClass().getRecordComponents()) {
            Object v = value(component, rule);
            if (v instanceof RuleBasicsConfig b) {
                out.line(depth, "enabled: " + b.enabled());
                out.line(depth, "for: " + YamlWriter.dur(b.forDuration()));
                out.line(depth, "keepFiringFor: " + YamlWriter.dur(b.keepFiringFor()));
                out.line(depth, "severity: " + YamlWriter.str(b.severity()));
            } else if (v instanceof List<?> overrides) {
                out.list(depth, component.getName(), overrides);
                for (Object o : overrides) {
                    out.line(depth, "- " + override((RuleOverrideConfig) o));
                }
            } else {
                out.line(depth, key(component) + ": " + scalar(v));
            }
        }
    }

    private static String scalar(Object v) {
        if (v instanceof Duration d) {
            return YamlWriter.dur(d);
        }
        return v instanceof String text ? YamlWriter.str(text) : String.valueOf(v);
    }

    private static String override(RuleOverrideConfig o) {
        List<String> parts = new ArrayList<>();
        if (o.tenant() != null) {
            parts.add("tenant: " + YamlWriter.str(o.tenant()));
        }
        if (o.iflow() != null) {
            parts.add("iflow: " + YamlWriter.str(o.iflow()));
        }
        if (o.enabled() != null) {
            parts.add("enabled: " + o.enabled());
        }
        if (o.threshold() != null) {
            parts.add("threshold: " + o.threshold());
        }
        if (o.minMessages() != null) {
            parts.add("minMessages: " + o.minMessages());
        }
        if (o.ratio() != null) {
            parts.add("ratio: " + o.ratio());
        }
        if (o.after() != null) {
            parts.add("after: " + YamlWriter.dur(o.after()));
        }
        return "{ " + String.join(", ", parts) + " }";
    }

    /** Plain JSON values: durations as "15m", nested basics flattened, nulls left out. */
    static Map<String, Object> describe(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v = value(c, record);
            if (v instanceof RuleBasicsConfig b) {
                out.putAll(describe(b));
            } else if (v instanceof Duration d) {
                out.put(key(c), Durations.format(d));
            } else if (v instanceof List<?> l) {
                List<Object> items = new ArrayList<>();
                for (Object item : l) {
                    items.add(item instanceof Record rec ? describe(rec) : item);
                }
                out.put(c.getName(), items);
            } else if (v != null) {
                out.put(c.getName(), v);
            }
        }
        return out;
    }

    private static String key(RecordComponent c) {
        return c.getName().equals("forDuration") ? "for" : c.getName();
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
