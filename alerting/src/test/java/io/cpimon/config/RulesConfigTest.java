package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.rules.ApiUnreachableRule;
import io.cpimon.alerting.rules.AuthFailedRule;
import io.cpimon.alerting.rules.CertExpiryRule;
import io.cpimon.alerting.rules.DrDriftRule;
import io.cpimon.alerting.rules.DuplicateProcessingRule;
import io.cpimon.alerting.rules.FailbackRule;
import io.cpimon.alerting.rules.FailedMessagesRule;
import io.cpimon.alerting.rules.FailoverRule;
import io.cpimon.alerting.rules.IflowErrorRule;
import io.cpimon.alerting.rules.StuckMessagesRule;
import io.cpimon.alerting.rules.SuccessRateDropRule;
import io.cpimon.alerting.rules.ThroughputDropRule;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules section: defaults, every parameter, overrides, inhibit rules, one fixture per error. */
class RulesConfigTest {

    static RulesConfig load(String yaml) throws Exception {
        return new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(yaml, "rules.yaml").rules();
    }

    @Test
    void rules_absent_everyRuleOnWithDefaults() throws Exception {
        RulesConfig r = load("server: { port: 8080 }\n");
        assertThat(r).isEqualTo(ConfigDefaults.rules());
        assertThat(List.of(r.get(ApiUnreachableRule.DEFINITION).basics(), r.get(AuthFailedRule.DEFINITION).basics(),
                r.get(SuccessRateDropRule.DEFINITION).basics(), r.get(ThroughputDropRule.DEFINITION).basics(),
                r.get(FailedMessagesRule.DEFINITION).basics(), r.get(StuckMessagesRule.DEFINITION).basics(),
                r.get(IflowErrorRule.DEFINITION).basics(), r.get(CertExpiryRule.DEFINITION).basics(),
                r.get(FailoverRule.DEFINITION).basics(), r.get(FailbackRule.DEFINITION).basics(),
                r.get(DuplicateProcessingRule.DEFINITION).basics(),
                r.get(DrDriftRule.DEFINITION).basics())).allMatch(RuleBasicsConfig::enabled);
        assertThat(r.get(ApiUnreachableRule.DEFINITION).basics().forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.get(SuccessRateDropRule.DEFINITION).threshold()).isEqualTo(0.2);
        assertThat(r.get(StuckMessagesRule.DEFINITION).after()).isEqualTo(Duration.ofHours(1));
        assertThat(r.get(CertExpiryRule.DEFINITION).days()).isEqualTo(30);
        assertThat(r.inhibit()).singleElement().satisfies(i -> {
            assertThat(i.source()).extracting(LabelMatcher::toString).containsExactly("rule=~\"tenant_down|api_unreachable\"");
            assertThat(i.equal()).containsExactly("tenant");
        });
    }

    @Test
    void rules_fullFixture_everyParameterBound() throws Exception {
        RulesConfig r = load(Files.readString(Fixtures.path("good/rules.yaml")));
        assertThat(r.evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.get(ApiUnreachableRule.DEFINITION).failures()).isEqualTo(5);
        assertThat(r.get(ApiUnreachableRule.DEFINITION).basics().forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.get(AuthFailedRule.DEFINITION).basics().severity()).isEqualTo("warning");
        assertThat(r.get(SuccessRateDropRule.DEFINITION).window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.get(SuccessRateDropRule.DEFINITION).perIflow()).isFalse();
        assertThat(r.get(SuccessRateDropRule.DEFINITION).overrides()).containsExactly(
                new RuleOverrideConfig("prd-weu", null, null, 0.3, null, null, null),
                new RuleOverrideConfig(null, "Send_Invoices_to_Ariba", false, null, 5, null, null));
        assertThat(r.get(ThroughputDropRule.DEFINITION).days()).isEqualTo(14);
        assertThat(r.get(ThroughputDropRule.DEFINITION).silence()).isFalse();
        assertThat(r.get(ThroughputDropRule.DEFINITION).overrides().getFirst().ratio()).isEqualTo(0.2);
        assertThat(r.get(FailedMessagesRule.DEFINITION).minShare()).isZero();
        assertThat(r.get(StuckMessagesRule.DEFINITION).overrides().getFirst().after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.get(IflowErrorRule.DEFINITION).goneFor()).isZero();
        assertThat(r.get(CertExpiryRule.DEFINITION).basics().severity()).isEqualTo("critical");
        assertThat(r.get(FailoverRule.DEFINITION).exitShare()).isEqualTo(0.2);
        assertThat(r.get(FailoverRule.DEFINITION).basics().keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.get(FailbackRule.DEFINITION).window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.get(DuplicateProcessingRule.DEFINITION).maxListed()).isEqualTo(50);
        assertThat(r.get(DrDriftRule.DEFINITION).basics().enabled()).isFalse();
        assertThat(r.inhibit()).singleElement().satisfies(i ->
                assertThat(i.target()).containsExactly(new LabelMatcher("severity", LabelMatcher.Op.EQ, "warning")));
    }

    @Test
    void print_fullRules_readsBackAsTheSameRules() throws Exception {
        CpimonConfig c = new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(Files.readString(Fixtures.path("good/rules.yaml")), "rules.yaml");
        String printed = ConfigPrinter.print(c);
        assertThat(printed).contains("  failover:\n    enabled: true\n    for: 0s\n", "    - { tenant: prd-weu, threshold: 0.3 }\n");
        assertThat(new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(printed, "printed.yaml").rules()).isEqualTo(c.rules());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rules-threshold-range      | :3: rules.success_rate_drop.threshold: must be between 0.0 and 1.0 (got 1.5)
            rules-ratio-not-number     | :3: rules.throughput_drop.ratio: expected a number, got 'half'
            rules-failover-shares      | :3: rules.failover.exitShare: must not exceed enterShare (0.8 > 0.6)
            rules-override-no-target   | :5: rules.success_rate_drop.overrides[0]: an override needs a tenant, an iflow or both
            rules-override-unknown-key | :5: rules.stuck_messages.overrides[0].threshold: unknown key 'threshold' (known keys: tenant, iflow, enabled, after)
            rules-inhibit-matcher      | :4: rules.inhibit[0].source[0]: invalid matcher 'rule tenant_down' \
            (use name="value", name!="value", name=~"regex" or name!~"regex")
            rules-inhibit-regex        | :4: rules.inhibit[0].source[0]: invalid regular expression '(': Unclosed group
            rules-inhibit-no-target    | :4: rules.inhibit[0].target: missing required field
            rules-auth-pattern         | :3: rules.auth_failed.pattern: invalid regular expression '([': Unclosed character class
            """)
    void parse_badRules_reportsPreciseError(String fixture, String line) throws Exception {
        String name = fixture + ".yaml";
        String yaml = Files.readString(Fixtures.path("bad/" + name));
        try {
            new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(yaml, name);
            fail(name + " loaded without errors");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(name + line);
        }
    }
}
