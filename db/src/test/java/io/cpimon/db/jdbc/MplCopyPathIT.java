package io.cpimon.db.jdbc;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withDates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore.UpsertResult;
import io.cpimon.db.testing.FreshDatabase;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which rows of a page are COPYed straight into mpl ({@code JdbcMplStore.newRows}) instead of staged and upserted:
 * only those that cannot be stored already. Stored beforehand: "a" (dated, 2026-01-10), "u" (first stored undated).
 */
class MplCopyPathIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static final Instant DAY1 = Instant.parse("2026-01-10T12:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-01-11T12:00:00Z");

    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of("new dated messages", List.of(dated("n1", DAY1), dated("n2", DAY2)), List.of("n1", "n2")),
                Arguments.of("a stored message among new ones", List.of(dated("n1", DAY1), dated("a", DAY1)), List.of("n1")),
                Arguments.of("a message first stored undated, now dated", List.of(dated("n1", DAY1), dated("u", DAY2)),
                        List.of("n1")),
                Arguments.of("an undated message", List.of(dated("n1", DAY1), undated("n3")), List.of("n1")),
                Arguments.of("only stored messages", List.of(dated("a", DAY1), dated("u", DAY1)), List.of()),
                Arguments.of("another tenant's GUID is no conflict", List.of(dated("a", DAY1, "t2")), List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void newRows_page_copiesOnlyWhatCannotBeStored(String name, List<MplRecord> page, List<String> expected) throws Exception {
        db.get().mpls().upsertPage("t1", List.of(dated("a", DAY1), undated("u")), null);
        String tenant = page.get(0).tenantId();
        try (Connection c = db.get().dataSource().getConnection()) {
            assertThat(JdbcMplStore.newRows(c, tenant, page)).extracting(MplRecord::messageGuid).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void upsertPage_newPageThenReplayAndOverlap_insertsOnceAndNeverDuplicates() {
        List<MplRecord> first = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            first.add(dated("g" + i, DAY1.plusSeconds(i)));
        }
        assertThat(db.get().mpls().upsertPage("t1", first, null)).isEqualTo(new UpsertResult(500, 0, 0));
        assertThat(db.get().mpls().upsertPage("t1", first, null)).isEqualTo(new UpsertResult(0, 0, 500));
        List<MplRecord> overlap = new ArrayList<>(first.subList(400, 500));
        overlap.add(dated("g500", DAY2));
        assertThat(db.get().mpls().upsertPage("t1", overlap, null)).isEqualTo(new UpsertResult(1, 0, 100));
        assertThat(db.get().mpls().count("t1")).isEqualTo(501);
    }

    @Test
    void upsertPage_mixedPage_copiesTheNewAndUpdatesTheChanged() {
        db.get().mpls().upsertPage("t1", List.of(dated("m1", DAY1), undated("m2")), null);
        MplRecord failed = withDates(mpl("t1", "m1", "FAILED", null), DAY1, DAY1.plusSeconds(60));
        MplRecord nowDated = withDates(mpl("t1", "m2", "COMPLETED", null), DAY2, DAY2.plusSeconds(5));
        List<MplRecord> page = List.of(failed, dated("m3", DAY2), nowDated);
        assertThat(db.get().mpls().upsertPage("t1", page, null)).isEqualTo(new UpsertResult(1, 2, 0));
        assertThat(db.get().mpls().allOf("t1")).extracting(MplRecord::messageGuid, MplRecord::status)
                .containsExactly(tuple("m1", "FAILED"), tuple("m2", "COMPLETED"), tuple("m3", "COMPLETED"));
    }

    private static MplRecord dated(String guid, Instant start) {
        return dated(guid, start, "t1");
    }

    private static MplRecord dated(String guid, Instant start, String tenant) {
        return withDates(mpl(tenant, guid, "COMPLETED", null), start, start.plusSeconds(30));
    }

    private static MplRecord undated(String guid) {
        return withDates(mpl("t1", guid, "RETRY", null), null, null);
    }
}
