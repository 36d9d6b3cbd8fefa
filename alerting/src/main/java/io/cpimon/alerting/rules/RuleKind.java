package io.cpimon.alerting.rules;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.RuleConfig;
import io.cpimon.config.RuleDefinition;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one definition of a built-in rule: its name, its parameter record with defaults and binding (what the
 * configuration needs, as a {@link RuleDefinition}), and its factory with the optional stores it needs. Each rule
 * class declares its own as {@code DEFINITION}; {@link BuiltInRules} lists them. Immutable and thread-safe.
 *
 * @param <C> the rule's parameter record
 */
public final class RuleKind<C extends RuleConfig> implements RuleDefinition<C> {
    private final String name;
    private final Class<C> configType;
    private final C defaults;
    private final Function<ConfigMap, C> binder;
    private final Set<RuleContext.Source> needs;
    private final Function<RuleContext, Rule> factory;

    /**
     * @param binder reads {@code rules.<name>} (see {@link RuleDefinition#bind})
     * @param needs the optional stores without which the rule is left out
     * @param factory builds the rule; it reads its parameters from the context's configuration
     */
    public RuleKind(String name, Class<C> configType, C defaults, Function<ConfigMap, C> binder,
                    Set<RuleContext.Source> needs, Function<RuleContext, Rule> factory) {
        this.name = name;
        this.configType = configType;
        this.defaults = defaults;
        this.binder = binder;
        this.needs = Set.copyOf(needs);
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<C> configType() {
        return configType;
    }

    @Override
    public C defaults() {
        return defaults;
    }

    @Override
    public C bind(ConfigMap section) {
        return binder.apply(section);
    }

    /** The rule, or empty when it is switched off or a store it needs is missing. */
    Optional<Rule> create(RuleContext context) {
        if (!context.config().rules().get(this).enabled() || !context.has(needs)) {
            return Optional.empty();
        }
        return Optional.of(factory.apply(context));
    }

    @Override
    public String toString() {
        return name;
    }
}
