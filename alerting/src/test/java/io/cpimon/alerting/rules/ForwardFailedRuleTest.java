package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardFailedRuleTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            running: no stop on the cursor              | null                                          | false
            blank reason                                | '  '                                          | false
            peer answered 401                           | HTTP 401 from https://dce/dataCollectionRules | true
            peer answered 403 (role missing on the DCR) | HTTP 403: AuthorizationFailed                 | true
            Entra refused the client secret             | Microsoft Entra refused the credential        | true
            """)
    void failed_row_expected(String name, String stopped, boolean fires) {
        assertThat(ForwardFailedRule.failed(stopped)).isEqualTo(fires);
    }
}
