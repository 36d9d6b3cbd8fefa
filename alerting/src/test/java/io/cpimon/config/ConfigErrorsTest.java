package io.cpimon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cpimon.alerting.AlertingCatalogue;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad fixture per kind of error under {@code src/test/resources/bad/}, each with the exact
 * message it must produce: file, line, field path and text. A new error message gets a new row.
 */
class ConfigErrorsTest {

    /** The only variable the bad fixtures may resolve. */
    private static final Map<String, String> ENV = Map.of("HOST", "t1.example.com");

    static Stream<Arguments> badFiles() {
        return Stream.of(
                row("syntax-error", ":5: YAML syntax error at column 10: while parsing a flow mapping at line 4: expected ',' or '}', but got :"),
                row("duplicate-key", ":4: duplicate key 'port' (first defined at line 3)"),
                row("multiple-documents", ":4: the file holds more than one YAML document; cpimon reads exactly one"),
                row("alias", ":18: YAML aliases (*common) are not supported: write the value out"),
                row("root-not-a-map", ":2: expected a map with the sections server, database, retention, tenants, pairs, rules, channels, "
                        + "routes, forwarding; got a list"),
                row("unknown-key", ":10: tenants[0].probe.intervall: unknown key 'intervall' (did you mean 'interval'?)"),
                row("unknown-key-case", ":10: tenants[0].poll.page_size: unknown key 'page_size' (did you mean 'pageSize'?)"),
                row("unknown-key-top", ":2: notifications: unknown key 'notifications' "
                        + "(known keys: server, database, retention, tenants, pairs, rules, channels, routes, forwarding, logging)"),
                row("unknown-key-channel", ":6: channels[0].smtp: unknown key 'smtp' (known keys: name, type, url, format, template, templateFile)"),
                row("type-string-for-number", ":3: server.port: expected an integer, got 'eighty'"),
                row("type-quoted-number", ":3: server.port: expected an integer, got '8080'"),
                row("type-list-for-map", ":10: tenants[0].poll: expected a map, got a list"),
                row("type-map-for-list", ":3: tenants: expected a list, got a map"),
                row("type-map-for-string", ":3: tenants[0].id: expected a string, got a map"),
                row("type-bool", ":4: rules.tenant_down.enabled: expected true or false, got 'yes'"),
                row("type-rules-list", ":3: rules: expected a map, got a list"),
                row("type-item-not-map", ":3: tenants[0]: expected a map, got 't1'"),
                row("type-float-for-int", ":10: tenants[0].poll.pageSize: expected an integer, got 10.5"),
                row("missing-required", ":3: tenants[0].probe: missing required field"),
                row("missing-nested", ":8: tenants[0].api.auth.oauth2.clientSecret: missing required field"),
                row("api-url-missing", ":4: tenants[0].api.url: missing required field: the tenant's OData API"
                        + " base URL, e.g. url: https://<subdomain>.it-cpi018.cfapps.eu10-003.hana.ondemand.com/api/v1"),
                row("empty-required", ":3: tenants[0].id: must not be empty"),
                row("null-required", ":9: tenants[0].probe.url: needs a value"),
                row("bad-pair-mode", ":18: pairs[0].mode: invalid value 'active-standby' (allowed: active-active, active-passive)"),
                row("bad-channel-type", ":3: channels[0].type: invalid value 'discord' "
                        + "(allowed: alertmanager, azure-monitor, email, googlechat, mattermost, servicenow, slack, teams, webhook)"),
                row("bad-role", ":4: server.tokens[0].role: invalid value 'root' (allowed: admin, operator, viewer)"),
                row("bad-teams-format", ":3: channels[0].format: invalid value 'html' (allowed: adaptive, messagecard)"),
                row("bad-probe-method", ":10: tenants[0].probe.method: invalid value 'POST' (allowed: GET, HEAD)"),
                row("bad-severity", ":3: rules.tenant_down.severity: invalid value 'disaster' (allowed: critical, info, warning)"),
                row("duration-bare-number", ":10: tenants[0].probe.interval: invalid duration '10': a number needs a unit (use a unit: 10s)"),
                row("duration-garbage", ":10: tenants[0].poll.interval: invalid duration '10 seconds': "
                        + "expected a number followed by ms, s, m, h, d, w or y, e.g. 10s or 1h30m"),
                row("duration-order", ":2: retention.mpl: invalid duration '30m2h': units must go from the largest to the smallest, each once, e.g. 1h30m"),
                row("duration-zero", ":10: tenants[0].poll.interval: must be longer than 0s"),
                row("tenant-id-invalid", ":3: tenants[0].id: invalid tenant id 'Prod_WEU' "
                        + "(use 1 to 63 lowercase letters, digits and '-', starting with a letter or digit)"),
                row("tenant-id-duplicate", ":10: tenants[1].id: duplicate tenant id 't1' (first at line 3)"),
                row("auth-none", ":6: tenants[0].api.auth: set exactly one of oauth2 and basic"),
                row("auth-both", ":7: tenants[0].api.auth: set only one of oauth2 and basic, not both"),
                row("url-not-http", ":5: tenants[0].api.url: 'ftp://t1.example.com/api/v1' is not an absolute http or https URL"),
                row("url-relative", ":9: tenants[0].probe.url: '/http/health' is not an absolute http or https URL"),
                row("url-secret-invalid", ":3: channels[0].url: is not an absolute http or https URL (not shown: the value is a secret)"),
                row("page-size-range", ":10: tenants[0].poll.pageSize: must be between 1 and 1000 (got 5000)"),
                row("up-status-range", ":10: tenants[0].probe.upStatus[1]: must be between 100 and 599 (got 999)"),
                row("up-status-empty", ":10: tenants[0].probe.upStatus: must list at least one HTTP status code, e.g. [200]"),
                row("body-match-head", ":10: tenants[0].probe.bodyMatch: needs method: GET (a HEAD response has no body)"),
                row("pair-unknown-tenant", ":11: pairs[0].dr: unknown tenant 't9' (tenants: t1)"),
                row("pair-same-tenant", ":11: pairs[0].dr: must be a different tenant than primary"),
                row("pair-tenant-twice", ":26: pairs[1].dr: tenant 't2' is already in pair 'a'; a tenant belongs to at most one pair"),
                row("pair-id-duplicate", ":33: pairs[1].id: duplicate pair id 'prod'"),
                row("pair-action-template", ":24: pairs[0].action.failover.body: is not a valid template: No method or field"
                        + " with name 'target' on line 1 (names: pair, direction, from, to, primary, dr, reason, requestedBy, actionId)"),
                row("pair-action-no-failover", ":22: pairs[0].action.failover: missing required field"),
                row("pair-action-mode", ":22: pairs[0].action.mode: invalid value 'yolo' (allowed: dry-run, live)"),
                row("pair-id-invalid", ":18: pairs[0].id: invalid pair id 'Prod Pair' "
                        + "(use 1 to 63 lowercase letters, digits and '-', starting with a letter or digit)"),
                row("channel-name-duplicate", ":4: channels[1].name: duplicate channel name 'ops'"),
                row("channel-name-invalid", ":3: channels[0].name: invalid channel name 'ops team' "
                        + "(use 1 to 63 letters, digits, '.', '_' and '-', starting with a letter or digit)"),
                row("email-bad-address", ":7: channels[0].to[0]: 'ops.example.com' is not an email address"),
                row("email-no-recipients", ":7: channels[0].to: must list at least one address"),
                row("route-unknown-channel", ":5: routes[0].channels[1]: unknown channel 'pager' (channels: ops)"),
                row("route-no-channels", ":5: routes[0].channels: missing required field"),
                row("route-fallback-unknown", ":5: routes[0].fallback: unknown channel 'pager' (channels: ops)"),
                row("slack-no-target", ":3: channels[0].url: give url (an incoming webhook) or token and channel (chat.postMessage)"),
                row("slack-url-and-token", ":6: channels[0].token: give either url or token, not both"),
                row("slack-token-no-channel", ":5: channels[0].channel: is required with token: the channel to post to"),
                row("template-unknown-name", ":9: channels[0].template: template line 3: no value named 'sumary' in the message model"),
                row("template-unclosed-section", ":7: channels[0].template: template line 1: Section missing close tag 'alerts' @ line 1"),
                row("template-both", ":7: channels[0].templateFile: give either template or templateFile, not both"),
                row("template-file-missing", ":6: channels[0].templateFile: cannot read template file "
                        + "/nonexistent/cpimon/template.mustache: NoSuchFileException"),
                row("template-file-broken", ":6: channels[0].templateFile: src/test/resources/templates/broken.mustache: "
                        + "template line 3: no value named 'sevrity' in the message model"),
                row("servicenow-bad-mode", ":3: channels[0].mode: invalid value 'ticket' (allowed: event, table)"),
                row("tenant-down-failures-window", ":3: rules.tenant_down.failures: must not exceed window (3 > 2)"),
                row("tenant-down-failures-zero", ":3: rules.tenant_down.failures: must be between 1 and 1000 (got 0)"),
                row("port-range", ":3: server.port: must be between 0 and 65535 (got 70000)"),
                row("token-name-duplicate", ":5: server.tokens[1].name: duplicate token name 'ops' (first at line 4)"),
                row("database-url", ":3: database.url: must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/cpimon, "
                        + "or be left out for the embedded database"),
                row("env-missing", ":7: tenants[0].api.auth.basic.password: environment variable CPIMON_TEST_UNSET is not set"),
                row("file-missing", ":7: tenants[0].api.auth.basic.password: cannot read file /nonexistent/cpimon/secret (NoSuchFileException)"),
                row("reference-partial", ":5: tenants[0].api.url: a ${env:NAME} or ${file:PATH} reference must be the whole value"),
                row("reference-empty", ":7: tenants[0].api.auth.basic.user: ${env:} needs a variable name"),
                row("many-errors", ":3: server.port: must be between 0 and 65535 (got -1)",
                        ":5: tenants[0].id: invalid tenant id 'T1' (use 1 to 63 lowercase letters, digits and '-', starting with a letter or digit)",
                        ":8: tenants[0].api.auth: set exactly one of oauth2 and basic",
                        ":11: tenants[0].probe.interval: invalid duration '10': a number needs a unit (use a unit: 10s)",
                        ":12: tenants[0].pol: unknown key 'pol' (did you mean 'poll'?)"));
    }

    /** @param lines each error after the file name, e.g. {@code ":3: server.port: must be …"} */
    private static Arguments row(String fixture, String... lines) {
        return Arguments.argumentSet(fixture, fixture, lines);
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void parse_badFile_reportsPreciseErrors(String fixture, String[] lines) throws Exception {
        String name = fixture + ".yaml";
        String yaml = Files.readString(Fixtures.path("bad/" + name));
        String expected = Arrays.stream(lines).map(line -> name + line).collect(Collectors.joining("\n"));

        try {
            new ConfigLoader(ENV::get, AlertingCatalogue.CONFIG).parse(yaml, name);
            fail(name + " loaded without errors");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(expected);
            assertThat(e.errors()).hasSize(lines.length).allSatisfy(error -> assertThat(error.file()).isEqualTo(name));
        }
    }
}
