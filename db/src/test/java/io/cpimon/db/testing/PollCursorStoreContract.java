package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.MplStore;
import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of the poll cursors. Extend it with fresh, empty stores per test that share one database. */
public abstract class PollCursorStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected abstract PollCursorStore cursors();

    protected abstract MplStore mpls();

    @Test
    void get_unknownCursor_isEmpty() {
        assertThat(cursors().get("weu", "mpl")).isEmpty();
    }

    @Test
    void recordFailure_repeated_countsAndKeepsWatermark() {
        mpls().upsertPage("weu", List.of(), new MplStore.CursorAdvance("mpl", T0, T0));

        cursors().recordFailure("weu", "mpl", T0.plusSeconds(30), "HTTP 503");
        cursors().recordFailure("weu", "mpl", T0.plusSeconds(60), "connection refused");

        assertThat(cursors().get("weu", "mpl")).contains(
                new PollCursor("weu", "mpl", T0, T0, T0.plusSeconds(60), "connection refused", 2, 0));
    }

    @Test
    void recordFailure_firstPoll_createsCursorWithoutWatermark() {
        cursors().recordFailure("weu", "artifacts", T0, "HTTP 401");

        assertThat(cursors().get("weu", "artifacts")).contains(
                new PollCursor("weu", "artifacts", null, null, T0, "HTTP 401", 1, 0));
    }

    @Test
    void recordSuccess_afterFailures_clearsErrorAndKeepsWatermark() {
        mpls().upsertPage("weu", List.of(), new MplStore.CursorAdvance("mpl", T0, T0));
        cursors().recordFailure("weu", "mpl", T0.plusSeconds(30), "HTTP 503");

        cursors().recordSuccess("weu", "mpl", T0.plusSeconds(60));

        assertThat(cursors().get("weu", "mpl")).contains(
                new PollCursor("weu", "mpl", T0, T0.plusSeconds(60), T0.plusSeconds(60), null, 0, 0));
    }

    @Test
    void all_cursors_orderedByTenantAndStream() {
        cursors().recordSuccess("weu", "mpl", T0);
        cursors().recordSuccess("eus", "mpl", T0);
        cursors().recordSuccess("weu", "artifacts", T0);

        assertThat(cursors().all()).extracting(c -> c.tenantId() + "/" + c.stream())
                .containsExactly("eus/mpl", "weu/artifacts", "weu/mpl");
    }
}
