package io.cpimon.alerting.lifecycle;

import io.cpimon.config.CpimonConfig.RouteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matches an alert's labels against the configured routes, in order: the first matching route wins
 * unless it says {@code continue}. A route without matchers matches everything.
 */
public final class Router {
    private final List<RouteConfig> routes;

    public Router(List<RouteConfig> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A matched route with its position, which is part of the group key. */
    public record Match(int index, RouteConfig route) {
        /** {@code route<i>:{label="value",…}} over the route's groupBy labels, like Alertmanager's group key. */
        public String groupKey(Map<String, String> labels) {
            StringBuilder key = new StringBuilder("route").append(index).append(":{");
            boolean first = true;
            for (String name : route.groupBy()) {
                if (!first) {
                    key.append(',');
                }
                first = false;
                key.append(name).append("=\"").append(labels.getOrDefault(name, "")).append('"');
            }
            return key.append('}').toString();
        }
    }

    public List<RouteConfig> routes() {
        return routes;
    }

    /** The route a group key was made by ({@code route<i>:…}), or null when the key is not a route's. */
    public RouteConfig routeOf(String groupKey) {
        if (groupKey == null || !groupKey.startsWith("route")) {
            return null;
        }
        int colon = groupKey.indexOf(':');
        try {
            int index = Integer.parseInt(groupKey.substring(5, colon < 0 ? groupKey.length() : colon));
            return index >= 0 && index < routes.size() ? routes.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The group labels encoded in a group key: {@code {rule="x",tenant="t1"}} → {rule=x, tenant=t1}. */
    public static Map<String, String> groupLabels(String groupKey) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        int open = groupKey == null ? -1 : groupKey.indexOf('{');
        if (open < 0) {
            return out;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^,={}]+)=\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(groupKey.substring(open));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    public List<Match> match(Map<String, String> labels) {
        List<Match> matches = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            boolean matches_ = route.match().entrySet().stream()
                    .allMatch(m -> m.getValue().equals(labels.get(m.getKey())));
            if (matches_) {
                matches.add(new Match(i, route));
                if (!route.continueMatching()) {
                    break;
                }
            }
        }
        return matches;
    }
}
