package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.channels.AlertmanagerChannelConfig;
import io.cpimon.alerting.channels.AzureMonitorChannelConfig;
import io.cpimon.alerting.channels.EmailChannelConfig;
import io.cpimon.alerting.channels.ServiceNowChannelConfig;
import io.cpimon.alerting.channels.ServiceNowMode;
import io.cpimon.alerting.channels.TeamsChannelConfig;
import io.cpimon.alerting.channels.TeamsFormat;
import io.cpimon.alerting.channels.WebhookChannelConfig;
import io.cpimon.alerting.rules.TenantDownConfig;
import io.cpimon.alerting.rules.TenantDownRule;
import io.cpimon.config.CpimonConfig.ApiConfig;
import io.cpimon.config.CpimonConfig.AuthConfig;
import io.cpimon.config.CpimonConfig.BasicAuthConfig;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.PairMode;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.ProbeConfig;
import io.cpimon.config.CpimonConfig.RetentionConfig;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.RouteConfig;
import io.cpimon.config.CpimonConfig.ServerConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void load_fullFile_readsEveryValue() throws Exception {
        CpimonConfig c = Fixtures.loader().load(Fixtures.path("good/full.yaml"));

        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(9090);
        assertThat(c.server().tokens()).extracting(t -> t.name() + "/" + t.role() + "/" + t.token().source())
                .containsExactly("ops/OPERATOR/env:OPS_TOKEN", "boss/ADMIN/env:ADMIN_TOKEN", "wall/VIEWER/inline");
        assertThat(c.server().tokens().get(0).token().reveal()).isEqualTo("LEAK-CANARY-ops-token");

        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db.example.com:5432/cpimon");
        assertThat(c.database().embedded()).isFalse();
        assertThat(c.database().user()).isEqualTo("cpimon");
        assertThat(c.database().password().reveal()).isEqualTo("LEAK-CANARY-pg");
        assertThat(c.database().embeddedDir()).isEqualTo("./data/pg");
        assertThat(c.database().poolSize()).isEqualTo(20);
        assertThat(c.retention()).isEqualTo(new RetentionConfig(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(365)));

        assertThat(c.tenants()).extracting(TenantConfig::id).containsExactly("prod-weu", "prod-eus", "dev");
        TenantConfig weu = c.tenant("prod-weu").orElseThrow();
        assertThat(weu.name()).isEqualTo("Production West Europe");
        assertThat(weu.api().url()).isEqualTo(URI.create("https://prod-weu.example.com/api/v1"));
        assertThat(weu.api().timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(weu.api().auth().basic()).isNull();
        assertThat(weu.api().auth().oauth2().tokenUrl()).isEqualTo(URI.create("https://prod-weu.auth.example.com/oauth/token"));
        assertThat(weu.api().auth().oauth2().clientId()).isEqualTo("weu-client");
        assertThat(weu.api().auth().oauth2().clientSecret().reveal()).isEqualTo("LEAK-CANARY-weu-secret");
        assertThat(weu.probe()).isEqualTo(new ProbeConfig(URI.create("https://prod-weu-rt.example.com/http/health"), "GET",
                Duration.ofMillis(1500), Duration.ofSeconds(1), Set.of(200, 204),
                new BasicAuthConfig("probe", Secret.of("LEAK-CANARY-probe")), "\"status\":\"UP\""));
        assertThat(weu.poll()).isEqualTo(new PollConfig(Duration.ofMinutes(1), Duration.ZERO, 500, Duration.ofMinutes(90)));
        assertThat(weu.labels()).containsExactly(Map.entry("landscape", "prod"), Map.entry("region", "westeurope"));

        TenantConfig eus = c.tenant("prod-eus").orElseThrow();
        assertThat(eus.name()).isEqualTo("prod-eus");
        assertThat(eus.api().auth().oauth2()).isNull();
        assertThat(eus.api().auth().basic().user()).isEqualTo("eus-user");
        assertThat(eus.api().auth().basic().password().source()).isEqualTo("env:EUS_PASSWORD");
        assertThat(c.tenant("dev").orElseThrow().probe().method()).isEqualTo("HEAD");

        assertThat(c.pairs()).containsExactly(new PairConfig("prod", "prod-weu", "prod-eus", PairMode.ACTIVE_PASSIVE,
                "SAP_ApplicationID", Duration.ofHours(12)));
        assertThat(c.pairOf("prod-eus")).map(PairConfig::id).hasValue("prod");
        assertThat(c.pairOf("dev")).isEmpty();

        assertThat(c.rules().evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.rules().get(TenantDownRule.DEFINITION)).isEqualTo(new TenantDownConfig(
                false, 2, 3, Duration.ofSeconds(30), Duration.ofMinutes(2), "warning"));

        assertThat(c.channels()).extracting(ChannelConfig::type)
                .containsExactly("teams", "email", "servicenow", "azure-monitor", "webhook");
        TeamsChannelConfig teams = (TeamsChannelConfig) c.channel("ops-teams").orElseThrow();
        assertThat(teams.format()).isEqualTo(TeamsFormat.MESSAGECARD);
        assertThat(teams.url().reveal()).endsWith("sig=LEAK-CANARY-sig");
        EmailChannelConfig mail = (EmailChannelConfig) c.channel("ops-mail").orElseThrow();
        assertThat(mail.smtp().host()).isEqualTo("smtp.example.com");
        assertThat(mail.smtp().port()).isEqualTo(465);
        assertThat(mail.smtp().starttls()).isFalse();
        assertThat(mail.smtp().user()).isEqualTo("alerts");
        assertThat(mail.from()).isEqualTo("cpimon@example.com");
        assertThat(mail.to()).containsExactly("ops@example.com", "oncall@example.com");
        ServiceNowChannelConfig snow = (ServiceNowChannelConfig) c.channel("snow").orElseThrow();
        assertThat(snow.url()).isEqualTo(URI.create("https://example.service-now.com"));
        assertThat(snow.assignmentGroup()).isEqualTo("Integration Ops");
        assertThat(snow.password().reveal()).isEqualTo("LEAK-CANARY-snow");
        AzureMonitorChannelConfig az = (AzureMonitorChannelConfig) c.channel("azmon").orElseThrow();
        assertThat(az.ruleId()).isEqualTo("dcr-0123456789abcdef");
        assertThat(az.stream()).isEqualTo("Custom-CpimonAlerts_CL");
        assertThat(az.credential().tenantId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(az.credential().clientId()).isEqualTo("az-client");
        assertThat(az.credential().clientSecret().reveal()).isEqualTo("LEAK-CANARY-az");
        assertThat(az.credential().authorityHost()).isNull();
        WebhookChannelConfig hook = (WebhookChannelConfig) c.channel("hook").orElseThrow();
        assertThat(hook.auth()).isEqualTo(new BasicAuthConfig("cpimon", Secret.of("LEAK-CANARY-hook")));

        assertThat(c.routes()).containsExactly(
                new RouteConfig(Map.of("severity", "critical", "landscape", "prod"), List.of("ops-teams", "snow"),
                        List.of("pair", "rule"), Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), true),
                new RouteConfig(Map.of(), List.of("ops-mail", "azmon", "hook"), List.of("rule", "tenant"),
                        Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(4), false));
    }

    @Test
    void load_minimalFile_appliesEveryDefault() throws Exception {
        CpimonConfig c = Fixtures.loader().load(Fixtures.path("good/minimal.yaml"));

        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 8080, List.of()));
        assertThat(c.database()).isEqualTo(new DatabaseConfig(null, null, null, "./data/pg", 10));
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.retention()).isEqualTo(new RetentionConfig(Duration.ofDays(90), Duration.ofDays(14), Duration.ofDays(365)));
        assertThat(c.tenants()).containsExactly(new TenantConfig("t1", "t1",
                new ApiConfig(URI.create("https://t1.example.com/api/v1"),
                        new AuthConfig(null, new BasicAuthConfig("u", Secret.of("p"))), Duration.ofSeconds(30)),
                new ProbeConfig(URI.create("https://t1.example.com/http/health"), "HEAD", Duration.ofSeconds(10),
                        Duration.ofSeconds(5), Set.of(200, 401), null, null),
                new PollConfig(Duration.ofSeconds(30), Duration.ofMinutes(5), 1000, Duration.ofHours(1)),
                Map.of()));
        assertThat(c.pairs()).isEmpty();
        assertThat(c.rules()).isEqualTo(ConfigDefaults.rules());
        assertThat(c.rules().get(TenantDownRule.DEFINITION)).isEqualTo(new TenantDownConfig(
                true, 2, 2, Duration.ZERO, Duration.ZERO, "critical"));
        assertThat(((TeamsChannelConfig) c.channel("b").orElseThrow()).format()).isEqualTo(TeamsFormat.ADAPTIVE);
        assertThat(c.routes()).as("no routes given: one route to every channel").containsExactly(
                new RouteConfig(Map.of(), List.of("a", "b"), List.of("rule", "tenant"),
                        Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(4), false));
    }

    @Test
    void parse_emptyFile_isValidWithDefaultsAndNoTenants() throws Exception {
        CpimonConfig c = Fixtures.loader().parse("# nothing yet\n", "empty.yaml");

        assertThat(c.tenants()).isEmpty();
        assertThat(c.channels()).isEmpty();
        assertThat(c.routes()).isEmpty();
        assertThat(c.server().port()).isEqualTo(8080);
    }

    @Test
    void load_exampleFile_loadsWithTheVariablesItNames() throws Exception {
        Path example = Path.of("..", "src", "cpimon.example.yaml");
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("CPIMON_OPS_TOKEN", "CPIMON_ADMIN_TOKEN", "PGPASSWORD", "WEU_CLIENT_ID",
                "WEU_CLIENT_SECRET", "EUS_CLIENT_ID", "EUS_CLIENT_SECRET", "EUS_PROBE_ID", "EUS_PROBE_SECRET",
                "DEV_USER", "DEV_PASSWORD", "HOOK_PASSWORD")) {
            env.put(name, "value-of-" + name);
        }
        env.put("TEAMS_WEBHOOK", "https://prod.westeurope.logic.azure.com/workflows/1/triggers/manual?sig=x");

        CpimonConfig c = new ConfigLoader(env::get, AlertingCatalogue.CONFIG).load(example);

        assertThat(c.tenants()).extracting(TenantConfig::id).containsExactly("prod-weu", "prod-eus", "dev");
        assertThat(c.tenant("prod-weu").orElseThrow().api().auth().oauth2()).isNotNull();
        assertThat(c.tenant("dev").orElseThrow().api().auth().basic()).isNotNull();
        assertThat(c.pairs()).extracting(PairConfig::mode).containsExactly(PairMode.ACTIVE_ACTIVE);
        assertThat(c.channels()).extracting(ChannelConfig::type).containsExactly("teams", "webhook");
        assertThat(c.routes()).hasSize(2);
        assertThat(c.server().tokens()).extracting(CpimonConfig.TokenConfig::role).containsExactly(Role.OPERATOR, Role.ADMIN);

        // the header comment lists exactly the variables the file reads
        ConfigException missing = null;
        try {
            new ConfigLoader(name -> null, AlertingCatalogue.CONFIG).load(example);
        } catch (ConfigException e) {
            missing = e;
        }
        assertThat(missing).isNotNull();
        Set<String> named = new TreeSet<>();
        for (ConfigError error : missing.errors()) {
            named.add(error.message().replaceAll("environment variable (\\S+) is not set", "$1"));
        }
        assertThat(named).isEqualTo(new TreeSet<>(env.keySet()));
    }

    @Test
    void load_secretFromFile_trimsOneTrailingNewlineAndResolvesRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("crlf"), "crlf-secret\r\n");
        Files.writeString(dir.resolve("two"), "two-newlines\n\n");
        Files.writeString(dir.resolve("none"), "no-newline");
        Path file = dir.resolve("cpimon.yaml");
        Files.writeString(file, """
                server:
                  tokens:
                    - { name: a, role: viewer, token: "${file:crlf}" }
                    - { name: b, role: viewer, token: "${file:two}" }
                    - { name: c, role: viewer, token: "${file:%s}" }
                """.formatted(dir.resolve("none")));

        CpimonConfig c = new ConfigLoader(name -> null, AlertingCatalogue.CONFIG).load(file);

        assertThat(c.server().tokens()).extracting(t -> t.token().reveal())
                .containsExactly("crlf-secret", "two-newlines\n", "no-newline");
        assertThat(c.server().tokens().get(0).token().source()).isEqualTo("file:crlf");
    }

    @Test
    void parse_envReferenceInNonSecretFields_isResolved() throws Exception {
        Map<String, String> env = Map.of("PORT", "9443", "CLIENT_ID", "the-client", "HOST", "10.0.0.1", "TLS", "true");
        CpimonConfig c = new ConfigLoader(env::get, AlertingCatalogue.CONFIG).parse("""
                server: { host: "${env:HOST}", port: "${env:PORT}" }
                tenants:
                  - id: t1
                    api:
                      url: https://t1.example.com/api/v1
                      auth: { oauth2: { tokenUrl: https://a.example.com/t, clientId: "${env:CLIENT_ID}", clientSecret: s } }
                    probe: { url: https://t1.example.com/h }
                channels:
                  - { name: m, type: email, smtp: { host: h, starttls: "${env:TLS}" }, from: a@b, to: [c@d] }
                """, "env.yaml");

        assertThat(c.server().host()).isEqualTo("10.0.0.1");
        assertThat(c.server().port()).isEqualTo(9443);
        assertThat(c.tenants().get(0).api().auth().oauth2().clientId()).isEqualTo("the-client");
        assertThat(((EmailChannelConfig) c.channels().get(0)).smtp().starttls()).isTrue();
    }

    @Test
    void parse_notificationOptions_alertmanagerServiceNowModeRouteFallbackAndFirstAtOnce() throws Exception {
        CpimonConfig c = new ConfigLoader(Map.<String, String>of()::get, AlertingCatalogue.CONFIG).parse("""
                channels:
                  - { name: am, type: alertmanager, url: "http://am.example:9093" }
                  - { name: snow, type: servicenow, url: "https://x.service-now.com", user: u, password: p, mode: event,
                      closeCode: Workaround provided, closeNotes: Cleared }
                  - { name: snow2, type: servicenow, url: "https://x.service-now.com", user: u, password: p }
                routes:
                  - { channels: [snow], fallback: am, firstAtOnce: [critical, warning] }
                  - { channels: [am] }
                """, "notify.yaml");

        assertThat(c.channel("am").orElseThrow()).isInstanceOf(AlertmanagerChannelConfig.class);
        ServiceNowChannelConfig snow = (ServiceNowChannelConfig) c.channel("snow").orElseThrow();
        assertThat(snow.mode()).isEqualTo(ServiceNowMode.EVENT);
        assertThat(snow.closeCode()).isEqualTo("Workaround provided");
        assertThat(snow.closeNotes()).isEqualTo("Cleared");
        ServiceNowChannelConfig snow2 = (ServiceNowChannelConfig) c.channel("snow2").orElseThrow();
        assertThat(snow2.mode()).isEqualTo(ServiceNowMode.TABLE);
        assertThat(snow2.closeCode()).isEqualTo("Solution provided");
        assertThat(c.routes().get(0).fallback()).isEqualTo("am");
        assertThat(c.routes().get(0).firstAtOnce()).containsExactly("critical", "warning");
        assertThat(c.routes().get(1).fallback()).isNull();
        assertThat(c.routes().get(1).firstAtOnce()).containsExactly("critical");
    }

    @Test
    void parse_yamlSpellingsOfNumbersAndBooleans_areRead() throws Exception {
        CpimonConfig c = new ConfigLoader(name -> null, AlertingCatalogue.CONFIG).parse("""
                server: { port: 0x1F90 }
                database: { poolSize: 1_0 }
                rules: { tenant_down: { enabled: off } }
                """, "yaml11.yaml");

        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.database().poolSize()).isEqualTo(10);
        assertThat(c.rules().get(TenantDownRule.DEFINITION).enabled()).isFalse();
    }

    @Test
    void load_missingFile_saysNotFound() {
        Path file = Path.of("does", "not", "exist.yaml");

        assertThatThrownBy(() -> Fixtures.loader().load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": file not found");
    }

    @Test
    void load_invalidFile_errorsNameThePathAsGiven() throws Exception {
        Path file = Fixtures.path("bad/port-range.yaml");

        assertThatThrownBy(() -> Fixtures.loader().load(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).containsExactly(
                        new ConfigError(file.toString(), 3, "server.port", "must be between 0 and 65535 (got 70000)")));
    }

    @Test
    void fromEnvironment_readsTheProcessEnvironment() throws Exception {
        String name = System.getenv().keySet().stream().filter(k -> k.matches("[A-Za-z_][A-Za-z0-9_]*")).findFirst().orElseThrow();

        CpimonConfig c = ConfigLoader.fromEnvironment(AlertingCatalogue.CONFIG).parse("database: { password: \"${env:" + name + "}\" }", "env.yaml");

        assertThat(c.database().password().reveal()).isEqualTo(System.getenv(name));
    }
}
