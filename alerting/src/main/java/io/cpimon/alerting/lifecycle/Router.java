package io.cpimon.alerting.lifecycle;

import io.cpimon.alerting.channels.GroupKey;
import io.cpimon.config.CpimonConfig.RouteConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches an alert's labels against the configured routes, in order: the first matching route wins
 * unless it says {@code continue}. A route without matchers matches everything. Immutable; thread-safe.
 */
public final class Router {
    private final List<RouteConfig> routes;

    public Router(List<RouteConfig> routes) {
        this.routes = List.copyOf(routes);
    }

    /** A matched route with its position, which is part of the group key. */
    public record Match(int index, RouteConfig route) {
        /** The group of {@code labels} on this route: its groupBy labels, absent ones empty. */
        public GroupKey key(Map<String, String> labels) {
            Map<String, String> group = new LinkedHashMap<>();
            for (String name : route.groupBy()) {
                group.put(name, labels.getOrDefault(name, ""));
            }
            return GroupKey.ofRoute(index, group);
        }

        /** The text of {@link #key}: {@code route<i>:{label="value",…}}, like Alertmanager's group key. */
        public String groupKey(Map<String, String> labels) {
            return key(labels).toString();
        }
    }

    public List<RouteConfig> routes() {
        return routes;
    }

    /** The route a group key was made by, or empty when the key is not a route's (or no longer is). */
    public Optional<RouteConfig> routeOf(GroupKey key) {
        return key.routeIndex().filter(i -> i < routes.size()).map(routes::get);
    }

    public List<Match> match(Map<String, String> labels) {
        List<Match> matches = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            boolean matched = route.match().entrySet().stream()
                    .allMatch(m -> m.getValue().equals(labels.get(m.getKey())));
            if (matched) {
                matches.add(new Match(i, route));
                if (!route.continueMatching()) {
                    break;
                }
            }
        }
        return matches;
    }
}
