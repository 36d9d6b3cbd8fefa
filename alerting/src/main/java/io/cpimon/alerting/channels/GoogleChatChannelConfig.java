package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.Secret;
import io.cpimon.config.YamlWriter;

/**
 * A {@code googlechat} channel: a Google Chat space's incoming webhook.
 *
 * @param url the webhook URL with its {@code key} and {@code token} (a secret)
 * @param template nullable: the user's message template
 */
public record GoogleChatChannelConfig(String name, Secret url, TemplateConfig template) implements ChannelConfig {
    public static final String TYPE = "googlechat";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return "Google Chat space webhook (cards v2); URL hidden";
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "url: " + YamlWriter.secret(url));
        TemplateConfig.print(template, out, depth);
    }

    static GoogleChatChannelConfig bind(String name, ConfigMap c) {
        return new GoogleChatChannelConfig(name, c.secretUrl("url"),
                TemplateConfig.bind(c, MessageTemplate.Flavour.GOOGLE_CHAT));
    }
}
