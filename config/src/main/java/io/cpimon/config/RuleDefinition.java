package io.cpimon.config;

/**
 * What the configuration knows of one rule: its key under {@code rules}, its parameter record, the defaults that
 * apply when the key is absent, and the binding of {@code rules.<name>} into that record. The rule itself
 * implements it beside its code; the loader gets every rule from a {@link ConfigCatalogue}. Implementations are
 * immutable singletons (compared by identity) and thread-safe.
 *
 * @param <C> the rule's parameter record
 */
public interface RuleDefinition<C extends RuleConfig> {
    /** The key under {@code rules} and the {@code rule} label, such as {@code tenant_down}. */
    String name();

    Class<C> configType();

    C defaults();

    /**
     * Reads the rule's keys, with the same validations and messages for every rule; the caller reports the keys
     * it did not read as unknown.
     *
     * @param section {@code rules.<name>}, empty when absent
     */
    C bind(ConfigMap section);
}
