package io.cpimon.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code rules} section: how often rules run, each rule's parameters keyed by its definition (in catalogue
 * order), and the inhibit rules. A rule absent from {@code params} has its defaults, so a tree built by hand (tests,
 * tools) holds every rule; equality compares the effective parameters. Immutable.
 *
 * @param params every rule of the catalogue the file was loaded with; may be empty
 */
public record RulesConfig(Duration evaluationInterval, Map<RuleDefinition<?>, RuleConfig> params,
                          List<InhibitConfig> inhibit) {

    public RulesConfig {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        inhibit = List.copyOf(inhibit);
    }

    /** The rule's parameters: as loaded, or its defaults. */
    public <C extends RuleConfig> C get(RuleDefinition<C> rule) {
        RuleConfig c = params.get(rule);
        return c == null ? rule.defaults() : rule.configType().cast(c);
    }

    /** These rules with every rule not named switched off (names as in the file: tenant_down, failover, …). */
    public RulesConfig only(String... names) {
        Set<String> on = Set.of(names);
        Map<RuleDefinition<?>, RuleConfig> changed = new LinkedHashMap<>();
        params.forEach((rule, c) -> changed.put(rule, c.withEnabled(on.contains(rule.name()) && c.enabled())));
        return new RulesConfig(evaluationInterval, changed, inhibit);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RulesConfig other) || !evaluationInterval.equals(other.evaluationInterval)
                || !inhibit.equals(other.inhibit)) {
            return false;
        }
        Set<RuleDefinition<?>> rules = new LinkedHashSet<>(params.keySet());
        rules.addAll(other.params.keySet());
        return rules.stream().allMatch(rule -> get(rule).equals(other.get(rule)));
    }

    @Override
    public int hashCode() {
        return Objects.hash(evaluationInterval, inhibit); // params may hold defaults or leave them out
    }
}
