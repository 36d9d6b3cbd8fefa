package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpimon.alerting.AlertingCatalogue;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code server.externalUrl}: bound as an http(s) URL, absent by default, printed like the other server keys. */
class ServerExternalUrlConfigTest {

    static CpimonConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(yaml, "test.yaml");
    }

    @Test
    void externalUrl_set_boundAndPrinted() throws Exception {
        CpimonConfig c = parse("server: { port: 9090, externalUrl: \"https://cpimon.example.com/ops\" }\n");

        assertThat(c.server().externalUrl()).isEqualTo(URI.create("https://cpimon.example.com/ops"));
        assertThat(ConfigPrinter.print(c)).contains("  externalUrl: https://cpimon.example.com/ops\n");
    }

    @Test
    void externalUrl_absent_nullAndPrintedAsDerived() throws Exception {
        CpimonConfig c = parse("server: { port: 9090 }\n");

        assertThat(c.server().externalUrl()).isNull();
        assertThat(ConfigPrinter.print(c)).contains("  externalUrl: null  # from the bind address and port\n");
    }

    @Test
    void externalUrl_notHttp_errorNamesTheField() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse("server:\n  externalUrl: ftp://cpimon.example.com/\n"));

        assertThat(e.getMessage()).isEqualTo(
                "test.yaml:2: server.externalUrl: 'ftp://cpimon.example.com/' is not an absolute http or https URL");
    }
}
