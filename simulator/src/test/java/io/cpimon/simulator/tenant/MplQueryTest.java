package io.cpimon.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lazy, index-walking evaluation of {@link MplQuery} against its definition ({@link MplQuery#evaluateBySorting}
 * and {@link MplQuery#pageOf}): many random filters, orderings and windows over ledgers full of LogEnd ties,
 * null dates and null sort keys, compared entry by entry.
 */
class MplQueryTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
    static final String[] STATUSES = {"COMPLETED", "FAILED", "PROCESSING", "RETRY", null};
    static final String[] ORDERS = {null, "LogEnd", "LogEnd asc", "LogEnd desc", "LogEnd asc,Status desc", "LogEnd desc, Status",
        "LogEnd desc,ApplicationMessageId asc,Status desc", "LogStart", "LogStart desc", "Status,LogEnd desc",
        "ApplicationMessageId desc", "Status desc,LogStart"};

    /**
     * A ledger of {@code n} entries in creation order, LogEnd from a small set of instants (many ties), some null
     * LogEnd/LogStart/Status/ApplicationMessageId, some entries with a later version that moved their LogEnd.
     */
    static MplLedger ledger(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        MplLedger ledger = new MplLedger(() -> T0);
        List<MplTruth> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String guid = "AG" + Long.toHexString(r.nextLong() & 0xffffffffL) + "x" + i;
            Instant end = r.nextInt(12) == 0 ? null : T0.minusMillis(250L * r.nextInt(n / 3 + 2));
            Instant start = r.nextInt(10) == 0 ? null : T0.minusMillis(300L * r.nextInt(n));
            MplTruth m = new MplTruth(guid, "C" + i, r.nextInt(4) == 0 ? null : Integer.toString(r.nextInt(20)), "T",
                    start, end, "S", "R", "Flow" + r.nextInt(3), "Flow", "P", "P", STATUSES[r.nextInt(STATUSES.length)],
                    "C", "INFO", null, r.nextInt(3) == 0 ? Map.of("po", Integer.toString(r.nextInt(4))) : Map.of());
            made.add(m);
            ledger.put(m, T0.minusSeconds(1));
        }
        for (int i = 0; i < n / 5; i++) {
            MplTruth m = made.get(r.nextInt(made.size()));
            ledger.put(m.withStatus("COMPLETED", T0.minusMillis(250L * r.nextInt(n / 3 + 2))), T0.minusMillis(500));
        }
        return ledger;
    }

    static String literal(SplittableRandom r, int n) {
        Instant t = T0.minusMillis(250L * r.nextInt(n / 3 + 4) + (r.nextInt(4) == 0 ? 1 : 0));
        return "datetime'" + LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(LITERAL) + "'";
    }

    static String comparison(SplittableRandom r, int n) {
        String[] ops = {"eq", "ne", "gt", "ge", "lt", "le"};
        String op = ops[r.nextInt(ops.length)];
        return switch (r.nextInt(9)) {
            case 0, 1, 2 -> "LogEnd " + op + " " + literal(r, n);
            case 3 -> literal(r, n) + " " + op + " LogEnd";
            case 4 -> "Status " + (r.nextBoolean() ? "eq" : "ne") + " '" + STATUSES[r.nextInt(STATUSES.length - 1)] + "'";
            case 5 -> "LogStart " + op + " " + literal(r, n);
            case 6 -> "LogEnd " + (r.nextBoolean() ? "eq" : "ne") + " null";
            case 7 -> "ApplicationMessageId " + op + " '" + r.nextInt(20) + "'";
            default -> "IntegrationArtifact/Id eq 'Flow" + r.nextInt(3) + "'";
        };
    }

    /** A random boolean expression: comparisons joined by and/or, with not and parentheses. */
    static String filter(SplittableRandom r, int n, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return comparison(r, n);
        }
        return switch (r.nextInt(5)) {
            case 0, 1 -> filter(r, n, depth - 1) + " and " + filter(r, n, depth - 1);
            case 2 -> "(" + filter(r, n, depth - 1) + ") and (" + filter(r, n, depth - 1) + ")";
            case 3 -> filter(r, n, depth - 1) + " or " + filter(r, n, depth - 1);
            default -> "not (" + filter(r, n, depth - 1) + ")";
        };
    }

    static Integer maybe(SplittableRandom r, int bound) {
        return r.nextInt(3) == 0 ? null : r.nextInt(bound);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomQueries_lazyEvaluation_isIdenticalToFilterThenSort(long seed) {
        int n = 300 + (int) (seed * 97 % 500);
        MplLedger.View view = ledger(seed, n).view();
        SplittableRandom r = new SplittableRandom(seed * 7919);
        for (int q = 0; q < 150; q++) {
            String filter = r.nextInt(8) == 0 ? null : filter(r, n, 3);
            String orderby = ORDERS[r.nextInt(ORDERS.length)];
            String chf = r.nextInt(6) == 0 ? "'po' eq '" + r.nextInt(4) + "'" : null;
            MplQuery query = MplQuery.parse(filter, orderby, chf);
            List<MplTruth> expected = query.evaluateBySorting(view);
            String what = "filter=" + filter + " orderby=" + orderby + " chf=" + chf;

            assertThat(query.evaluate(view).all()).as(what).containsExactlyElementsOf(expected);
            // a window asked of a fresh evaluation, then more windows of the same one (as __next does)
            MplQuery.Result result = query.evaluate(view);
            for (int w = 0; w < 4; w++) {
                Integer top = maybe(r, n + 10);
                Integer skip = maybe(r, n / 2 + 10);
                Integer skiptoken = maybe(r, n / 2 + 10);
                int cap = 1 + r.nextInt(r.nextBoolean() ? 40 : n + 10);
                boolean count = r.nextInt(4) == 0;
                assertThat(MplQuery.page(result, top, skip, skiptoken, cap, count))
                        .as(what + " top=" + top + " skip=" + skip + " skiptoken=" + skiptoken + " cap=" + cap + " count=" + count)
                        .isEqualTo(MplQuery.pageOf(expected, top, skip, skiptoken, cap, count));
            }
        }
    }

    static Stream<Arguments> pollerQueries() {
        return Stream.of(
                Arguments.of("keyset asc", "LogEnd ge datetime'2026-05-01T09:59:40.000'", "LogEnd asc"),
                Arguments.of("keyset gt", "LogEnd gt datetime'2026-05-01T09:59:40.000'", "LogEnd asc"),
                Arguments.of("window desc", "LogEnd ge datetime'2026-05-01T09:59:30.000' and LogEnd lt datetime'2026-05-01T09:59:50.000'", "LogEnd desc"),
                Arguments.of("literal first", "datetime'2026-05-01T09:59:50.000' ge LogEnd and Status eq 'COMPLETED'", "LogEnd"),
                Arguments.of("exact instant", "LogEnd eq datetime'2026-05-01T09:59:45.000'", "LogEnd desc,Status"),
                Arguments.of("empty range", "LogEnd gt datetime'2026-05-01T09:59:50.000' and LogEnd lt datetime'2026-05-01T09:59:40.000'", "LogEnd"),
                Arguments.of("upper bound only excludes nulls", "LogEnd le datetime'2026-05-01T09:59:50.000'", "LogEnd desc"),
                Arguments.of("range under another order", "LogEnd ge datetime'2026-05-01T09:59:40.000'", "Status desc"),
                Arguments.of("bound inside or is not a range", "LogEnd ge datetime'2026-05-01T09:59:59.000' or Status eq 'FAILED'", "LogEnd"),
                Arguments.of("bound under not is not a range", "not (LogEnd lt datetime'2026-05-01T09:59:40.000')", "LogEnd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pollerQueries")
    void pollerQuery_pagedWithTopAndSkip_matchesDefinition(String name, String filter, String orderby) {
        MplLedger.View view = ledger(42, 400).view();
        MplQuery query = MplQuery.parse(filter, orderby, null);
        List<MplTruth> expected = query.evaluateBySorting(view);
        MplQuery.Result result = query.evaluate(view);

        assertThat(result.all()).containsExactlyElementsOf(expected);
        for (int skip = 0; skip <= expected.size() + 1; skip += 7) {
            assertThat(MplQuery.page(query.evaluate(view), 10, skip, null, 1000, false))
                    .isEqualTo(MplQuery.pageOf(expected, 10, skip, null, 1000, false));
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("walks")
    void keysetQuery_evaluatesOnlyWhatThePageNeeds(String name, int expectedPulled) {
        MplLedger ledger = new MplLedger(() -> T0);
        for (int i = 0; i < 10_000; i++) {
            ledger.put(MplTruth.of("AG" + String.format("%08d", i), "Flow", "COMPLETED", T0.minusSeconds(10_000 - i),
                    T0.minusSeconds(10_000 - i)), T0.minusSeconds(1));
        }
        MplQuery query = MplQuery.parse(switch (name) {
            case "keyset in the middle" -> "LogEnd ge " + "datetime'" + LocalDateTime.ofInstant(T0.minusSeconds(5_000), ZoneOffset.UTC).format(LITERAL) + "'";
            default -> null;
        }, "LogEnd asc", null);
        MplQuery.Result result = query.evaluate(ledger.view());

        MplQuery.Page page = MplQuery.page(result, 100, null, null, 1000, false);

        assertThat(page.entries()).hasSize(100);
        assertThat(result.evaluated()).isEqualTo(expectedPulled);
        assertThat(page.entries().getFirst().logEnd()).isEqualTo(name.equals("keyset in the middle") ? T0.minusSeconds(5_000) : T0.minusSeconds(10_000));
    }

    static Stream<Arguments> walks() {
        return Stream.of(Arguments.of("keyset in the middle", 100), Arguments.of("no filter", 100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LogEnd asc", "LogEnd desc"})
    void logEndIndex_keepsNullsWhereTheComparatorPutsThem(String orderby) {
        MplLedger ledger = new MplLedger(() -> T0);
        ledger.put(MplTruth.of("AGb", "F", "RETRY", null, null), T0);
        ledger.put(MplTruth.of("AGa", "F", "COMPLETED", T0, T0.minus(Duration.ofSeconds(1))), T0);
        ledger.put(MplTruth.of("AGc", "F", "RETRY", null, null), T0);
        ledger.put(MplTruth.of("AGd", "F", "COMPLETED", T0, T0.minus(Duration.ofSeconds(1))), T0);
        MplQuery query = MplQuery.parse(null, orderby, null);

        List<String> guids = query.evaluate(ledger.view()).all().stream().map(MplTruth::messageGuid).toList();

        assertThat(guids).containsExactlyElementsOf(orderby.endsWith("asc") ? List.of("AGb", "AGc", "AGa", "AGd") : List.of("AGa", "AGd", "AGb", "AGc"));
    }
}
