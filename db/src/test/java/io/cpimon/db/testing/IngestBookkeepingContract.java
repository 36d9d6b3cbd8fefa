package io.cpimon.db.testing;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.ErrorText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The poller's bookkeeping on {@link MplStore}: which unfinished messages to re-read by GUID, and which
 * error texts are still to fetch (once, never for DISCARDED).
 */
public abstract class IngestBookkeepingContract {
    protected static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    protected abstract MplStore mpls();

    private MplRecord without(MplRecord r) {
        return MplRecords.withDetails(r, r.customHeaders(), null);
    }

    @Test
    void unfinished_mixOfStatuses_returnsOnlyNotEndedOnesBeforeTheBound_nullDatesFirst() {
        mpls().upsertPage("t1", List.of(
                mpl("t1", "done", "COMPLETED", T.minusSeconds(600)),
                mpl("t1", "proc", "PROCESSING", T.minusSeconds(500)),
                mpl("t1", "retry-null", "RETRY", null),
                mpl("t1", "aband", "ABANDONED", T.minusSeconds(400)),
                mpl("t1", "recent", "PROCESSING", T.minusSeconds(10)),
                mpl("t1", "disc", "DISCARDED", T.minusSeconds(700))), null);
        mpls().upsertPage("t2", List.of(mpl("t2", "other", "PROCESSING", T.minusSeconds(500))), null);

        assertThat(mpls().unfinished("t1", T.minusSeconds(60), T, 10)).containsExactly("retry-null", "proc", "aband");
        assertThat(mpls().unfinished("t1", T.minusSeconds(60), T, 2)).containsExactly("retry-null", "proc");
    }

    @Test
    void unfinished_afterMarkRechecked_skipsThemUntilTheyAreDueAgain_leastRecentFirst() {
        mpls().upsertPage("t1", List.of(mpl("t1", "a", "PROCESSING", T.minusSeconds(500)),
                mpl("t1", "b", "RETRY", T.minusSeconds(400))), null);
        mpls().markRechecked("t1", List.of("a"), T);

        assertThat(mpls().unfinished("t1", T, T, 10)).containsExactly("b");
        mpls().markRechecked("t1", List.of("b"), T.plusSeconds(30));
        assertThat(mpls().unfinished("t1", T, T.plusSeconds(60), 10)).containsExactly("a", "b");
    }

    @Test
    void missingErrorTexts_failedEscalatedDiscarded_onlyFailedAndEscalatedUntilFetched() {
        mpls().upsertPage("t1", List.of(
                without(mpl("t1", "f1", "FAILED", T.minusSeconds(300))),
                without(mpl("t1", "e1", "ESCALATED", T.minusSeconds(200))),
                mpl("t1", "d1", "DISCARDED", T.minusSeconds(100)),
                mpl("t1", "c1", "COMPLETED", T.minusSeconds(100))), null);
        assertThat(mpls().missingErrorTexts("t1", 10)).containsExactly("f1", "e1");

        mpls().storeErrorTexts("t1", List.of(new ErrorText("f1", "HTTP 500"), new ErrorText("e1", null)), T);

        assertThat(mpls().missingErrorTexts("t1", 10)).isEmpty();
        Map<String, String> texts = new TreeMap<>();
        mpls().allOf("t1").forEach(r -> texts.put(r.messageGuid(), String.valueOf(r.errorText())));
        assertThat(texts).containsEntry("f1", "HTTP 500").containsEntry("e1", "null");
    }

    @Test
    void missingErrorTexts_statusMovesOnAfterFetch_dueAgain() {
        MplRecord escalated = without(mpl("t1", "m", "ESCALATED", T.minusSeconds(300)));
        mpls().upsertPage("t1", List.of(escalated), null);
        mpls().storeErrorTexts("t1", List.of(new ErrorText("m", "first")), T);
        assertThat(mpls().missingErrorTexts("t1", 10)).isEmpty();

        mpls().upsertPage("t1", List.of(withStatus(escalated, "FAILED", T.minusSeconds(100))), null);

        assertThat(mpls().missingErrorTexts("t1", 10)).containsExactly("m");
        assertThat(mpls().allOf("t1").getFirst().errorText()).as("the old text stays until the new one is fetched").isEqualTo("first");
    }

    @Test
    void upsertPage_replayOfOlderNonFinalVersion_neverRegressesAFinalStatus() {
        MplRecord processing = mpl("t1", "m", "PROCESSING", T.minusSeconds(300));
        mpls().upsertPage("t1", List.of(withStatus(processing, "COMPLETED", T.minusSeconds(100))), null);

        MplStore.UpsertResult stale = mpls().upsertPage("t1", List.of(processing), null);

        assertThat(stale.updated()).isZero();
        assertThat(mpls().allOf("t1").getFirst().status()).isEqualTo("COMPLETED");
    }

    @Test
    void deleteEndedBefore_oldNewAndNullDated_deletesOnlyOldOnesInBatches() {
        Instant y2000 = Instant.parse("2000-01-01T00:00:00Z");
        mpls().upsertPage("t1", List.of(
                mpl("t1", "old1", "COMPLETED", y2000.plusSeconds(1)),
                mpl("t1", "old2", "FAILED", y2000.plusSeconds(2)),
                mpl("t1", "old3", "COMPLETED", y2000.plusSeconds(3)),
                mpl("t1", "new", "COMPLETED", T),
                mpl("t1", "retry-null", "RETRY", null)), null);
        Instant cutoff = y2000.plus(Duration.ofDays(1));

        assertThat(mpls().deleteEndedBefore(cutoff, 2)).as("one batch").isEqualTo(2);
        assertThat(mpls().deleteEndedBefore(cutoff, 2)).isEqualTo(1);
        assertThat(mpls().deleteEndedBefore(cutoff, 2)).isZero();
        assertThat(mpls().allOf("t1")).extracting(MplRecord::messageGuid)
                .as("a null-dated row first seen after the cutoff stays").containsExactlyInAnyOrder("new", "retry-null");

        assertThat(mpls().deleteEndedBefore(Instant.now().plus(Duration.ofDays(3650)), 10))
                .as("null-dated rows go by first_seen").isEqualTo(2);
        assertThat(mpls().count("t1")).isZero();
    }
}
