package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.MplRecord;
import io.cpimon.db.testing.MplRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The watermark/overlap arithmetic, row by row: ties, late entries, status moving on, null dates. */
class WatermarkTest {
    static final Instant W = Instant.parse("2026-11-24T10:00:00Z");
    static final Duration OVERLAP = Duration.ofMinutes(5);

    static MplRecord at(String guid, String status, Instant logEnd) {
        return MplRecords.mpl("t", guid, status, logEnd);
    }

    static Instant plus(long seconds) {
        return W.plusSeconds(seconds);
    }

    static Stream<Arguments> advanceRows() {
        return Stream.of(
                Arguments.of("first page, no watermark yet", null, List.of(at("a", "COMPLETED", plus(-10)), at("b", "COMPLETED", plus(-5))), plus(-5)),
                Arguments.of("empty page keeps the watermark", W, List.of(), W),
                Arguments.of("null dates never move it", W, List.of(at("r", "RETRY", null)), W),
                Arguments.of("only null dates and no watermark: stays null", null, List.of(at("r", "RETRY", null)), null),
                Arguments.of("tie at the watermark keeps it", W, List.of(at("a", "COMPLETED", W)), W),
                Arguments.of("late entry older than the watermark never moves it back", W, List.of(at("late", "COMPLETED", plus(-120))), W),
                Arguments.of("status moved on: the newer LogEnd wins", W, List.of(at("p", "PROCESSING", plus(-30)), at("p", "COMPLETED", plus(40))), plus(40)),
                Arguments.of("unordered rows: the maximum wins", W, List.of(at("x", "COMPLETED", plus(90)), at("y", "COMPLETED", plus(30))), plus(90)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("advanceRows")
    void advance_rows_highestNonNullLogEndNeverLower(String name, Instant current, List<MplRecord> rows, Instant expected) {
        assertThat(Watermark.advance(current, rows)).isEqualTo(expected);
    }

    static Stream<Arguments> windowRows() {
        Instant now = plus(3600);
        return Stream.of(
                Arguments.of("first poll: now minus the initial lookback", null, now, now.minus(Duration.ofHours(1))),
                Arguments.of("later polls: watermark minus the overlap", W, now, W.minus(OVERLAP)),
                Arguments.of("watermark ahead of the clock (skew): still watermark minus overlap", plus(7200), now, plus(7200).minus(OVERLAP)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windowRows")
    void windowStart_watermarkOrLookback_expectedLowerBound(String name, Instant watermark, Instant now, Instant expected) {
        assertThat(Watermark.windowStart(watermark, OVERLAP, now, Duration.ofHours(1))).isEqualTo(expected);
    }

    static Stream<Arguments> nextBoundRows() {
        return Stream.of(
                Arguments.of("page reaches past the bound: keyset on its highest LogEnd", W,
                        List.of(at("a", "COMPLETED", W), at("b", "COMPLETED", plus(2))), plus(2)),
                Arguments.of("whole page ties on the bound: page by offset", W, List.of(at("a", "COMPLETED", W), at("b", "COMPLETED", W)), null),
                Arguments.of("page of null dates: page by offset", W, List.of(at("r", "RETRY", null)), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nextBoundRows")
    void nextBound_page_keysetOrOffset(String name, Instant bound, List<MplRecord> page, Instant expected) {
        assertThat(Watermark.nextBound(bound, page)).isEqualTo(expected);
    }

    /**
     * A replay of the watermark over a timeline of visible versions: with the overlap, every version whose
     * LogEnd is no older than the overlap when it becomes visible is read by some poll.
     */
    static Stream<Arguments> timelineRows() {
        return Stream.of(
                // name, versions (guid, logEnd offset s, visible offset s), polls at (s), expected seen guids
                Arguments.of("ties in one millisecond across two polls", List.of(v("a", 0, 0), v("b", 0, 1)), List.of(0L, 60L), List.of("a", "b")),
                Arguments.of("late entry within the overlap is caught", List.of(v("a", 100, 100), v("late", 20, 200)),
                        List.of(100L, 200L), List.of("a", "late")),
                Arguments.of("late entry older than the overlap is missed (overlap too small)",
                        List.of(v("a", 1000, 1000), v("late", 10, 1000 + 1)), List.of(1000L, 1100L), List.of("a")),
                Arguments.of("status moving on after a read bumps LogEnd into the next window",
                        List.of(v("p", 0, 0), v("p", 500, 500)), List.of(0L, 600L), List.of("p", "p")));
    }

    record Version(String guid, long logEnd, long visible) {}

    static Version v(String guid, long logEnd, long visible) {
        return new Version(guid, logEnd, visible);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timelineRows")
    void polls_timeline_readExactlyTheVersionsTheOverlapCovers(String name, List<Version> versions, List<Long> polls, List<String> expected) {
        Duration overlap = Duration.ofSeconds(300);
        Instant watermark = null;
        List<String> seen = new ArrayList<>();
        List<Version> read = new ArrayList<>();
        for (long p : polls) {
            Instant now = plus(p);
            Instant from = Watermark.windowStart(watermark, overlap, now, Duration.ofHours(1));
            List<MplRecord> page = new ArrayList<>();
            for (Version v : versions) {
                Instant logEnd = plus(v.logEnd());
                if (v.visible() <= p && !logEnd.isBefore(from) && !read.contains(v)) {
                    page.add(at(v.guid(), "COMPLETED", logEnd));
                    read.add(v);
                    seen.add(v.guid());
                }
            }
            watermark = Watermark.advance(watermark, page);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }
}
