package io.cpimon.alerting.channels;

import io.cpimon.config.CpimonConfig.BasicAuthConfig;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * A generic webhook speaking Prometheus Alertmanager's v4 webhook JSON (docs/channels.md §5.2), so receivers
 * written for Alertmanager work unchanged, plus {@code message}: the text of the channel's template. Optional Basic
 * auth. 2xx delivered; 408, 429, 5xx retry (with Retry-After); other statuses fail. The URL may carry a token and is
 * never shown.
 */
public final class WebhookChannel extends HttpChannel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<WebhookChannelConfig> DEFINITION = new ChannelKind<>(
            WebhookChannelConfig.TYPE, WebhookChannelConfig.class, WebhookChannelConfig::bind,
            (c, context) -> new WebhookChannel(c, context.client(), context.timeout()));

    private final String url;
    private final String authorization;
    private final MessageTemplate template;

    public WebhookChannel(WebhookChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), WebhookChannelConfig.TYPE, client, timeout);
        this.url = config.url().reveal();
        this.authorization = basic(config.auth());
        this.template = MessageTemplate.of(config.name(), config.template(), MessageTemplate.Flavour.TEXT);
    }

    static String basic(BasicAuthConfig auth) {
        if (auth == null) {
            return null;
        }
        return HttpOutcomes.basicAuth(auth.user(), auth.password() == null ? null : auth.password().reveal());
    }

    /** The v4 message with the rendered text as {@code message} (receivers that ignore it are unaffected). */
    @Override
    public Delivery send(GroupNotice notice) {
        MessageTemplate.Rendered text = template.render(notice);
        Delivery d = HttpOutcomes.postJson(client, url, authorization, timeout,
                AlertmanagerJson.webhook(notice, name).put("message", text.text()).encode(), "webhook of channel " + name);
        return SlackChannel.withNote(d, text.problem());
    }
}
