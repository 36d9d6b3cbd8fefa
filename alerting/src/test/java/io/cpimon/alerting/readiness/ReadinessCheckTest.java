package io.cpimon.alerting.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.PairMode;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.ReadinessAck;
import io.cpimon.db.RuleQueries.Artifact;
import io.cpimon.db.RuleQueries.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ReadinessCheck}: one row per finding kind and per boundary, starting from a healthy pair. */
class ReadinessCheckTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Duration WINDOW = Duration.ofDays(30);
    static final PairConfig PAIR = new PairConfig("prod", "weu", "eus", PairMode.ACTIVE_ACTIVE, null,
            Duration.ofMinutes(10));

    /** Both tenants with the same artifacts, keystore and content: nothing to find. */
    static final class Landscape {
        final List<Artifact> artifacts = new ArrayList<>();
        final List<Certificate> certificates = new ArrayList<>();
        final List<ContentRow> content = new ArrayList<>();
        final Map<String, Set<Kind>> read = Map.of("weu", EnumSet.allOf(Kind.class), "eus", EnumSet.allOf(Kind.class));
        final List<ReadinessAck> acks = new ArrayList<>();

        Landscape() {
            for (String t : List.of("weu", "eus")) {
                artifacts.add(new Artifact(t, "Orders", "Orders", "1.2.0", "STARTED", null));
                certificates.add(new Certificate(t, "partner_wms", "Certificate", NOW.plus(Duration.ofDays(200))));
                certificates.add(new Certificate(t, "sap_cloudintegrationcertificate", "KeyPair",
                        NOW.plus(Duration.ofDays(t.equals("weu") ? 100 : 160))));
                content.add(row(t, Kind.USER_CREDENTIAL, "SFTP_WMS", "", null));
                content.add(row(t, Kind.OAUTH2_CLIENT, "SALESFORCE", "", null));
                content.add(row(t, Kind.SECURE_PARAMETER, "HMAC_KEY", "", null));
                content.add(row(t, Kind.NUMBER_RANGE, "INVOICE_NO", "", null));
                content.add(row(t, Kind.VARIABLE, "LocationId", "", NOW.plus(Duration.ofDays(300))));
                content.add(row(t, Kind.STRING_PARAMETER, "ReceiverAddress", "WMS_EU", null));
                content.add(row(t, Kind.STRING_PARAMETER, "ReceiverAddress", "WMS_US", null));
                content.add(row(t, Kind.BINARY_PARAMETER, "OrderMapping", "WMS_EU", null));
            }
        }

        ReadinessCheck.Inputs inputs() {
            return new ReadinessCheck.Inputs(artifacts, certificates, content, read, acks);
        }

        void remove(String tenant, Kind kind, String name) {
            content.removeIf(r -> r.tenantId().equals(tenant) && r.kind() == kind && r.name().equals(name));
        }

        void remove(String tenant, Kind kind, String name, String scope) {
            content.removeIf(r -> r.tenantId().equals(tenant) && r.kind() == kind && r.name().equals(name)
                    && r.scope().equals(scope));
        }
    }

    static ContentRow row(String tenant, Kind kind, String name, String scope, Instant expires) {
        return new ContentRow(tenant, kind, name, scope, kind == Kind.VARIABLE ? (scope.isEmpty() ? "Global" : "Local")
                : null, NOW.minus(Duration.ofDays(1)), expires, NOW);
    }

    static Arguments row(String name, Consumer<Landscape> change, String key, String tenant, int score) {
        return Arguments.of(Named.of(name, change), key, tenant, score);
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                row("artifact missing on DR", l -> {
                    l.artifacts.removeIf(a -> a.tenantId().equals("eus"));
                    l.artifacts.add(new Artifact("eus", "Other", "Other", "1", "STARTED", null));
                }, "artifact_missing:Orders", "eus", 80),
                row("artifact in ERROR on DR", l -> {
                    l.artifacts.removeIf(a -> a.tenantId().equals("eus"));
                    l.artifacts.add(new Artifact("eus", "Orders", "Orders", "1.2.0", "ERROR", "boom"));
                    l.artifacts.add(new Artifact("eus", "Other", "Other", "1", "STARTED", null));
                }, "artifact_error:Orders", "eus", 80),
                row("artifact at another version on DR", l -> {
                    l.artifacts.removeIf(a -> a.tenantId().equals("eus"));
                    l.artifacts.add(new Artifact("eus", "Orders", "Orders", "1.1.0", "STARTED", null));
                }, "artifact_version:Orders", "eus", 90),
                row("user credential missing on DR", l -> l.remove("eus", Kind.USER_CREDENTIAL, "SFTP_WMS"),
                        "user_credential_missing:SFTP_WMS", "eus", 80),
                row("OAuth2 client missing on DR", l -> l.remove("eus", Kind.OAUTH2_CLIENT, "SALESFORCE"),
                        "oauth2_client_missing:SALESFORCE", "eus", 80),
                row("secure parameter missing on DR", l -> l.remove("eus", Kind.SECURE_PARAMETER, "HMAC_KEY"),
                        "secure_parameter_missing:HMAC_KEY", "eus", 80),
                row("number range missing on DR", l -> l.remove("eus", Kind.NUMBER_RANGE, "INVOICE_NO"),
                        "number_range_missing:INVOICE_NO", "eus", 95),
                row("partner string parameter missing on DR (same id kept for another partner)",
                        l -> l.remove("eus", Kind.STRING_PARAMETER, "ReceiverAddress", "WMS_EU"),
                        "string_parameter_missing:ReceiverAddress@WMS_EU", "eus", 90),
                row("partner binary parameter missing on DR",
                        l -> l.remove("eus", Kind.BINARY_PARAMETER, "OrderMapping", "WMS_EU"),
                        "binary_parameter_missing:OrderMapping@WMS_EU", "eus", 90),
                row("keystore entry missing on DR", l -> {
                    l.certificates.removeIf(c -> c.tenantId().equals("eus") && c.alias().equals("partner_wms"));
                    l.certificates.add(new Certificate("eus", "root", "Certificate", NOW.plus(Duration.ofDays(900))));
                }, "keystore_missing:partner_wms", "eus", 80),
                row("keystore entry expires sooner on DR", l -> replaceCert(l, "eus", NOW.plus(Duration.ofDays(20))),
                        "keystore_expires_sooner:partner_wms", "eus", 90),
                row("keystore entry expires sooner on the primary", l -> replaceCert(l, "weu", NOW.plus(Duration.ofDays(20))),
                        "keystore_expires_sooner:partner_wms", "weu", 90),
                row("global variable missing on DR", l -> l.remove("eus", Kind.VARIABLE, "LocationId"),
                        "variable_missing:LocationId", "eus", 85),
                row("global variable missing on the primary", l -> l.remove("weu", Kind.VARIABLE, "LocationId"),
                        "variable_missing:LocationId", "weu", 85),
                row("global variable expires in 20 days on DR", l -> {
                    l.remove("eus", Kind.VARIABLE, "LocationId");
                    l.content.add(row("eus", Kind.VARIABLE, "LocationId", "", NOW.plus(Duration.ofDays(20))));
                }, "variable_expiring:eus:LocationId", "eus", 90),
                row("local variable already past RetainUntil", l -> l.content.add(row("weu", Kind.VARIABLE, "lastRun",
                        "Orders", NOW.minusSeconds(60))), "variable_expiring:weu:lastRun@Orders", "weu", 90));
    }

    static void replaceCert(Landscape l, String tenant, Instant notAfter) {
        l.certificates.removeIf(c -> c.tenantId().equals(tenant) && c.alias().equals("partner_wms"));
        l.certificates.add(new Certificate(tenant, "partner_wms", "Certificate", notAfter));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void evaluate_oneDifference_oneExplainedFinding(Consumer<Landscape> change, String key, String tenant, int score) {
        Landscape l = new Landscape();
        change.accept(l);

        Readiness r = ReadinessCheck.evaluate(PAIR, l.inputs(), NOW, WINDOW);

        assertThat(r.findings()).extracting(Finding::key).containsExactly(key);
        Finding f = r.findings().getFirst();
        assertThat(f.tenant()).isEqualTo(tenant);
        assertThat(f.explanation()).contains(f.subject().replaceAll("@.*", "")).contains(tenant);
        assertThat(r.score()).isEqualTo(score);
        assertThat(r.ready()).isFalse();
    }

    @Test
    void evaluate_healthyPair_noFindingScore100_andSapOwnKeysNotCompared() {
        Readiness r = ReadinessCheck.evaluate(PAIR, new Landscape().inputs(), NOW, WINDOW);

        assertThat(r.findings()).isEmpty();
        assertThat(r.notCompared()).isEmpty();
        assertThat(r.score()).isEqualTo(100);
        assertThat(r.ready()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            local variable only on the primary (its iFlow never ran on DR) | weu
            local variable only on DR                                       | eus
            """)
    void evaluate_localVariableOnOneSide_notAFinding(String name, String tenant) {
        Landscape l = new Landscape();
        l.content.add(row(tenant, Kind.VARIABLE, "lastDeltaRun", "Orders", NOW.plus(Duration.ofDays(300))));

        assertThat(ReadinessCheck.evaluate(PAIR, l.inputs(), NOW, WINDOW).findings()).as(name).isEmpty();
    }

    @Test
    void evaluate_partnerParametersOnlyOnDr_notAFinding_andTheExplanationNamesThePartner() {
        Landscape l = new Landscape();
        l.content.add(row("eus", Kind.STRING_PARAMETER, "TestOnly", "WMS_EU", null));
        l.content.add(row("eus", Kind.BINARY_PARAMETER, "OrderMapping", "WMS_US", null));
        assertThat(ReadinessCheck.evaluate(PAIR, l.inputs(), NOW, WINDOW).findings()).isEmpty();

        l.remove("eus", Kind.STRING_PARAMETER, "ReceiverAddress", "WMS_US");
        Finding f = ReadinessCheck.evaluate(PAIR, l.inputs(), NOW, WINDOW).findings().getFirst();
        assertThat(f.explanation()).isEqualTo("Partner directory string parameter ReceiverAddress of partner WMS_US"
                + " exists on weu but not on eus: iFlows that read it for this partner fail there after a failover.");
    }

    @Test
    void evaluate_acknowledgedFinding_listedWithItsAckButCostsNothing() {
        Landscape l = new Landscape();
        l.remove("eus", Kind.NUMBER_RANGE, "INVOICE_NO");
        l.remove("eus", Kind.USER_CREDENTIAL, "SFTP_WMS");
        ReadinessAck ack = new ReadinessAck("prod", "number_range_missing:INVOICE_NO", "DR numbers its own", "ops", NOW);
        l.acks.add(ack);
        l.acks.add(new ReadinessAck("other", "user_credential_missing:SFTP_WMS", "another pair's", "ops", NOW));

        Readiness r = ReadinessCheck.evaluate(PAIR, l.inputs(), NOW, WINDOW);

        assertThat(r.findings()).extracting(Finding::key, Finding::ack).containsExactly(
                tuple("user_credential_missing:SFTP_WMS", null),
                tuple("number_range_missing:INVOICE_NO", ack));
        assertThat(r.score()).isEqualTo(80);
        assertThat(r.open()).extracting(Finding::key).containsExactly("user_credential_missing:SFTP_WMS");
    }

    @Test
    void evaluate_secureParametersNotReadableOnDr_notComparedAndSaidSo() {
        Landscape l = new Landscape();
        l.remove("eus", Kind.SECURE_PARAMETER, "HMAC_KEY");
        ReadinessCheck.Inputs in = new ReadinessCheck.Inputs(l.artifacts, l.certificates, l.content, Map.of(
                "weu", EnumSet.allOf(Kind.class), "eus", EnumSet.complementOf(EnumSet.of(Kind.SECURE_PARAMETER))), l.acks);

        Readiness r = ReadinessCheck.evaluate(PAIR, in, NOW, WINDOW);

        assertThat(r.findings()).isEmpty();
        assertThat(r.notCompared()).singleElement().asString().contains("secure parameters").contains("eus");
    }

    @Test
    void evaluate_manyFindings_scoreFloorsAtZero() {
        Landscape l = new Landscape();
        l.content.removeIf(c -> c.tenantId().equals("eus"));
        l.artifacts.removeIf(a -> a.tenantId().equals("eus"));
        l.artifacts.add(new Artifact("eus", "Other", "Other", "1", "STARTED", null));
        l.certificates.removeIf(c -> c.tenantId().equals("eus") && c.alias().equals("partner_wms"));
        l.certificates.add(new Certificate("eus", "root", "Certificate", NOW.plus(Duration.ofDays(900))));

        Readiness r = ReadinessCheck.evaluate(PAIR, l.inputs(), NOW, WINDOW);

        assertThat(r.findings()).hasSize(10);
        assertThat(r.score()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            DR one day sooner        | 0  | -86400 | second
            DR less than a day sooner| 0  | -86399 | null
            primary two days sooner  | 0  | 172800 | first
            same instant             | 0  | 0      | null
            """)
    void expiresSooner_row_expected(String name, long first, long second, String expected) {
        assertThat(ReadinessCheck.expiresSooner(NOW.plusSeconds(first), NOW.plusSeconds(second))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            exactly 20 days              | 1728000 | 20
            a second short of 20 days    | 1727999 | 20
            a second over 19 days        | 1641601 | 20
            one second left              | 1       | 1
            now                          | 0       | 0
            passed                       | -90000  | 0
            """)
    void daysLeft_row_expected(String name, long inSeconds, long expected) {
        assertThat(ReadinessCheck.daysLeft(NOW, NOW.plusSeconds(inSeconds))).as(name).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            20 days left, window 30          | 1728000  | true
            exactly at the window's end      | 2592000  | false
            one second inside                | 2591999  | true
            already passed                   | -1       | true
            no RetainUntil                   | null     | false
            """)
    void expiresWithin_row_expected(String name, Long inSeconds, boolean expected) {
        Instant retain = inSeconds == null ? null : NOW.plusSeconds(inSeconds);
        assertThat(ReadinessCheck.expiresWithin(retain, NOW, NOW.plus(WINDOW))).isEqualTo(expected);
    }
}
