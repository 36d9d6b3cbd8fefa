package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckConfigTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Path file) {
        return CheckConfig.run(file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Fixtures.ENV::get, AlertingCatalogue.CONFIG);
    }

    @Test
    void run_validFile_printsTheConfigAndASummaryAndReturns0() {
        Path file = Fixtures.path("good/full.yaml");

        int status = run(file);

        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("clientSecret: <secret>  # env:WEU_SECRET")
                .endsWith("# " + file + " is valid: 3 tenants (prod-weu, prod-eus, dev), 1 pair, 5 channels, 2 routes\n")
                .doesNotContain("LEAK-CANARY");
    }

    @Test
    void run_invalidFile_printsEveryErrorAndReturns1() {
        Path file = Fixtures.path("bad/many-errors.yaml");

        int status = run(file);

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(6)
                .first().isEqualTo(file + " is invalid (5 errors):");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + ":3: server.port: must be between 0 and 65535 (got -1)\n");
    }

    @Test
    void run_missingFile_saysSoAndReturns1() {
        Path file = Path.of("no-such-cpimon.yaml");

        int status = run(file);

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("cpimon: config file not found: " + file.toAbsolutePath() + "\n");
    }

    @Test
    void summary_singleItems_areSingular() throws Exception {
        CpimonConfig c = Fixtures.loader().parse("""
                tenants: [ { id: a, api: { url: "https://a.example.com", auth: { basic: { user: u, password: p } } },
                             probe: { url: "https://a.example.com" } } ]
                channels: [ { name: x, type: webhook, url: "https://x.example.com" } ]
                """, "one.yaml");

        assertThat(CheckConfig.summary(c)).isEqualTo("1 tenant (a), 0 pairs, 1 channel, 1 route");
    }
}
