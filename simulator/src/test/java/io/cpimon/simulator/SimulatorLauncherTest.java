package io.cpimon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ./cpimon simulate}: the printed lines are enough to talk to a tenant like to a real one. */
class SimulatorLauncherTest {

    static Map<String, String> fields(String line) {
        Map<String, String> m = new HashMap<>();
        Matcher matcher = Pattern.compile("(\\w+)=('([^']*)'|\\S+)").matcher(line);
        while (matcher.find()) {
            m.put(matcher.group(1), matcher.group(3) != null ? matcher.group(3) : matcher.group(2));
        }
        return m;
    }

    @Test
    void options_parse_defaultsAndErrors() {
        SimulatorLauncher.Options o = SimulatorLauncher.Options.parse("simulate", "--tenants", "5", "--port", "18000", "--scenario", "storm");
        assertThat(o.tenants()).isEqualTo(5);
        assertThat(o.port()).isEqualTo(18000);
        assertThat(o.scenario()).isEqualTo("storm");
        assertThat(SimulatorLauncher.Options.parse().tenants()).isEqualTo(3);
        assertThatThrownBy(() -> SimulatorLauncher.Options.parse("--bogus")).hasMessageContaining("usage");
        assertThatThrownBy(() -> SimulatorLauncher.Options.parse("--tenants")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> SimulatorLauncher.Options.parse("--tenants", "0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void launch_printsOneLinePerTenant_thatCurlCanUse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Simulator sim = SimulatorLauncher.launch(SimulatorLauncher.Options.parse("--tenants", "3"),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            List<String> tenantLines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("tenant=")).toList();
            assertThat(tenantLines).hasSize(3);
            Map<String, String> f = fields(tenantLines.get(0));
            assertThat(f).containsKeys("api", "token", "runtime", "clientId", "clientSecret", "user", "password");
            assertThat(f.get("api")).startsWith("http://127.0.0.1:").endsWith("/api/v1");

            JsonNode token = Http.json(Http.post(f.get("token") + "?grant_type=client_credentials",
                    Http.basic(f.get("clientId"), f.get("clientSecret")), null, ""));
            String bearer = "Bearer " + token.get("access_token").asText();
            JsonNode d = Http.json(Http.get(f.get("api") + "/MessageProcessingLogs?$format=json&$top=5&$inlinecount=allpages", bearer)).get("d");
            assertThat(Integer.parseInt(d.get("__count").asText())).isPositive();
            assertThat(Http.get(f.get("runtime"), Http.basic(f.get("user"), f.get("password"))).statusCode()).isEqualTo(200);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("peer=teams url=http://127.0.0.1:", "peer=servicenow", "peer=azure-monitor",
                    "peer=smtp", "admin=http://127.0.0.1:");
            assertThat(sim.pairs()).hasSize(1);
        }
    }

    @Test
    void launch_withScenario_printsItsTimeline() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Simulator sim = SimulatorLauncher.launch(SimulatorLauncher.Options.parse("--scenario", "failover", "--phase-seconds", "60"),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("tenant=prd-weu", "tenant=prd-eus", "scenario=failover at=+PT1M");
            assertThat(sim.activeScenario().phase()).isEqualTo(Duration.ofSeconds(60));
        }
    }
}
