package io.cpimon.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules and channel kinds a configuration may name, given to the {@link ConfigLoader}: rules in evaluation
 * order (also the order of {@code rules} in the printout and the API), channel kinds by their {@code type}. The
 * configuration module knows none itself; the alerting module supplies them. Immutable.
 */
public record ConfigCatalogue(List<RuleDefinition<?>> rules, List<ChannelDefinition<?>> channels) {
    /** No rules, no channel kinds: {@code rules.<name>} and every channel type are then unknown. */
    public static final ConfigCatalogue EMPTY = new ConfigCatalogue(List.of(), List.of());

    public ConfigCatalogue {
        rules = List.copyOf(rules);
        channels = List.copyOf(channels);
    }

    /** The catalogue of these rules (in evaluation order) and channel kinds. */
    public static ConfigCatalogue of(List<? extends RuleDefinition<?>> rules,
                                     List<? extends ChannelDefinition<?>> channels) {
        return new ConfigCatalogue(List.copyOf(rules), List.copyOf(channels));
    }

    public Optional<ChannelDefinition<?>> channel(String type) {
        return channels.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** Each channel type to itself, the shape {@link ConfigMap#choice} takes. */
    Map<String, String> channelTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        channels.forEach(c -> types.put(c.type(), c.type()));
        return types;
    }
}
