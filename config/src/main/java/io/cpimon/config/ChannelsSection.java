package io.cpimon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code channels} section: unique names, and per element the keys of its {@code type}, bound by that channel
 * kind's definition from the catalogue. Stateless.
 */
final class ChannelsSection {
    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private ChannelsSection() {}

    /** @param names filled with every valid, unique channel name */
    static List<ChannelConfig> bind(List<ConfigMap> channels, ConfigCatalogue catalogue, Set<String> names) {
        List<ChannelConfig> out = new ArrayList<>();
        for (ConfigMap c : channels) {
            ChannelConfig channel = channel(c, catalogue, names);
            if (channel != null) {
                out.add(channel);
            }
        }
        return List.copyOf(out);
    }

    private static ChannelConfig channel(ConfigMap c, ConfigCatalogue catalogue, Set<String> names) {
        ConfigMap.Text nameText = c.text("name", true);
        String name = nameText == null ? null : nameText.value();
        if (nameText != null) {
            if (!CHANNEL_NAME.matcher(name).matches()) {
                c.error(nameText, "invalid channel name " + nameText.shown()
                        + " (use 1 to 63 letters, digits, '.', '_' and '-', starting with a letter or digit)");
            } else if (!names.add(name)) {
                c.error(nameText, "duplicate channel name '" + name + "'");
            }
        }
        String type = c.choice("type", catalogue.channelTypes(), null, true);
        if (type == null) {
            return null; // the other keys depend on the type: nothing more to say about them
        }
        ChannelConfig channel = catalogue.channel(type).orElseThrow().bind(name, c);
        c.done();
        return channel;
    }

    static void print(List<ChannelConfig> channels, YamlWriter out) {
        out.list(0, "channels", channels);
        for (var ch : channels) {
            out.item(1, "name: " + YamlWriter.str(ch.name()));
            out.line(2, "type: " + ch.type());
            ch.print(out, 2);
        }
    }
}
