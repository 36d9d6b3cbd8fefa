package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cpimon.alerting.AlertingCatalogue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No secret value, nor any value read through a reference, reaches toString, the printer or an error. */
class SecretLeakTest {
    private static final String CANARY = "LEAK-CANARY";

    @Test
    void toString_ofTheWholeTree_showsNoSecret() throws Exception {
        CpimonConfig c = Fixtures.loader().load(Fixtures.path("good/full.yaml"));

        assertThat(c.toString()).doesNotContain(CANARY).contains("<secret>");
        assertThat(c.server().tokens().get(0).token()).hasToString("<secret>");
        // the canaries are really in the tree
        assertThat(c.server().tokens().get(2).token().reveal()).isEqualTo("LEAK-CANARY-inline-token");
    }

    @Test
    void print_ofTheWholeTree_showsNoSecret() throws Exception {
        CpimonConfig c = Fixtures.loader().load(Fixtures.path("good/full.yaml"));

        String text = ConfigPrinter.print(c);

        assertThat(text).doesNotContain(CANARY);
        assertThat(text).contains("token: <secret>  # env:OPS_TOKEN", "token: <secret>  # inline",
                "password: <secret>  # file:secrets/smtp-password", "url: <secret>  # env:HOOK_URL");
    }

    @Test
    void print_jdbcUrlWithPassword_masksIt() throws Exception {
        Map<String, String> env = Map.of("DB", "jdbc:postgresql://db/cpimon?user=a&password=LEAK-CANARY-db&ssl=true");
        CpimonConfig c = new ConfigLoader(env::get, AlertingCatalogue.CONFIG)
                .parse("database: { url: \"${env:DB}\" }", "db.yaml");

        assertThat(ConfigPrinter.print(c)).doesNotContain(CANARY)
                .contains("url: jdbc:postgresql://db/cpimon?user=a&password=<secret>&ssl=true");
    }

    @Test
    void print_chatChannels_showNoSecret() throws Exception {
        Map<String, String> env = Map.of("SLACK_HOOK", "https://hooks.slack.com/services/T1/B1/LEAK-CANARY-slack-hook",
                "SLACK_TOKEN", "xoxb-LEAK-CANARY-slack-token",
                "CHAT_URL", "https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=LEAK-CANARY-chat",
                "MM_URL", "https://mm.example.com/hooks/LEAK-CANARY-mm");
        CpimonConfig c = new ConfigLoader(env::get, AlertingCatalogue.CONFIG).parse("""
                channels:
                  - { name: s1, type: slack, url: "${env:SLACK_HOOK}" }
                  - { name: s2, type: slack, token: "${env:SLACK_TOKEN}", channel: "#ops" }
                  - { name: g, type: googlechat, url: "${env:CHAT_URL}" }
                  - { name: m, type: mattermost, url: "${env:MM_URL}", channel: ops }
                """, "chat.yaml");

        assertThat(ConfigPrinter.print(c)).doesNotContain(CANARY)
                .contains("token: <secret>  # env:SLACK_TOKEN", "url: <secret>  # env:CHAT_URL");
        assertThat(c.toString()).doesNotContain(CANARY);
        assertThat(c.channels()).hasSize(4).allSatisfy(ch -> assertThat(ch.target()).doesNotContain(CANARY));
    }

    @Test
    void print_pairAction_showsNoUrlQueryOrHeaderSecret() throws Exception {
        Map<String, String> env = Map.of("AFD_URL", "https://management.example.com/afd/og?api-version=1&sig=LEAK-CANARY-sig",
                "AFD_TOKEN", "Bearer LEAK-CANARY-afd");
        CpimonConfig c = new ConfigLoader(env::get, AlertingCatalogue.CONFIG).parse("""
                tenants:
                  - { id: t1, api: { url: "https://t1.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t1.example.com/http/health" } }
                  - { id: t2, api: { url: "https://t2.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                      probe: { url: "https://t2.example.com/http/health" } }
                pairs:
                  - id: prod
                    primary: t1
                    dr: t2
                    action:
                      failover: { url: "${env:AFD_URL}", headers: { Authorization: "${env:AFD_TOKEN}" }, body: '{"to": "{{to}}"}' }
                """, "action.yaml");

        assertThat(ConfigPrinter.print(c)).doesNotContain(CANARY)
                .contains("url: <secret>  # env:AFD_URL", "Authorization: <secret>  # env:AFD_TOKEN", "mode: dry-run");
        assertThat(c.toString()).doesNotContain(CANARY);
        assertThat(c.pairs().getFirst().action().failover().target()).isEqualTo("https://management.example.com/afd/og");
    }

    /** Each row puts a secret where it makes an error; the error must not show it. */
    static Stream<Arguments> leakyErrors() {
        return Stream.of(
                row("teams url that is not a URL", "channels: [ { name: a, type: teams, url: LEAK-CANARY-1 } ]"),
                row("teams url from env that is not a URL", "channels: [ { name: a, type: teams, url: \"${env:SECRET}\" } ]"),
                row("slack url that is not a URL", "channels: [ { name: a, type: slack, url: LEAK-CANARY-2 } ]"),
                row("slack token beside a url", "channels: [ { name: a, type: slack, url: \"${env:SECRET}\", token: LEAK-CANARY-3 } ]"),
                row("google chat url from env that is not a URL", "channels: [ { name: a, type: googlechat, url: \"${env:SECRET}\" } ]"),
                row("mattermost url that is not a URL", "channels: [ { name: a, type: mattermost, url: LEAK-CANARY-4 } ]"),
                row("webhook url with a bad character", "channels: [ { name: a, type: webhook, url: \"https://x/LEAK CANARY|\" } ]"),
                row("integer from env", "server: { port: \"${env:SECRET}\" }"),
                row("boolean from env", "rules: { tenant_down: { enabled: \"${env:SECRET}\" } }"),
                row("duration from env", "retention: { mpl: \"${env:SECRET}\" }"),
                row("url from env", "tenants: [ { id: a, api: { url: \"${env:SECRET}\" } } ]"),
                row("tenant id from env", "tenants: [ { id: \"${env:SECRET}\" } ]"),
                row("enum from env", "pairs: [ { id: p, primary: a, dr: b, mode: \"${env:SECRET}\" } ]"),
                row("jdbc url", "database: { url: \"LEAK-CANARY-jdbc\" }"),
                row("empty token", "server: { tokens: [ { name: a, role: admin, token: \"${env:EMPTY}\" } ] }"),
                row("reference inside a value", "database: { password: \"LEAK-CANARY-${env:SECRET}\" }"),
                row("list where a secret is expected", "database: { password: [LEAK-CANARY-in-a-list] }"),
                row("misspelt key of a secret", "database: { pasword: LEAK-CANARY-typo }"),
                row("syntax error next to a secret", "database: { password: LEAK-CANARY-syntax: x }\n"),
                row("syntax error on a secret line", "database:\n  password: LEAK-CANARY-tab\n\t user: x\n"));
    }

    private static Arguments row(String name, String yaml) {
        return Arguments.argumentSet(name, yaml);
    }

    @ParameterizedTest
    @MethodSource("leakyErrors")
    void errors_neverShowTheSecret(String yaml) {
        Map<String, String> env = new HashMap<>(Map.of("SECRET", "LEAK-CANARY-env value", "EMPTY", ""));
        try {
            new ConfigLoader(env::get, AlertingCatalogue.CONFIG).parse(yaml, "leak.yaml");
            fail("expected errors");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain("LEAK CANARY");
            List<String> fields = e.errors().stream().map(ConfigError::toString).toList();
            assertThat(fields).noneMatch(s -> s.contains(CANARY));
        }
    }
}
