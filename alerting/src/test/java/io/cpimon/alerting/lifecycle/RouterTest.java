package io.cpimon.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig.RouteConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    static RouteConfig route(Map<String, String> match, List<String> channels, boolean cont) {
        return new RouteConfig(match, channels, List.of("rule", "tenant"), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(4), cont);
    }

    @Test
    void match_firstMatchWins_unlessContinue() {
        Router router = new Router(List.of(
                route(Map.of("severity", "critical"), List.of("teams"), true),
                route(Map.of("severity", "critical"), List.of("snow"), false),
                route(Map.of(), List.of("mail"), false)));
        assertThat(router.match(Map.of("severity", "critical", "rule", "tenant_down")))
                .extracting(m -> m.route().channels()).containsExactly(List.of("teams"), List.of("snow"));
        assertThat(router.match(Map.of("severity", "warning")))
                .extracting(m -> m.route().channels()).containsExactly(List.of("mail"));
    }

    @Test
    void groupKey_usesGroupByLabelsInOrder_missingAsEmpty() {
        Router router = new Router(List.of(route(Map.of(), List.of("teams"), false)));
        Router.Match m = router.match(Map.of("rule", "tenant_down")).get(0);
        assertThat(m.groupKey(Map.of("rule", "tenant_down", "tenant", "t1", "x", "y"))).isEqualTo("route0:{rule=\"tenant_down\",tenant=\"t1\"}");
        assertThat(m.groupKey(Map.of("rule", "tenant_down"))).isEqualTo("route0:{rule=\"tenant_down\",tenant=\"\"}");
    }
}
