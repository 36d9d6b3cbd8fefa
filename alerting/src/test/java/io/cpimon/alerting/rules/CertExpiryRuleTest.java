package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertExpiryRuleTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            expires in 20 days, window 30            | 1728000 | 30 | true
            expires exactly at the window's end      | 2592000 | 30 | false
            one second inside the window             | 2591999 | 30 | true
            expires in a year                        | 31536000| 30 | false
            already expired                          | -60     | 30 | true
            no validNotAfter (null date)             | null    | 30 | false
            window 0: only expired ones              | 60      | 0  | false
            """)
    void expiresSoon_row_expected(String name, Long inSeconds, int days, boolean fires) {
        Instant notAfter = inSeconds == null ? null : NOW.plus(Duration.ofSeconds(inSeconds));
        assertThat(CertExpiryRule.expiresSoon(notAfter, NOW, days)).isEqualTo(fires);
    }
}
