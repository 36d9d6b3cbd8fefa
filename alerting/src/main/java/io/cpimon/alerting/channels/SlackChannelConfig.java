package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.Secret;
import io.cpimon.config.YamlWriter;
import java.net.URI;

/**
 * A {@code slack} channel: an incoming webhook ({@code url}), or the Web API's {@code chat.postMessage} with a bot
 * token ({@code token}, {@code channel}), which threads every later message of an episode under its first one.
 * Exactly one of {@code url} and {@code token}.
 *
 * @param url nullable: the incoming webhook URL (a secret)
 * @param token nullable: the bot token ({@code xoxb-…})
 * @param slackChannel nullable unless {@code token} is set: the channel id or name to post to
 * @param apiUrl the Web API's base ({@code https://slack.com/api})
 * @param template nullable: the user's message template
 */
public record SlackChannelConfig(String name, Secret url, Secret token, String slackChannel, URI apiUrl,
                                 TemplateConfig template) implements ChannelConfig {
    public static final String TYPE = "slack";
    static final URI DEFAULT_API = URI.create("https://slack.com/api");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return token != null
                ? "Slack Web API chat.postMessage to " + slackChannel + " at " + ChannelConfig.withoutCredentials(apiUrl)
                : "Slack incoming webhook; URL hidden";
    }

    @Override
    public void print(YamlWriter out, int depth) {
        if (url != null) {
            out.line(depth, "url: " + YamlWriter.secret(url));
        }
        if (token != null) {
            out.line(depth, "token: " + YamlWriter.secret(token));
            out.line(depth, "channel: " + YamlWriter.str(slackChannel));
            out.line(depth, "apiUrl: " + YamlWriter.str(apiUrl.toString()));
        }
        TemplateConfig.print(template, out, depth);
    }

    static SlackChannelConfig bind(String name, ConfigMap c) {
        Secret url = c.absent("url") ? null : c.secretUrl("url");
        Secret token = c.secret("token", false);
        String channel = c.string("channel", null);
        URI api = c.url("apiUrl", false);
        if (url == null && token == null) {
            c.error(c.line(), c.field("url"), "give url (an incoming webhook) or token and channel (chat.postMessage)");
        } else if (url != null && token != null) {
            c.error(c.keyLine("token"), c.field("token"), "give either url or token, not both");
        } else if (token != null && (channel == null || channel.isBlank())) {
            c.error(c.keyLine("token"), c.field("channel"), "is required with token: the channel to post to");
        }
        return new SlackChannelConfig(name, url, token, channel, api == null ? DEFAULT_API : api,
                TemplateConfig.bind(c, MessageTemplate.Flavour.SLACK));
    }
}
