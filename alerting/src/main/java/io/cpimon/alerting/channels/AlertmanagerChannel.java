package io.cpimon.alerting.channels;

import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * Pushes alerts into an existing Prometheus Alertmanager through API v2 {@code POST /api/v2/alerts}
 * (docs/channels.md §5.1), as Prometheus does: firing alerts carry an {@code endsAt} {@link #VALID_FOR} ahead and
 * are re-posted on every group notification (the route's {@code repeatInterval} must stay below
 * {@code VALID_FOR} so Alertmanager never resolves a firing alert on its own); resolved alerts are posted
 * with their end time. Alertmanager groups, dedups and routes them itself.
 */
public final class AlertmanagerChannel extends HttpChannel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<AlertmanagerChannelConfig> DEFINITION = new ChannelKind<>(
            AlertmanagerChannelConfig.TYPE, AlertmanagerChannelConfig.class, AlertmanagerChannelConfig::bind,
            (c, context) -> new AlertmanagerChannel(c, context.client(), context.timeout()));

    /** How long a posted firing alert stays valid without a refresh. */
    static final Duration VALID_FOR = Duration.ofHours(5);

    private final String url;
    private final String authorization;

    public AlertmanagerChannel(AlertmanagerChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), AlertmanagerChannelConfig.TYPE, client, timeout);
        String base = config.url().toString();
        this.url = HttpOutcomes.withoutTrailingSlash(base) + "/api/v2/alerts";
        this.authorization = WebhookChannel.basic(config.auth());
    }

    @Override
    public Delivery send(GroupNotice notice) {
        return HttpOutcomes.postJson(client, url, authorization, timeout, AlertmanagerJson.postableAlerts(notice, VALID_FOR).encode(),
                "Alertmanager of channel " + name);
    }
}
