package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.Secret;
import io.cpimon.config.YamlWriter;

/**
 * A {@code mattermost} channel: a Mattermost (or Rocket.Chat) incoming webhook, Slack-compatible.
 *
 * @param url the webhook URL (a secret: its path is the credential)
 * @param postChannel nullable: overrides the webhook's channel, where the webhook allows it
 * @param username nullable: overrides the poster's name, where the server allows it
 * @param template nullable: the user's message template
 */
public record MattermostChannelConfig(String name, Secret url, String postChannel, String username,
                                      TemplateConfig template) implements ChannelConfig {
    public static final String TYPE = "mattermost";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return "Mattermost / Rocket.Chat incoming webhook" + (postChannel == null ? "" : " to " + postChannel)
                + "; URL hidden";
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "url: " + YamlWriter.secret(url));
        if (postChannel != null) {
            out.line(depth, "channel: " + YamlWriter.str(postChannel));
        }
        if (username != null) {
            out.line(depth, "username: " + YamlWriter.str(username));
        }
        TemplateConfig.print(template, out, depth);
    }

    static MattermostChannelConfig bind(String name, ConfigMap c) {
        return new MattermostChannelConfig(name, c.secretUrl("url"), c.string("channel", null),
                c.string("username", null), TemplateConfig.bind(c, MessageTemplate.Flavour.MARKDOWN));
    }
}
