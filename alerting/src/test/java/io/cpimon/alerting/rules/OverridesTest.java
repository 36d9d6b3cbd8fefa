package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.RuleOverrideConfig;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverridesTest {
    static final List<RuleOverrideConfig> OVERRIDES = List.of(
            new RuleOverrideConfig("t1", null, null, 0.5, null, null, null),
            new RuleOverrideConfig(null, "A", null, 0.7, null, null, null),
            new RuleOverrideConfig("t1", "A", false, null, null, null, null));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            no override for another tenant       | t2 | null | null | true
            tenant override at tenant level      | t1 | null | 0.5  | true
            tenant override for its other iFlow  | t1 | B    | 0.5  | true
            iFlow override on any tenant         | t2 | A    | 0.7  | true
            tenant+iFlow override wins           | t1 | A    | null | false
            """)
    void resolve_row_mostSpecificWins(String name, String tenant, String iflow, Double threshold, boolean enabled) {
        RuleOverrideConfig o = Overrides.resolve(OVERRIDES, tenant, iflow);
        assertThat(o.threshold()).isEqualTo(threshold);
        assertThat(Overrides.enabled(o)).isEqualTo(enabled);
    }
}
