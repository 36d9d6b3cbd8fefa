package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import java.util.List;

/**
 * The channel kinds cpimon can deliver to: the one list, which the configuration and the channel set follow. A new
 * kind is its channel class with its {@code DEFINITION}, its config record, and one line here.
 */
public final class ChannelCatalog {
    /** Every channel kind. */
    public static final List<ChannelKind<?>> ALL = List.of(
            TeamsChannel.DEFINITION,
            WebhookChannel.DEFINITION,
            EmailChannel.DEFINITION,
            ServiceNowChannel.DEFINITION,
            AzureMonitorChannel.DEFINITION,
            AlertmanagerChannel.DEFINITION,
            SlackChannel.DEFINITION,
            GoogleChatChannel.DEFINITION,
            MattermostChannel.DEFINITION);

    private ChannelCatalog() {}

    /** The channel a configured channel describes. */
    public static Channel create(ChannelConfig config, ChannelContext context) {
        for (ChannelKind<?> kind : ALL) {
            if (kind.type().equals(config.type())) {
                return kind.create(config, context);
            }
        }
        throw new IllegalArgumentException("no channel kind of type " + config.type());
    }
}
