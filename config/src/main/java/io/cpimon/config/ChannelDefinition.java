package io.cpimon.config;

/**
 * What the configuration knows of one channel kind: its YAML {@code type}, its config record and the binding of a
 * {@code channels[]} element of that type into it. The channel implements it beside its code; the loader gets
 * every kind from a {@link ConfigCatalogue}. Implementations are immutable singletons and thread-safe.
 *
 * @param <C> the channel's config record
 */
public interface ChannelDefinition<C extends ChannelConfig> {
    /** The YAML {@code type}, such as {@code teams}. */
    String type();

    Class<C> configType();

    /**
     * Reads the keys of the type, after {@code name} and {@code type}; the caller reports the keys it did not
     * read as unknown.
     *
     * @param name nullable: the channel's name, absent or invalid
     */
    C bind(String name, ConfigMap channel);
}
