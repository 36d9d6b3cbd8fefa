package io.cpimon.db.jdbc;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withDates;
import static org.assertj.core.api.Assertions.assertThat;

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
 * When a page may be COPYed straight into mpl ({@code JdbcMplStore.allNew}) instead of staged and upserted: only when
 * none of its messages can be stored already. Stored beforehand: "a" (dated, 2026-01-10), "u" (first stored undated).
 */
class MplCopyPathIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static final Instant DAY1 = Instant.parse("2026-01-10T12:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-01-11T12:00:00Z");

    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of("new dated messages", List.of(dated("n1", DAY1), dated("n2", DAY2)), true),
                Arguments.of("a stored message among new ones", List.of(dated("n1", DAY1), dated("a", DAY1)), false),
                Arguments.of("a message first stored undated, now dated", List.of(dated("n1", DAY1), dated("u", DAY2)), false),
                Arguments.of("an undated message", List.of(dated("n1", DAY1), undated("n3")), false),
                Arguments.of("another tenant's GUID is no conflict", List.of(dated("a", DAY1, "t2")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void allNew_page_copiesOnlyWhenNothingCanBeStored(String name, List<MplRecord> page, boolean expected) throws Exception {
        db.get().mpls().upsertPage("t1", List.of(dated("a", DAY1), undated("u")), null);
        String tenant = page.get(0).tenantId();
        try (Connection c = db.get().dataSource().getConnection()) {
            assertThat(JdbcMplStore.allNew(c, tenant, page)).isEqualTo(expected);
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
