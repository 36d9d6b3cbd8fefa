package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpimon.alerting.AlertingCatalogue;
import org.junit.jupiter.api.Test;

/** {@code logging.format}: text by default, json when asked, anything else an error listing the choices. */
class LoggingConfigTest {

    static CpimonConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(yaml, "test.yaml");
    }

    @Test
    void format_absent_textAndPrinted() throws Exception {
        CpimonConfig c = parse("server: { port: 9090 }\n");

        assertThat(c.logging().format()).isEqualTo(CpimonConfig.LogFormat.TEXT);
        assertThat(ConfigPrinter.print(c)).contains("logging:\n  format: text\n");
    }

    @Test
    void format_json_bound() throws Exception {
        assertThat(parse("logging: { format: json }\n").logging().format()).isEqualTo(CpimonConfig.LogFormat.JSON);
    }

    @Test
    void format_unknownOrUnknownKey_errorsNameTheField() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse("logging:\n  format: xml\n  level: debug\n"));

        assertThat(e.getMessage()).contains("test.yaml:2: logging.format:").contains("json").contains("text")
                .contains("test.yaml:3: logging.level:");
    }
}
