package io.cpimon.alerting;

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
