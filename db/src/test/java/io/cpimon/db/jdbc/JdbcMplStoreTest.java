package io.cpimon.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcMplStoreTest {
    /** How PostgreSQL reads the COPY form, for the round trip. */
    private static final DateTimeFormatter COPY_FORM = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            milliseconds            | 2026-11-24T12:00:00.123Z        | 2026-11-24 12:00:00.123000+00
            whole second            | 2026-11-24T12:00:00Z            | 2026-11-24 12:00:00.000000+00
            microseconds            | 2026-01-02T03:04:05.000006Z     | 2026-01-02 03:04:05.000006+00
            end of a leap day       | 2024-02-29T23:59:59.999Z        | 2024-02-29 23:59:59.999000+00
            before the epoch        | 1969-12-31T23:59:59.5Z          | 1969-12-31 23:59:59.500000+00
            early year, padded      | 0042-03-04T05:06:07Z            | 0042-03-04 05:06:07.000000+00
            nanoseconds: toString   | 2026-11-24T12:00:00.000000001Z  | 2026-11-24T12:00:00.000000001Z
            year 10000: toString    | +10000-01-01T00:00:00Z          | +10000-01-01T00:00:00Z
            """)
    void appendTimestamp_instant_writesWhatCopyReadsBack(String name, String instant, String expected) {
        StringBuilder sb = new StringBuilder();
        JdbcMplStore.appendTimestamp(sb, Instant.parse(instant));
        assertThat(sb).hasToString(expected);
        if (!expected.contains("T")) {
            assertThat(OffsetDateTime.parse(expected, COPY_FORM).toInstant()).isEqualTo(Instant.parse(instant));
        }
    }
}
