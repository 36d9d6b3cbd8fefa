package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpimon.alerting.AlertingCatalogue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code server.instanceId} and {@code server.leaseTtl}: optional, checked, printed like the other server keys. */
class ServerInstanceConfigTest {

    static CpimonConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(yaml, "test.yaml");
    }

    @Test
    void instanceId_set_boundAndPrinted() throws Exception {
        CpimonConfig c = parse("server: { instanceId: cpimon-a, leaseTtl: 10s }\n");

        assertThat(c.server().instanceId()).isEqualTo("cpimon-a");
        assertThat(c.server().leaseTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigPrinter.print(c)).contains("  instanceId: cpimon-a\n").contains("  leaseTtl: 10s\n");
    }

    @Test
    void instanceId_absent_defaultsPrinted() throws Exception {
        CpimonConfig c = parse("server: { port: 9090 }\n");

        assertThat(c.server().instanceId()).isNull();
        assertThat(c.server().leaseTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigPrinter.print(c)).contains("  instanceId: null  # host name and process id\n");
    }

    @Test
    void instanceId_withSpace_errorNamesTheField() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse("server:\n  instanceId: \"node a\"\n"));

        assertThat(e.getMessage()).startsWith("test.yaml:2: server.instanceId: must be 1 to 100 letters");
    }
}
