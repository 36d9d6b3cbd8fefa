package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpimon.alerting.AlertingCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.tls}: a PEM pair or a PKCS#12 file, absolute readable paths, the password never printed. */
class ServerTlsConfigTest {
    @TempDir
    Path dir;

    CpimonConfig parse(String yaml) throws ConfigException {
        Map<String, String> env = Map.of("P12_PASSWORD", "p12-Secret-Zx91");
        return new ConfigLoader(env::get, AlertingCatalogue.CONFIG).parse(yaml, "test.yaml");
    }

    Path file(String name) throws Exception {
        return Files.writeString(dir.resolve(name), "x");
    }

    @Test
    void pemPair_boundAndPrinted() throws Exception {
        Path cert = file("tls.crt");
        Path key = file("tls.key");
        CpimonConfig c = parse("server:\n  tls: { certificate: \"" + cert + "\", key: \"" + key + "\" }\n");

        assertThat(c.server().tls().pem()).isTrue();
        assertThat(c.server().tls().certificate()).isEqualTo(cert);
        assertThat(ConfigPrinter.print(c)).contains("  tls:\n    certificate: " + cert + "\n    key: " + key + "\n");
    }

    @Test
    void pkcs12_boundWithItsPasswordNeverPrinted() throws Exception {
        Path p12 = file("cpimon.p12");
        CpimonConfig c = parse("server:\n  tls: { keystore: \"" + p12 + "\", password: \"${env:P12_PASSWORD}\" }\n");

        assertThat(c.server().tls().pem()).isFalse();
        assertThat(c.server().tls().password().reveal()).isEqualTo("p12-Secret-Zx91");
        assertThat(ConfigPrinter.print(c)).contains("keystore: " + p12).doesNotContain("p12-Secret-Zx91");
        assertThat(parse("server: { port: 1 }\n").server().tls()).isNull();
    }

    @Test
    void mixedIncompleteRelativeOrMissing_errorsNameTheField() throws Exception {
        Path cert = file("tls.crt");
        ConfigException mixed = catchThrowableOfType(ConfigException.class, () -> parse(
                "server:\n  tls:\n    certificate: \"" + cert + "\"\n    keystore: \"" + cert + "\"\n"));
        assertThat(mixed.getMessage()).contains("server.tls: give either certificate and key (PEM files) or keystore"
                + " and password (a PKCS#12 file)");

        ConfigException paths = catchThrowableOfType(ConfigException.class, () -> parse(
                "server:\n  tls:\n    certificate: tls.crt\n    key: \"" + dir.resolve("nope.key") + "\"\n"));
        assertThat(paths.getMessage()).contains("test.yaml:3: server.tls.certificate:").contains("absolute path")
                .contains("test.yaml:4: server.tls.key:").contains("not a readable file");
    }
}
