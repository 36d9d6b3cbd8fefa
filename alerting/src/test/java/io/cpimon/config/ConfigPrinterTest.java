package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigPrinterTest {

    @Test
    void print_fullConfig_isYamlOfTheEffectiveValues() throws Exception {
        CpimonConfig c = Fixtures.loader().load(Fixtures.path("good/full.yaml"));

        JsonNode printed = new YAMLMapper().readTree(ConfigPrinter.print(c));

        assertThat(printed.at("/server/port").asInt()).isEqualTo(9090);
        assertThat(printed.at("/server/tokens/2/token").asText()).isEqualTo("<secret>");
        assertThat(printed.at("/tenants/0/probe/bodyMatch").asText()).isEqualTo("\"status\":\"UP\"");
        assertThat(printed.at("/tenants/0/probe/upStatus/1").asInt()).isEqualTo(204);
        assertThat(printed.at("/tenants/0/poll/initialLookback").asText()).isEqualTo("1h30m");
        assertThat(printed.at("/tenants/1/name").asText()).isEqualTo("prod-eus");
        assertThat(printed.at("/tenants/1/api/timeout").asText()).isEqualTo("30s");
        assertThat(printed.at("/pairs/0/mode").asText()).isEqualTo("active-passive");
        assertThat(printed.at("/rules/tenant_down/for").asText()).isEqualTo("30s");
        assertThat(printed.at("/channels/0/format").asText()).isEqualTo("messagecard");
        assertThat(printed.at("/channels/2/assignmentGroup").asText()).isEqualTo("Integration Ops");
        assertThat(printed.at("/channels/3/credential/tenantId").asText()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(printed.at("/routes/0/match/landscape").asText()).isEqualTo("prod");
        assertThat(printed.at("/routes/0/continue").asBoolean()).isTrue();
        assertThat(printed.at("/routes/1/groupBy/1").asText()).isEqualTo("tenant");
    }

    @Test
    void print_minimalConfig_showsTheDefaults() throws Exception {
        CpimonConfig c = Fixtures.loader().load(Fixtures.path("good/minimal.yaml"));

        String text = ConfigPrinter.print(c);

        assertThat(text).contains(
                "  url: null  # embedded PostgreSQL\n",
                "      upStatus: [200, 401]\n",
                "  - match: {}  # everything\n    channels: [a, b]\n",
                "tokens: []\n",
                "pairs: []\n");
    }

    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.argumentSet("plain word", "ops", "ops"),
                Arguments.argumentSet("url", "https://x.example.com:8443/a?b=c", "https://x.example.com:8443/a?b=c"),
                Arguments.argumentSet("words", "Integration Ops", "Integration Ops"),
                Arguments.argumentSet("boolean-like", "yes", "\"yes\""),
                Arguments.argumentSet("number-like", "0123", "\"0123\""),
                Arguments.argumentSet("null-like", "null", "\"null\""),
                Arguments.argumentSet("empty", "", "\"\""),
                Arguments.argumentSet("colon space", "a: b", "\"a: b\""),
                Arguments.argumentSet("comment-like", "a #b", "\"a #b\""),
                Arguments.argumentSet("quotes", "\"status\":\"UP\"", "\"\\\"status\\\":\\\"UP\\\"\""),
                Arguments.argumentSet("leading dash", "-x", "\"-x\""),
                Arguments.argumentSet("newline", "a\nb", "\"a\\nb\""));
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void str_value_readsBackAsTheSameString(String value, String printed) throws Exception {
        assertThat(ConfigPrinter.str(value)).isEqualTo(printed);
        assertThat(new YAMLMapper().readTree("k: " + printed).get("k").asText()).isEqualTo(value);
    }
}
