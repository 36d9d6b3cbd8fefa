package io.cpimon.db.jdbc;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withDates;
import static io.cpimon.db.testing.MplRecords.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.MplRecord;
import io.cpimon.db.testing.FreshDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which day partition a message is stored under ({@code part_day}, V40), for every order of dated and undated reads:
 * always exactly one row, under the day of the first store (UTC day of LogStart, else of first sighting).
 */
class MplPartDayIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static final LocalDate D = LocalDate.parse("2026-01-10");
    private static final Instant NOON = Instant.parse("2026-01-10T12:00:00Z");
    private static final String TODAY = "first sighting";

    static Stream<Arguments> reads() {
        return Stream.of(
                Arguments.of("dated", NOON, null, false, "2026-01-10"),
                Arguments.of("dated, last millisecond of the UTC day", Instant.parse("2026-01-10T23:59:59.999Z"), null, false, "2026-01-10"),
                Arguments.of("dated, UTC midnight: next day (no partition: default)", Instant.parse("2026-01-11T00:00:00Z"), null, false, "2026-01-11"),
                Arguments.of("undated", null, null, false, TODAY),
                Arguments.of("undated, then dated", null, NOON, true, TODAY),
                Arguments.of("dated, then undated", NOON, null, true, "2026-01-10"),
                Arguments.of("undated twice", null, null, true, TODAY),
                Arguments.of("dated, then dated again (final status)", NOON, NOON, true, "2026-01-10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void upsertPage_readsInThisOrder_oneRowUnderTheDayOfTheFirstStore(String name, Instant firstStart, Instant secondStart,
                                                                     boolean second, String expectedDay) {
        db.get().mpls().maintainPartitions(D.atStartOfDay(ZoneOffset.UTC).toInstant(), D);
        db.get().mpls().upsertPage("t1", List.of(read(firstStart, "RETRY", 1)), null);
        if (second) {
            db.get().mpls().upsertPage("t1", List.of(read(secondStart, "COMPLETED", 2)), null);
        }

        String day = expectedDay.equals(TODAY) ? LocalDate.now(ZoneOffset.UTC).toString() : expectedDay;
        String partition = day.equals(D.toString()) ? JdbcMplPartitions.name(D) : "mpl_default";
        assertThat(MplPartitionsIT.placesOf(db.get(), "t1", "m")).containsExactly(partition + " " + day);
        if (secondStart != null) { // an undated read never replaces a row with a LogEnd (RATIONALE.md)
            assertThat(db.get().mpls().allOf("t1")).singleElement().extracting(MplRecord::status).isEqualTo("COMPLETED");
        }
    }

    /** A read of message "m": with LogStart {@code start} (null: no dates) and a LogEnd {@code n} minutes later. */
    private static MplRecord read(Instant start, String status, int n) {
        MplRecord r = withStatus(mpl("t1", "m", status, null), status, null);
        return start == null ? withDates(r, null, null) : withDates(r, start, start.plusSeconds(60L * n));
    }
}
