package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.Secret;
import io.cpimon.config.YamlWriter;
import java.util.Map;

/**
 * A {@code teams} channel. The URL carries a signature ({@code sig=}), so it is a secret as a whole.
 *
 * @param format default {@link TeamsFormat#ADAPTIVE}
 * @param template nullable: the user's template of the card's text (the MessageCard's {@code text} in place of
 *     its per-alert sections)
 */
public record TeamsChannelConfig(String name, Secret url, TeamsFormat format, TemplateConfig template)
        implements ChannelConfig {
    public static final String TYPE = "teams";

    /** A channel with the default template. */
    public TeamsChannelConfig(String name, Secret url, TeamsFormat format) {
        this(name, url, format, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return "Teams " + (format == TeamsFormat.MESSAGECARD
                ? "Office 365 connector (MessageCard)" : "Workflows webhook (Adaptive Card)") + "; URL hidden";
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "url: " + YamlWriter.secret(url));
        out.line(depth, "format: " + YamlWriter.lower(format));
        TemplateConfig.print(template, out, depth);
    }

    static TeamsChannelConfig bind(String name, ConfigMap c) {
        return new TeamsChannelConfig(name, c.secretUrl("url"), c.choice("format", Map.of(
                "adaptive", TeamsFormat.ADAPTIVE,
                "messagecard", TeamsFormat.MESSAGECARD), TeamsFormat.ADAPTIVE, false),
                TemplateConfig.bind(c, MessageTemplate.Flavour.MARKDOWN));
    }
}
