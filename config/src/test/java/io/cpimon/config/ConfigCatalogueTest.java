package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mechanism alone: a rule and a channel kind known only through a catalogue. */
class ConfigCatalogueTest {
    record LimitConfig(RuleBasicsConfig basics, int limit) implements RuleConfig {
        static final LimitConfig DEFAULTS =
                new LimitConfig(RuleBasicsConfig.on(Duration.ZERO, Duration.ZERO, "info"), 3);

        @Override
        public boolean enabled() {
            return basics.enabled();
        }

        @Override
        public LimitConfig withEnabled(boolean on) {
            return new LimitConfig(basics.withEnabled(on), limit);
        }
    }

    static final RuleDefinition<LimitConfig> LIMIT = new RuleDefinition<>() {
        @Override
        public String name() {
            return "limit";
        }

        @Override
        public Class<LimitConfig> configType() {
            return LimitConfig.class;
        }

        @Override
        public LimitConfig defaults() {
            return LimitConfig.DEFAULTS;
        }

        @Override
        public LimitConfig bind(ConfigMap section) {
            return new LimitConfig(RuleBasicsConfig.bind(section, LimitConfig.DEFAULTS.basics()),
                    section.integer("limit", LimitConfig.DEFAULTS.limit(), 1, 10));
        }
    };

    static final ConfigCatalogue CATALOGUE = ConfigCatalogue.of(List.of(LIMIT), List.of());

    @Test
    void rule_boundPrintedAndSwitchedOffThroughItsDefinition() throws Exception {
        CpimonConfig c = new ConfigLoader(n -> null, CATALOGUE).parse("rules: { limit: { limit: 7 } }\n", "t.yaml");

        assertThat(c.rules().get(LIMIT).limit()).isEqualTo(7);
        assertThat(ConfigPrinter.print(c)).contains("  limit:\n    enabled: true\n    for: 0s\n", "    limit: 7\n");
        assertThat(c.rules().only().get(LIMIT).enabled()).isFalse();
        assertThat(ConfigDefaults.rules().get(LIMIT)).isEqualTo(LimitConfig.DEFAULTS);
    }

    @Test
    void rule_unknownKeyAndUnknownChannelType_areErrors() {
        assertThatThrownBy(() -> new ConfigLoader(n -> null, CATALOGUE).parse("""
                rules: { limit: { limt: 7 } }
                channels: [ { name: a, type: log } ]
                """, "t.yaml"))
                .hasMessage("t.yaml:1: rules.limit.limt: unknown key 'limt' (did you mean 'limit'?)\n"
                        + "t.yaml:2: channels[0].type: invalid value 'log' (allowed: )");
    }
}
