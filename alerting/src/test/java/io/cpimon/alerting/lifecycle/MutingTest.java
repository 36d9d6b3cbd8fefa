package io.cpimon.alerting.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.config.ConfigDefaults;
import io.cpimon.config.InhibitConfig;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.Silence;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label matchers, silences and inhibition (Alertmanager semantics), as tables. */
class MutingTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    /** "a=1,b=2" → labels; "-" → none */
    static Map<String, String> labels(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!s.equals("-")) {
            for (String kv : s.split(",")) {
                String[] p = kv.split("=", 2);
                m.put(p[0].strip(), p[1].strip());
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            equal matches                        ; tenant="t1"            ; rule=x,tenant=t1 ; true
            equal does not match other value     ; tenant="t1"            ; rule=x,tenant=t2 ; false
            equal empty matches absent label     ; iflow=""               ; rule=x           ; true
            not-equal matches other value        ; tenant!="t1"           ; rule=x,tenant=t2 ; true
            not-equal matches absent label       ; tenant!="t1"           ; rule=x           ; true
            regex is anchored                    ; tenant=~"t"            ; rule=x,tenant=t1 ; false
            regex alternative                    ; rule=~"a|b"            ; rule=b           ; true
            regex partial needs .*               ; tenant=~"prd-.*"       ; tenant=prd-weu   ; true
            negative regex                       ; rule!~"tenant_.*"      ; rule=tenant_down ; false
            negative regex other                 ; rule!~"tenant_.*"      ; rule=cert_expiry ; true
            quotes optional                      ; tenant=t1              ; tenant=t1        ; true
            """)
    void matcher_row_expected(String name, String matcher, String labels, boolean matches) {
        assertThat(LabelMatcher.parse(matcher).matches(labels(labels))).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            doubled equals             ; tenant==dev
            not-equal then equals      ; tenant!==dev
            tilde after equals         ; tenant=~~dev
            unbalanced quote           ; tenant="dev
            quote inside the value     ; tenant="d"ev"
            """)
    void matcher_malformed_refused(String name, String matcher) {
        assertThatThrownBy(() -> LabelMatcher.parse(matcher)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid matcher");
    }

    static Silence silence(long id, long startOffset, long endOffset, String... matchers) {
        return new Silence(id, Arrays.stream(matchers).map(LabelMatcher::parse).toList(), NOW.plusSeconds(startOffset),
                NOW.plusSeconds(endOffset), "ops", "maintenance", NOW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            active silence, all matchers match           | -60  | 60  | rule=failed_messages,tenant=t1 | 1
            pending silence (starts later) does not mute | 10   | 60  | rule=failed_messages,tenant=t1 | null
            expired silence does not mute                | -120 | -60 | rule=failed_messages,tenant=t1 | null
            ends exactly now: expired                    | -60  | 0   | rule=failed_messages,tenant=t1 | null
            starts exactly now: active                   | 0    | 60  | rule=failed_messages,tenant=t1 | 1
            one matcher does not match                   | -60  | 60  | rule=failed_messages,tenant=t2 | null
            """)
    void silence_row_expected(String name, long start, long end, String labels, String expected) {
        Silence s = silence(1, start, end, "tenant=\"t1\"", "rule=~\"failed_.*\"");
        assertThat(Silencer.silencedBy(labels(labels), List.of(s), NOW)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            tenant_down mutes message alert of same tenant     | rule=failed_messages,tenant=t1,iflow=A  | rule=tenant_down,tenant=t1     | tenant_down
            tenant_down does not mute another tenant           | rule=failed_messages,tenant=t2,iflow=A  | rule=tenant_down,tenant=t1     | null
            api_unreachable mutes stuck messages               | rule=stuck_messages,tenant=t1           | rule=api_unreachable,tenant=t1 | api_unreachable
            tenant_down does not mute cert_expiry              | rule=cert_expiry,tenant=t1              | rule=tenant_down,tenant=t1     | null
            tenant_down does not mute failover                 | rule=failover,pair=p                    | rule=tenant_down,tenant=t1     | null
            no firing source                                   | rule=failed_messages,tenant=t1          | -                              | null
            missing equal label on both sides counts as equal  | rule=failed_messages                    | rule=tenant_down               | tenant_down
            """)
    void inhibit_defaultRules_row_expected(String name, String target, String source, String expectedRule) {
        Inhibitor inhibitor = new Inhibitor(ConfigDefaults.INHIBIT);
        List<Map<String, String>> firing = source.equals("-") ? List.of() : List.of(labels(source));
        String by = inhibitor.inhibitedBy(labels(target), firing);
        if (expectedRule == null) {
            assertThat(by).isNull();
        } else {
            assertThat(by).startsWith(expectedRule + " ").contains(AlertInstance.fingerprint(labels(source)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            critical mutes warning of same tenant         | severity=warning,tenant=t1  | severity=critical,tenant=t1 | true
            an alert never inhibits itself                | severity=critical,tenant=t1 | severity=critical,tenant=t1 | false
            """)
    void inhibit_customRule_row_expected(String name, String target, String source, boolean muted) {
        InhibitConfig rule = new InhibitConfig(List.of(LabelMatcher.parse("severity=\"critical\"")),
                List.of(LabelMatcher.parse("severity=~\"warning|critical\"")), List.of("tenant"));
        assertThat(new Inhibitor(List.of(rule)).inhibitedBy(labels(target), List.of(labels(source))) != null).isEqualTo(muted);
    }

    @org.junit.jupiter.api.Test
    void inhibit_alertMatchingBothSides_isNotMutedByAnotherMatchingBoth() {
        InhibitConfig rule = new InhibitConfig(List.of(LabelMatcher.parse("team=\"ops\"")), List.of(LabelMatcher.parse("team=\"ops\"")),
                List.of());
        Map<String, String> a = labels("rule=x,team=ops"), b = labels("rule=y,team=ops");
        assertThat(new Inhibitor(List.of(rule)).inhibitedBy(a, List.of(b))).isNull();
    }
}
