package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ChannelDefinition;
import io.cpimon.config.ConfigMap;
import java.util.function.BiFunction;

/**
 * The one definition of a channel kind: its YAML {@code type}, its config record with binding (what the
 * configuration needs, as a {@link ChannelDefinition}) and its factory. Each channel class declares its own as
 * {@code DEFINITION}; {@link ChannelCatalog} lists them. Immutable and thread-safe.
 *
 * @param <C> the channel's config record
 */
public final class ChannelKind<C extends ChannelConfig> implements ChannelDefinition<C> {
    private final String type;
    private final Class<C> configType;
    private final BiFunction<String, ConfigMap, C> binder;
    private final BiFunction<C, ChannelContext, Channel> factory;

    /** @param binder reads the keys of the type (see {@link ChannelDefinition#bind}) */
    public ChannelKind(String type, Class<C> configType, BiFunction<String, ConfigMap, C> binder,
                       BiFunction<C, ChannelContext, Channel> factory) {
        this.type = type;
        this.configType = configType;
        this.binder = binder;
        this.factory = factory;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Class<C> configType() {
        return configType;
    }

    @Override
    public C bind(String name, ConfigMap channel) {
        return binder.apply(name, channel);
    }

    /** @param config of this kind */
    Channel create(ChannelConfig config, ChannelContext context) {
        return factory.apply(configType.cast(config), context);
    }

    @Override
    public String toString() {
        return type;
    }
}
