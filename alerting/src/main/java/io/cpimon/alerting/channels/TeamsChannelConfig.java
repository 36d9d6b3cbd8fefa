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
 */
public record TeamsChannelConfig(String name, Secret url, TeamsFormat format) implements ChannelConfig {
    public static final String TYPE = "teams";

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
    }

    static TeamsChannelConfig bind(String name, ConfigMap c) {
        return new TeamsChannelConfig(name, c.secretUrl("url"), c.choice("format", Map.of(
                "adaptive", TeamsFormat.ADAPTIVE,
                "messagecard", TeamsFormat.MESSAGECARD), TeamsFormat.ADAPTIVE, false));
    }
}
