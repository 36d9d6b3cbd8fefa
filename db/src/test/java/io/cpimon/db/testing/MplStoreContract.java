package io.cpimon.db.testing;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withDates;
import static io.cpimon.db.testing.MplRecords.withDetails;
import static io.cpimon.db.testing.MplRecords.withSender;
import static io.cpimon.db.testing.MplRecords.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.CursorAdvance;
import io.cpimon.db.MplStore.MplCounts;
import io.cpimon.db.MplStore.MplQuery;
import io.cpimon.db.MplStore.Position;
import io.cpimon.db.MplStore.UpsertResult;
import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link MplStore} (with the cursor it advances). Extend it with a fresh, empty store per
 * test; every implementation (PostgreSQL, in-memory) must pass it.
 */
public abstract class MplStoreContract {
    protected static final String TENANT = "prod-weu";
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected abstract MplStore mpls();

    protected abstract PollCursorStore cursors();

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static CursorAdvance advance(Instant watermark, Instant at) {
        return new CursorAdvance("mpl", watermark, at);
    }

    private static List<MplRecord> page(int n, int offset) {
        return IntStream.range(offset, offset + n)
                .mapToObj(i -> mpl(TENANT, "g%05d".formatted(i), i % 10 == 0 ? "FAILED" : "COMPLETED", t(i)))
                .toList();
    }

    @Test
    void upsertPage_newRows_insertsThemAndAdvancesCursor() {
        List<MplRecord> page = page(25, 0);

        UpsertResult result = mpls().upsertPage(TENANT, page, advance(t(24), t(100)));

        assertThat(result).isEqualTo(new UpsertResult(25, 0, 0));
        assertThat(mpls().allOf(TENANT)).containsExactlyElementsOf(page);
        assertThat(mpls().count(TENANT)).isEqualTo(25);
        PollCursor cursor = cursors().get(TENANT, "mpl").orElseThrow();
        assertThat(cursor.watermark()).isEqualTo(t(24));
        assertThat(cursor.lastSuccess()).isEqualTo(t(100));
        assertThat(cursor.lastAttempt()).isEqualTo(t(100));
        assertThat(cursor.lastError()).isNull();
        assertThat(cursor.consecutiveFailures()).isZero();
        assertThat(cursor.rowsTotal()).isEqualTo(25);
    }

    @Test
    void upsertPage_samePageTwice_secondChangesNothing() {
        List<MplRecord> page = page(40, 0);
        mpls().upsertPage(TENANT, page, advance(t(39), t(100)));
        List<MplRecord> before = mpls().allOf(TENANT);

        UpsertResult replay = mpls().upsertPage(TENANT, page, advance(t(39), t(130)));

        assertThat(replay).isEqualTo(new UpsertResult(0, 0, 40));
        assertThat(mpls().allOf(TENANT)).isEqualTo(before);
        PollCursor cursor = cursors().get(TENANT, "mpl").orElseThrow();
        assertThat(cursor.watermark()).isEqualTo(t(39));
        assertThat(cursor.lastSuccess()).isEqualTo(t(130));
        assertThat(cursor.rowsTotal()).isEqualTo(40);
    }

    @Test
    void upsertPage_thousandRowPage_isWrittenAndReplayedExactly() {
        List<MplRecord> page = page(1000, 0);

        assertThat(mpls().upsertPage(TENANT, page, advance(t(999), t(1000)))).isEqualTo(new UpsertResult(1000, 0, 0));
        assertThat(mpls().upsertPage(TENANT, page, advance(t(999), t(1001)))).isEqualTo(new UpsertResult(0, 0, 1000));
        assertThat(mpls().allOf(TENANT)).containsExactlyElementsOf(page);
    }

    static Stream<Arguments> statusChanges() {
        return Stream.of(
                // name, stored status, stored LogEnd (s), incoming status, incoming LogEnd (s), expected status, updated?
                Arguments.of("PROCESSING moves on to COMPLETED", "PROCESSING", 10, "COMPLETED", 20, "COMPLETED", true),
                Arguments.of("RETRY moves on to FAILED", "RETRY", 10, "FAILED", 20, "FAILED", true),
                Arguments.of("PROCESSING to COMPLETED at the same LogEnd", "PROCESSING", 10, "COMPLETED", 10, "COMPLETED", true),
                Arguments.of("older PROCESSING never regresses COMPLETED", "COMPLETED", 20, "PROCESSING", 10, "COMPLETED", false),
                Arguments.of("older RETRY never regresses FAILED", "FAILED", 20, "RETRY", 10, "FAILED", false),
                Arguments.of("older RETRY never regresses ESCALATED", "ESCALATED", 20, "RETRY", 10, "ESCALATED", false),
                Arguments.of("PROCESSING at the same LogEnd never regresses DISCARDED", "DISCARDED", 20, "PROCESSING", 20, "DISCARDED", false),
                Arguments.of("an older final status does not replace a newer one", "CANCELLED", 20, "COMPLETED", 10, "CANCELLED", false),
                Arguments.of("a newer final status replaces an older final one", "FAILED", 10, "COMPLETED", 20, "COMPLETED", true),
                Arguments.of("an older non-final status does not replace a newer one", "RETRY", 20, "PROCESSING", 10, "RETRY", false),
                Arguments.of("a row without LogEnd does not replace one with it", "COMPLETED", 20, "PROCESSING", -1, "COMPLETED", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusChanges")
    void upsertPage_storedStatusAndIncomingRow_keepsNewestFinalStatus(String name, String storedStatus, int storedEnd,
            String incomingStatus, int incomingEnd, String expectedStatus, boolean updated) {
        MplRecord stored = mpl(TENANT, "g1", storedStatus, t(storedEnd));
        MplRecord incoming = withStatus(stored, incomingStatus, incomingEnd < 0 ? null : t(incomingEnd));
        mpls().upsertPage(TENANT, List.of(stored), null);

        UpsertResult result = mpls().upsertPage(TENANT, List.of(incoming), null);

        assertThat(result).isEqualTo(updated ? new UpsertResult(0, 1, 0) : new UpsertResult(0, 0, 1));
        assertThat(mpls().allOf(TENANT)).singleElement()
                .isEqualTo(updated ? incoming : stored)
                .extracting(MplRecord::status).isEqualTo(expectedStatus);
    }

    @Test
    void upsertPage_pagesReplayedInAnyOrder_convergeToTheSameRows() {
        List<MplRecord> early = List.of(mpl(TENANT, "a", "PROCESSING", t(1)), mpl(TENANT, "b", "RETRY", t(2)),
                mpl(TENANT, "c", "PROCESSING", t(3)));
        List<MplRecord> late = List.of(mpl(TENANT, "a", "COMPLETED", t(11)), mpl(TENANT, "b", "FAILED", t(12)),
                mpl(TENANT, "d", "COMPLETED", t(14)));

        mpls().upsertPage(TENANT, late, null);
        mpls().upsertPage(TENANT, early, null);
        mpls().upsertPage(TENANT, late, null);
        mpls().upsertPage(TENANT, early, null);

        assertThat(mpls().allOf(TENANT)).containsExactly(late.get(0), late.get(1), early.get(2), late.get(2));
    }

    @Test
    void upsertPage_columnChanged_updatesOnlyThatRow() {
        List<MplRecord> page = page(5, 0);
        mpls().upsertPage(TENANT, page, null);
        List<MplRecord> changed = new ArrayList<>(page);
        changed.set(2, withSender(page.get(2), "ERP"));

        UpsertResult result = mpls().upsertPage(TENANT, changed, null);

        assertThat(result).isEqualTo(new UpsertResult(0, 1, 4));
        assertThat(mpls().allOf(TENANT)).containsExactlyElementsOf(changed);
    }

    @Test
    void upsertPage_rowWithoutErrorTextOrHeaders_keepsStoredOnes() {
        MplRecord failed = mpl(TENANT, "g1", "FAILED", t(1));
        mpls().upsertPage(TENANT, List.of(failed), null);

        UpsertResult result = mpls().upsertPage(TENANT, List.of(withDetails(failed, null, null)), null);

        assertThat(result).isEqualTo(new UpsertResult(0, 0, 1));
        assertThat(mpls().allOf(TENANT)).containsExactly(failed);
    }

    @Test
    void upsertPage_newErrorTextAndHeaders_replaceStoredOnes() {
        MplRecord failed = mpl(TENANT, "g1", "FAILED", t(1));
        mpls().upsertPage(TENANT, List.of(failed), null);
        MplRecord detailed = withDetails(failed, Map.of("OrderId", "1", "Region", "EU"), "HTTP 503 from receiver");

        assertThat(mpls().upsertPage(TENANT, List.of(detailed), null)).isEqualTo(new UpsertResult(0, 1, 0));
        assertThat(mpls().allOf(TENANT)).containsExactly(detailed);
    }

    @Test
    void upsertPage_guidTwiceInOnePage_lastOneWins() {
        MplRecord first = mpl(TENANT, "g1", "PROCESSING", t(1));
        MplRecord last = withStatus(first, "COMPLETED", t(2));

        UpsertResult result = mpls().upsertPage(TENANT, List.of(first, mpl(TENANT, "g2", "COMPLETED", t(1)), last), null);

        assertThat(result).isEqualTo(new UpsertResult(2, 0, 0));
        assertThat(mpls().allOf(TENANT)).first().isEqualTo(last);
    }

    @Test
    void upsertPage_emptyPageWithAdvance_onlyUpdatesCursor() {
        mpls().upsertPage(TENANT, page(3, 0), advance(t(2), t(10)));

        UpsertResult result = mpls().upsertPage(TENANT, List.of(), advance(t(50), t(60)));

        assertThat(result).isEqualTo(new UpsertResult(0, 0, 0));
        PollCursor cursor = cursors().get(TENANT, "mpl").orElseThrow();
        assertThat(cursor.watermark()).isEqualTo(t(50));
        assertThat(cursor.lastSuccess()).isEqualTo(t(60));
        assertThat(cursor.rowsTotal()).isEqualTo(3);
    }

    @Test
    void upsertPage_withoutAdvance_leavesCursorUntouched() {
        mpls().upsertPage(TENANT, page(3, 0), null);

        assertThat(cursors().get(TENANT, "mpl")).isEmpty();
        assertThat(mpls().count(TENANT)).isEqualTo(3);
    }

    @Test
    void upsertPage_olderWatermark_neverMovesCursorBack() {
        mpls().upsertPage(TENANT, page(3, 0), advance(t(100), t(110)));

        mpls().upsertPage(TENANT, page(3, 0), advance(t(50), t(120)));

        PollCursor cursor = cursors().get(TENANT, "mpl").orElseThrow();
        assertThat(cursor.watermark()).isEqualTo(t(100));
        assertThat(cursor.lastSuccess()).isEqualTo(t(120));
    }

    @Test
    void upsertPage_afterFailures_clearsErrorAndFailureCount() {
        cursors().recordFailure(TENANT, "mpl", t(1), "HTTP 503");
        cursors().recordFailure(TENANT, "mpl", t(2), "HTTP 503");

        mpls().upsertPage(TENANT, page(1, 0), advance(t(0), t(3)));

        PollCursor cursor = cursors().get(TENANT, "mpl").orElseThrow();
        assertThat(cursor.lastError()).isNull();
        assertThat(cursor.consecutiveFailures()).isZero();
        assertThat(cursor.lastAttempt()).isEqualTo(t(3));
    }

    @Test
    void upsertPage_rowViolatingConstraint_writesNothingAndLeavesCursor() {
        mpls().upsertPage(TENANT, page(2, 0), advance(t(1), t(10)));
        List<MplRecord> bad = new ArrayList<>(page(5, 100));
        bad.set(3, mpl(TENANT, "  ", "COMPLETED", t(103)));

        assertThatThrownBy(() -> mpls().upsertPage(TENANT, bad, advance(t(104), t(20))))
                .isInstanceOf(RuntimeException.class);

        assertThat(mpls().count(TENANT)).isEqualTo(2);
        PollCursor cursor = cursors().get(TENANT, "mpl").orElseThrow();
        assertThat(cursor.watermark()).isEqualTo(t(1));
        assertThat(cursor.lastSuccess()).isEqualTo(t(10));
        assertThat(cursor.rowsTotal()).isEqualTo(2);
    }

    @Test
    void upsertPage_rowOfAnotherTenant_isRejected() {
        assertThatThrownBy(() -> mpls().upsertPage(TENANT, List.of(mpl("other", "g1", "COMPLETED", t(1))), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(mpls().count(TENANT)).isZero();
        assertThat(mpls().count("other")).isZero();
    }

    @Test
    void upsertPage_awkwardText_roundTripsExactly() {
        MplRecord r = withDetails(mpl(TENANT, "g-ü", "FAILED", t(1)),
                Map.of("quote\"key", "tab\there", "back\\slash", "line\nbreak\r\n", "null", "\\N"),
                "line 1\nline 2\ttabbed \\N \\ backslash, ünïcødé ✓, 'quotes' \"double\"");

        mpls().upsertPage(TENANT, List.of(r), null);

        assertThat(mpls().allOf(TENANT)).containsExactly(r);
        assertThat(mpls().upsertPage(TENANT, List.of(r), null)).isEqualTo(new UpsertResult(0, 0, 1));
    }

    @Test
    void upsertPage_sparseRow_keepsNulls() {
        MplRecord sparse = new MplRecord(TENANT, "g1", null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        assertThat(mpls().upsertPage(TENANT, List.of(sparse), null)).isEqualTo(new UpsertResult(1, 0, 0));
        assertThat(mpls().allOf(TENANT)).containsExactly(sparse);
        assertThat(mpls().upsertPage(TENANT, List.of(sparse), null)).isEqualTo(new UpsertResult(0, 0, 1));
    }

    @Test
    void search_filters_returnNewestFirstWithKeyset() {
        mpls().upsertPage(TENANT, page(30, 0), null);
        mpls().upsertPage("prod-eus", List.of(mpl("prod-eus", "x1", "FAILED", t(100)),
                mpl("prod-eus", "x2", "PROCESSING", null)), null);

        assertThat(mpls().search(query(null, null, null, 3))).extracting(MplRecord::messageGuid)
                .containsExactly("x1", "g00029", "g00028");
        assertThat(mpls().search(query(TENANT, "FAILED", null, 10))).extracting(MplRecord::messageGuid)
                .containsExactly("g00020", "g00010", "g00000");
        assertThat(mpls().search(query(TENANT, null, Position.before(t(5)), 10))).extracting(MplRecord::messageGuid)
                .containsExactly("g00004", "g00003", "g00002", "g00001", "g00000");
        assertThat(mpls().search(query("prod-eus", null, null, 10))).extracting(MplRecord::messageGuid)
                .containsExactly("x1", "x2");
    }

    static MplQuery query(String tenant, String status, Position after, int limit) {
        return new MplQuery(tenant, status, null, null, null, null, null, after, limit);
    }

    @Test
    void search_eachFilter_narrowsTheResult() {
        MplRecord a = withDetails(mpl(TENANT, "a1", "COMPLETED", t(10)), null, null);
        MplRecord b = mpl(TENANT, "b2", "FAILED", t(20));
        MplRecord c = mpl(TENANT, "c3", "RETRY", null);
        MplRecord other = withSender(mpl("prod-eus", "d4", "COMPLETED", t(30)), "Ariba_100%");
        mpls().upsertPage(TENANT, List.of(a, b, withDates(c, t(15), null)), null);
        mpls().upsertPage("prod-eus", List.of(other), null);

        assertThat(guids(new MplQuery(null, null, "Orders_Replicate", null, null, null, null, null, 10)))
                .containsExactly("d4", "b2", "a1", "c3");
        assertThat(guids(new MplQuery(null, null, "Other_Flow", null, null, null, null, null, 10))).isEmpty();
        assertThat(guids(new MplQuery(null, null, null, "HTTP 500", null, null, null, null, 10))).containsExactly("b2");
        assertThat(guids(new MplQuery(null, null, null, "CORR-A1", null, null, null, null, 10))).containsExactly("a1");
        assertThat(guids(new MplQuery(null, null, null, "_100%", null, null, null, null, 10))).containsExactly("d4");
        assertThat(guids(new MplQuery(null, null, null, "corr_a1", null, null, null, null, 10)))
                .as("LIKE wildcards are literal").isEmpty();
        assertThat(guids(new MplQuery(null, null, null, null, "c3", null, null, null, 10))).containsExactly("c3");
        assertThat(guids(new MplQuery(null, null, null, null, null, t(15), null, null, 10)))
                .as("since: LogEnd, or LogStart without one").containsExactly("d4", "b2", "c3");
        assertThat(guids(new MplQuery(null, null, null, null, null, null, t(20), null, 10)))
                .containsExactly("a1", "c3");
        assertThat(guids(new MplQuery(TENANT, "RETRY", null, null, null, null, null, null, 10))).containsExactly("c3");
    }

    @Test
    void search_since_findsAMessageThatStartedDaysBeforeTheWindow_inItsOwnDayPartition() {
        MplRecord longRunning = withDates(mpl(TENANT, "long", "COMPLETED", t(0)), T0.minus(Duration.ofDays(3)), t(60));
        MplRecord oldDone = withDates(mpl(TENANT, "old", "COMPLETED", null), T0.minus(Duration.ofDays(2)),
                T0.minus(Duration.ofDays(2)).plusSeconds(5));
        MplRecord running = withDates(mpl(TENANT, "run", "PROCESSING", null), t(30), null);
        mpls().upsertPage(TENANT, List.of(longRunning, oldDone, running), null);

        assertThat(guids(new MplQuery(null, null, null, null, null, t(10), null, null, 10)))
                .as("ended in the window though started three days before; running and started in it")
                .containsExactly("long", "run");
        assertThat(guids(new MplQuery(null, null, null, null, null, T0.minus(Duration.ofDays(2)), null, null, 10)))
                .containsExactly("long", "old", "run");
    }

    @Test
    void search_keysetPaging_reachesEveryRowIncludingUndatedOnes() {
        List<MplRecord> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(mpl(TENANT, "e" + i, "COMPLETED", t(i % 3)));
        }
        for (int i = 0; i < 5; i++) {
            rows.add(withDates(mpl(TENANT, "n" + i, "RETRY", null), null, null));
        }
        mpls().upsertPage(TENANT, rows, null);

        List<String> seen = new ArrayList<>();
        Position after = null;
        for (int page = 0; page < 20; page++) {
            List<MplRecord> got = mpls().search(query(TENANT, null, after, 2));
            got.forEach(r -> seen.add(r.messageGuid()));
            if (got.size() < 2) {
                break;
            }
            after = Position.of(got.getLast());
        }
        assertThat(seen).containsExactly("e2", "e5", "e1", "e4", "e0", "e3", "e6", "n0", "n1", "n2", "n3", "n4");
    }

    private List<String> guids(MplQuery q) {
        return mpls().search(q).stream().map(MplRecord::messageGuid).toList();
    }

    @Test
    void countsSince_perTenant_countsEndedAndFailed() {
        mpls().upsertPage(TENANT, page(30, 0), null);
        mpls().upsertPage("prod-eus", List.of(mpl("prod-eus", "x1", "ESCALATED", t(100)),
                mpl("prod-eus", "x2", "COMPLETED", t(5)), mpl("prod-eus", "x3", "PROCESSING", null)), null);

        Map<String, MplCounts> counts = mpls().countsSince(t(10));

        assertThat(counts).containsOnly(
                Map.entry(TENANT, new MplCounts(20, 2)),
                Map.entry("prod-eus", new MplCounts(1, 1)));
    }
}
