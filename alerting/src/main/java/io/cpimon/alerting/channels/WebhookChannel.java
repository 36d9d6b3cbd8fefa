package io.cpimon.alerting.channels;

import io.cpimon.config.CpimonConfig.BasicAuthConfig;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * A generic webhook speaking Prometheus Alertmanager's v4 webhook JSON (docs/channels.md §5.2), so receivers
 * written for Alertmanager work unchanged. Optional Basic auth. 2xx delivered; 408, 429, 5xx retry (with
 * Retry-After); other statuses fail. The URL may carry a token and is never shown.
 */
public final class WebhookChannel implements Channel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<WebhookChannelConfig> DEFINITION = new ChannelKind<>(
            WebhookChannelConfig.TYPE, WebhookChannelConfig.class, WebhookChannelConfig::bind,
            (c, context) -> new WebhookChannel(c, context.client(), context.timeout()));

    private final String name;
    private final String url;
    private final String authorization;
    private final WebClient client;
    private final Duration timeout;

    public WebhookChannel(WebhookChannelConfig config, WebClient client, Duration timeout) {
        this.name = config.name();
        this.url = config.url().reveal();
        this.authorization = basic(config.auth());
        this.client = client;
        this.timeout = timeout;
    }

    static String basic(BasicAuthConfig auth) {
        if (auth == null) {
            return null;
        }
        return HttpOutcomes.basicAuth(auth.user(), auth.password() == null ? null : auth.password().reveal());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Delivery send(GroupNotice notice) {
        return HttpOutcomes.postJson(client, url, authorization, timeout, AlertmanagerJson.webhook(notice, name).encode(),
                "webhook of channel " + name);
    }
}
