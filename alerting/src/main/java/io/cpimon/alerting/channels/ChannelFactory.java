package io.cpimon.alerting.channels;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.ChannelConfig;
import io.vertx.ext.web.client.WebClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Makes the running {@link Channel} of every configured channel. The HTTP channels share the factory's
 * {@link WebClient}, which the caller owns and closes. Thread-safe.
 */
public final class ChannelFactory {
    static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(10);

    private final WebClient client;

    public ChannelFactory(WebClient client) {
        this.client = client;
    }

    /** One channel per configured channel, by name, in configuration order. */
    public Map<String, Channel> create(List<ChannelConfig> configs) {
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (ChannelConfig c : configs) {
            channels.put(c.name(), create(c));
        }
        return channels;
    }

    Channel create(ChannelConfig c) {
        return switch (c) {
            case CpimonConfig.TeamsChannel teams -> new TeamsChannel(teams, client, CHANNEL_TIMEOUT);
            case CpimonConfig.WebhookChannel webhook -> new WebhookChannel(webhook, client, CHANNEL_TIMEOUT);
            case CpimonConfig.EmailChannel email -> new EmailChannel(email, CHANNEL_TIMEOUT);
            case CpimonConfig.ServiceNowChannel snow -> new ServiceNowChannel(snow, client, CHANNEL_TIMEOUT);
            case CpimonConfig.AlertmanagerChannel am -> new AlertmanagerChannel(am, client, CHANNEL_TIMEOUT);
            case CpimonConfig.AzureMonitorChannel azure -> new AzureMonitorChannel(azure, defaultSsl(), CHANNEL_TIMEOUT);
        };
    }

    private static SSLContext defaultSsl() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
