package io.cpimon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code routes} section: label matchers to channels, with grouping and timing; without routes, one route to
 * every channel. Stateless.
 */
final class RoutesSection {
    private RoutesSection() {}

    static List<CpimonConfig.RouteConfig> bind(List<ConfigMap> routes, Set<String> channelNames) {
        List<CpimonConfig.RouteConfig> out = new ArrayList<>();
        for (ConfigMap r : routes) {
            out.add(route(r, channelNames));
        }
        if (out.isEmpty() && !channelNames.isEmpty()) {
            out.add(new CpimonConfig.RouteConfig(Map.of(), List.copyOf(channelNames), ConfigDefaults.GROUP_BY,
                    ConfigDefaults.GROUP_WAIT, ConfigDefaults.GROUP_INTERVAL, ConfigDefaults.REPEAT_INTERVAL, false));
        }
        return List.copyOf(out);
    }

    private static CpimonConfig.RouteConfig route(ConfigMap r, Set<String> channelNames) {
        Map<String, String> match = r.stringMap("match");
        List<String> channels = channels(r, channelNames);
        List<String> groupBy = r.strings("groupBy", ConfigDefaults.GROUP_BY);
        Duration groupWait = r.duration("groupWait", ConfigDefaults.GROUP_WAIT, false);
        Duration groupInterval = r.duration("groupInterval", ConfigDefaults.GROUP_INTERVAL, true);
        Duration repeatInterval = r.duration("repeatInterval", ConfigDefaults.REPEAT_INTERVAL, true);
        boolean continueMatching = r.bool("continue", false);
        List<String> firstAtOnce = r.strings("firstAtOnce", ConfigDefaults.FIRST_AT_ONCE);
        ConfigMap.Text fallbackText = r.text("fallback", false);
        String fallback = null;
        if (fallbackText != null) {
            fallback = fallbackText.value();
            if (!channelNames.contains(fallback)) {
                r.error(fallbackText, "unknown channel " + fallbackText.shown()
                        + ConfigReader.listOf(" (channels: ", channelNames, ")"));
            }
        }
        r.done();
        return new CpimonConfig.RouteConfig(match, channels, groupBy, groupWait, groupInterval,
                repeatInterval, continueMatching, firstAtOnce, fallback);
    }

    private static List<String> channels(ConfigMap r, Set<String> channelNames) {
        List<String> channels = new ArrayList<>();
        List<ConfigMap.Item> items = r.items("channels");
        if (items == null || items.isEmpty()) {
            r.error(r.line("channels"), r.field("channels"),
                    items == null ? "missing required field" : "must list at least one channel");
            return List.of();
        }
        for (ConfigMap.Item item : items) {
            ConfigMap.Text ref = item.text();
            if (ref == null) {
                continue;
            }
            if (!channelNames.contains(ref.value())) {
                r.error(ref, "unknown channel " + ref.shown()
                        + ConfigReader.listOf(" (channels: ", channelNames, ")"));
            }
            channels.add(ref.value());
        }
        return List.copyOf(channels);
    }

    static void print(List<CpimonConfig.RouteConfig> routes, YamlWriter out) {
        out.list(0, "routes", routes);
        for (var route : routes) {
            if (route.match().isEmpty()) {
                out.item(1, "match: {}  # everything");
            } else {
                out.item(1, "match:");
                for (var e : route.match().entrySet()) {
                    out.line(3, YamlWriter.str(e.getKey()) + ": " + YamlWriter.str(e.getValue()));
                }
            }
            out.line(2, "channels: " + YamlWriter.flow(route.channels()));
            out.line(2, "groupBy: " + YamlWriter.flow(route.groupBy()));
            out.line(2, "groupWait: " + YamlWriter.dur(route.groupWait()));
            out.line(2, "groupInterval: " + YamlWriter.dur(route.groupInterval()));
            out.line(2, "repeatInterval: " + YamlWriter.dur(route.repeatInterval()));
            out.line(2, "continue: " + route.continueMatching());
            out.line(2, "firstAtOnce: " + YamlWriter.flow(route.firstAtOnce()));
            out.line(2, "fallback: " + YamlWriter.str(route.fallback()));
        }
    }
}
