package io.cpimon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code rules} section: the evaluation interval, one key per rule of the catalogue (bound by the rule's
 * definition), the inhibit rules. Stateless.
 */
final class RulesSection {
    private RulesSection() {}

    static RulesConfig bind(ConfigMap r, List<RuleDefinition<?>> rules) {
        Duration evaluationInterval = r.duration("evaluationInterval", ConfigDefaults.EVALUATION_INTERVAL, true);
        Map<RuleDefinition<?>, RuleConfig> params = new LinkedHashMap<>();
        for (RuleDefinition<?> rule : rules) {
            ConfigMap section = r.section(rule.name());
            params.put(rule, rule.bind(section));
            section.done();
        }
        List<InhibitConfig> inhibit = ConfigDefaults.INHIBIT;
        if (r.items("inhibit") != null) {
            List<InhibitConfig> bound = new ArrayList<>();
            for (ConfigMap i : r.objects("inhibit")) {
                bound.add(new InhibitConfig(matchers(i, "source"), matchers(i, "target"),
                        i.strings("equal", List.of())));
                i.done();
            }
            inhibit = List.copyOf(bound);
        }
        r.done();
        return new RulesConfig(evaluationInterval, params, inhibit);
    }

    private static List<LabelMatcher> matchers(ConfigMap o, String key) {
        List<ConfigMap.Item> items = o.items(key);
        if (items == null) {
            o.error(o.line(), o.field(key), "missing required field");
            return List.of();
        }
        List<LabelMatcher> out = new ArrayList<>();
        for (ConfigMap.Item item : items) {
            ConfigMap.Text t = item.text();
            if (t == null) {
                continue;
            }
            try {
                out.add(LabelMatcher.parse(t.value()));
            } catch (IllegalArgumentException e) {
                o.error(t, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    static void print(RulesConfig rules, YamlWriter out) {
        out.line(0, "rules:");
        out.line(1, "evaluationInterval: " + YamlWriter.dur(rules.evaluationInterval()));
        rules.params().forEach((rule, params) -> {
            out.line(1, rule.name() + ":");
            params.print(out, 2);
        });
        out.list(1, "inhibit", rules.inhibit());
        for (var i : rules.inhibit()) {
            out.item(2, "source: " + YamlWriter.flow(i.source().stream().map(LabelMatcher::toString).toList()));
            out.line(3, "target: " + YamlWriter.flow(i.target().stream().map(LabelMatcher::toString).toList()));
            out.line(3, "equal: " + YamlWriter.flow(i.equal()));
        }
    }
}
