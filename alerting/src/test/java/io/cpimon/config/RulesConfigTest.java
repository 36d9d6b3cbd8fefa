package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cpimon.config.CpimonConfig.RuleOverride;
import io.cpimon.config.CpimonConfig.RulesConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules section: defaults, every parameter, overrides, inhibit rules, one fixture per error. */
class RulesConfigTest {

    static RulesConfig load(String yaml) throws Exception {
        return new ConfigLoader(n -> null).parse(yaml, "rules.yaml").rules();
    }

    @Test
    void rules_absent_everyRuleOnWithDefaults() throws Exception {
        RulesConfig r = load("server: { port: 8080 }\n");
        assertThat(r).isEqualTo(ConfigDefaults.rules());
        assertThat(List.of(r.apiUnreachable().basics(), r.authFailed().basics(), r.successRateDrop().basics(),
                r.throughputDrop().basics(), r.failedMessages().basics(), r.stuckMessages().basics(), r.iflowError().basics(),
                r.certExpiry().basics(), r.failover().basics(), r.failback().basics(), r.duplicateProcessing().basics(),
                r.drDrift().basics())).allMatch(CpimonConfig.RuleBasics::enabled);
        assertThat(r.apiUnreachable().basics().forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.successRateDrop().threshold()).isEqualTo(0.2);
        assertThat(r.stuckMessages().after()).isEqualTo(Duration.ofHours(1));
        assertThat(r.certExpiry().days()).isEqualTo(30);
        assertThat(r.inhibit()).singleElement().satisfies(i -> {
            assertThat(i.source()).extracting(LabelMatcher::toString).containsExactly("rule=~\"tenant_down|api_unreachable\"");
            assertThat(i.equal()).containsExactly("tenant");
        });
    }

    @Test
    void rules_fullFixture_everyParameterBound() throws Exception {
        RulesConfig r = load(Files.readString(Fixtures.path("good/rules.yaml")));
        assertThat(r.evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.apiUnreachable().failures()).isEqualTo(5);
        assertThat(r.apiUnreachable().basics().forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.authFailed().basics().severity()).isEqualTo("warning");
        assertThat(r.successRateDrop().window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.successRateDrop().perIflow()).isFalse();
        assertThat(r.successRateDrop().overrides()).containsExactly(
                new RuleOverride("prd-weu", null, null, 0.3, null, null, null),
                new RuleOverride(null, "Send_Invoices_to_Ariba", false, null, 5, null, null));
        assertThat(r.throughputDrop().days()).isEqualTo(14);
        assertThat(r.throughputDrop().silence()).isFalse();
        assertThat(r.throughputDrop().overrides().getFirst().ratio()).isEqualTo(0.2);
        assertThat(r.failedMessages().minShare()).isZero();
        assertThat(r.stuckMessages().overrides().getFirst().after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.iflowError().goneFor()).isZero();
        assertThat(r.certExpiry().basics().severity()).isEqualTo("critical");
        assertThat(r.failover().exitShare()).isEqualTo(0.2);
        assertThat(r.failover().basics().keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.failback().window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.duplicateProcessing().maxListed()).isEqualTo(50);
        assertThat(r.drDrift().basics().enabled()).isFalse();
        assertThat(r.inhibit()).singleElement().satisfies(i ->
                assertThat(i.target()).containsExactly(new LabelMatcher("severity", LabelMatcher.Op.EQ, "warning")));
    }

    @Test
    void print_fullRules_readsBackAsTheSameRules() throws Exception {
        CpimonConfig c = new ConfigLoader(n -> null).parse(Files.readString(Fixtures.path("good/rules.yaml")), "rules.yaml");
        String printed = ConfigPrinter.print(c);
        assertThat(printed).contains("  failover:\n    enabled: true\n    for: 0s\n", "    - { tenant: prd-weu, threshold: 0.3 }\n");
        assertThat(new ConfigLoader(n -> null).parse(printed, "printed.yaml").rules()).isEqualTo(c.rules());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rules-threshold-range      | :3: rules.success_rate_drop.threshold: must be between 0.0 and 1.0 (got 1.5)
            rules-ratio-not-number     | :3: rules.throughput_drop.ratio: expected a number, got 'half'
            rules-failover-shares      | :3: rules.failover.exitShare: must not exceed enterShare (0.8 > 0.6)
            rules-override-no-target   | :5: rules.success_rate_drop.overrides[0]: an override needs a tenant, an iflow or both
            rules-override-unknown-key | :5: rules.stuck_messages.overrides[0].threshold: unknown key 'threshold' (known keys: tenant, iflow, enabled, after)
            rules-inhibit-matcher      | :4: rules.inhibit[0].source[0]: invalid matcher 'rule tenant_down' (use name="value", name!="value", name=~"regex" or name!~"regex")
            rules-inhibit-regex        | :4: rules.inhibit[0].source[0]: invalid regular expression '(': Unclosed group
            rules-inhibit-no-target    | :4: rules.inhibit[0].target: missing required field
            rules-auth-pattern         | :3: rules.auth_failed.pattern: invalid regular expression '([': Unclosed character class
            """)
    void parse_badRules_reportsPreciseError(String fixture, String line) throws Exception {
        String name = fixture + ".yaml";
        String yaml = Files.readString(Fixtures.path("bad/" + name));
        try {
            new ConfigLoader(n -> null).parse(yaml, name);
            fail(name + " loaded without errors");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(name + line);
        }
    }
}
