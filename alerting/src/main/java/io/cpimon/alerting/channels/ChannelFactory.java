package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the running {@link Channel} of every configured channel through its kind in {@link ChannelCatalog}. The HTTP
 * channels share the factory's {@link WebClient}, which the caller owns and closes. Thread-safe.
 */
public final class ChannelFactory {
    static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(10);

    private final ChannelContext context;

    public ChannelFactory(WebClient client) {
        this.context = new ChannelContext(client, CHANNEL_TIMEOUT);
    }

    /** One channel per configured channel, by name, in configuration order. */
    public Map<String, Channel> create(List<ChannelConfig> configs) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (ChannelConfig c : configs) {
            channels.put(c.name(), ChannelCatalog.create(c, context));
        }
        return channels;
    }
}
