package io.cpimon.db.jdbc;

import static io.cpimon.db.testing.MplRecords.mpl;
import static io.cpimon.db.testing.MplRecords.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.Database;
import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardDeadLetter;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.ForwardStore;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.RuleQueries.ForwarderState;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The forwarders' positions, cursors and dead letters against PostgreSQL with the real migrations. */
class JdbcForwardStoreIT {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static void store(MplRecord... rows) {
        db.get().mpls().upsertPage(rows[0].tenantId(), List.of(rows), new MplStore.CursorAdvance("mpl", T0, T0));
    }

    private static ForwardStore forwarding() {
        return db.get().forwarding();
    }

    @Test
    void changes_inPositionOrder_updatesMoveToTheEnd_bookkeepingDoesNot() {
        store(mpl("t1", "a", "PROCESSING", null), mpl("t1", "b", "COMPLETED", T0));
        store(mpl("t1", "c", "FAILED", T0.plusSeconds(1)));
        List<ForwardChange> first = forwarding().changesAfter(ForwardPosition.START, 100);
        assertThat(first).extracting(c -> c.mpl().messageGuid()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(first.get(2).mpl().messageGuid()).isEqualTo("c");

        ForwardPosition after = first.get(first.size() - 1).position();
        store(withStatus(mpl("t1", "a", "PROCESSING", null), "COMPLETED", T0.plusSeconds(2)));
        db.get().mpls().markRechecked("t1", List.of("b"), T0.plusSeconds(3));
        List<ForwardChange> next = forwarding().changesAfter(after, 100);
        assertThat(next).extracting(c -> c.mpl().messageGuid() + "=" + c.mpl().status()).containsExactly("a=COMPLETED");
        assertThat(forwarding().lag(after, 1000).rows()).isEqualTo(1);
        assertThat(forwarding().lag(next.get(0).position(), 1000).rows()).isZero();
    }

    @Test
    void changesOfARunningTransaction_areNotRead_untilItEnds() throws SQLException {
        store(mpl("t1", "a", "COMPLETED", T0));
        ForwardPosition first = forwarding().changesAfter(ForwardPosition.START, 100).get(0).position();
        try (Connection c = db.get().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE mpl SET status = 'FAILED' WHERE message_guid = 'a'");
            }
            store(mpl("t1", "b", "COMPLETED", T0));
            assertThat(forwarding().changesAfter(first, 100)).isEmpty();
            c.commit();
        }
        assertThat(forwarding().changesAfter(first, 100))
                .extracting(ch -> ch.mpl().messageGuid() + "=" + ch.mpl().status())
                .containsExactly("a=FAILED", "b=COMPLETED");
    }

    @Test
    void stop_onTheCursor_clearedByARestartOrAnAdvance_readByTheRuleQuery() {
        store(mpl("t1", "a", "COMPLETED", T0), mpl("t1", "b", "FAILED", T0));
        List<ForwardChange> changes = forwarding().changesAfter(ForwardPosition.START, 100);
        forwarding().recordStopped("law", "HTTP 403 from the DCR", T0);
        assertThat(forwarding().cursor("law").stopped()).isEqualTo("HTTP 403 from the DCR");
        assertThat(forwarding().cursor("law").stoppedAt()).isEqualTo(T0);
        assertThat(forwarding().cursor("law").position()).isEqualTo(ForwardPosition.START);

        List<ForwarderState> states = db.get().ruleQueries().forwarders(List.of("otel", "law"));
        assertThat(states).extracting(ForwarderState::sink).containsExactly("otel", "law");
        assertThat(states.get(0).stopped()).isNull();
        assertThat(states.get(0).oldestPending()).as("no cursor row: before every change")
                .isEqualTo(changes.get(0).storedAt());
        assertThat(states.get(1).stopped()).isEqualTo("HTTP 403 from the DCR");
        assertThat(states.get(1).stoppedAt()).isEqualTo(T0);

        forwarding().advance("law", changes.get(1).position(), changes.get(1), List.of(), T0.plusSeconds(5));
        ForwarderState law = db.get().ruleQueries().forwarders(List.of("law")).get(0);
        assertThat(law.stopped()).isNull();
        assertThat(law.oldestPending()).isNull();
        assertThat(law.lastSuccess()).isEqualTo(T0.plusSeconds(5));

        forwarding().recordStopped("law", "HTTP 401", T0.plusSeconds(6));
        forwarding().recordStopped("law", null, T0.plusSeconds(7));
        assertThat(forwarding().cursor("law").stopped()).isNull();
        assertThat(forwarding().cursor("law").stoppedAt()).isNull();
        assertThat(db.get().ruleQueries().forwarders(List.of())).isEmpty();
    }

    @Test
    void cursor_advancesNeverBackwards_keepsDeadLetters_recordsErrors() {
        store(mpl("t1", "a", "COMPLETED", T0), mpl("t1", "b", "FAILED", T0));
        List<ForwardChange> changes = forwarding().changesAfter(ForwardPosition.START, 100);
        ForwardChange last = changes.get(1);
        assertThat(forwarding().cursor("law").position()).isEqualTo(ForwardPosition.START);

        forwarding().recordError("law", "HTTP 503", T0);
        assertThat(forwarding().cursor("law").lastError()).isEqualTo("HTTP 503");
        ForwardDeadLetter dead = new ForwardDeadLetter(0, "law", "t1", "b", "FAILED", last.position(), "{}",
                "HTTP 400 InvalidRequestContent", T0);
        forwarding().advance("law", last.position(), last, List.of(dead), T0.plusSeconds(1));
        forwarding().advance("law", changes.get(0).position(), changes.get(0), List.of(), T0.plusSeconds(2));

        var cursor = forwarding().cursor("law");
        assertThat(cursor.position()).isEqualTo(last.position());
        assertThat(cursor.lastError()).isNull();
        assertThat(cursor.lastSuccess()).isEqualTo(T0.plusSeconds(2));
        assertThat(forwarding().deadLetterCount("law")).isEqualTo(1);
        assertThat(forwarding().deadLetters("law", 10)).extracting(ForwardDeadLetter::messageGuid).containsExactly("b");
        assertThat(forwarding().cursor("otlp").position()).isEqualTo(ForwardPosition.START);
    }

    @Test
    void replacedStates_readInOrder_prunedWhenPassedOrByAge_aGapIsCounted() {
        try (Database d = TestDatabase.fresh()) {
            ForwardStore f = d.forwarding();
            f.register(List.of("law"));
            MplRecord m = mpl("t1", "s", "PROCESSING", null);
            MplStore.CursorAdvance page = new MplStore.CursorAdvance("mpl", T0, T0);
            d.mpls().upsertPage("t1", List.of(m), page);
            d.mpls().upsertPage("t1", List.of(withStatus(m, "RETRY", T0)), page);
            d.mpls().upsertPage("t1", List.of(withStatus(m, "FAILED", T0.plusSeconds(1))), page);
            d.mpls().upsertPage("t1", List.of(withStatus(m, "FAILED", T0.plusSeconds(1))), page);
            d.mpls().storeErrorTexts("t1", List.of(new MplStore.ErrorText("s", "HTTP 500")), T0);
            d.mpls().storeErrorTexts("t1", List.of(new MplStore.ErrorText("s", "HTTP 500")), T0);

            List<ForwardChange> all = f.changesAfter(ForwardPosition.START, 100);
            assertThat(all).extracting(c -> c.mpl().status() + "/" + c.mpl().errorText())
                    .as("every stored state once, in order; an unchanged re-read is no change")
                    .containsExactly("PROCESSING/null", "RETRY/null", "FAILED/null", "FAILED/HTTP 500");
            assertThat(f.lag(ForwardPosition.START, 100).rows()).isEqualTo(4);

            f.advance("law", all.get(0).position(), all.get(0), List.of(), T0);
            ForwardStore.ChangeLogPrune passed = f.pruneChanges(Instant.EPOCH);
            assertThat(passed.passed()).as("PROCESSING, which law has passed").isEqualTo(1);
            assertThat(passed.expired()).isZero();
            assertThat(f.changesAfter(all.get(0).position(), 100)).hasSize(3);

            ForwardStore.ChangeLogPrune aged = f.pruneChanges(Instant.now().plusSeconds(60));
            assertThat(aged.expired()).as("RETRY and the first FAILED, replaced and older than the cutoff").isEqualTo(2);
            assertThat(aged.gaps()).containsExactly(Map.entry("law", 2L));
            assertThat(f.cursor("law").gapRows()).isEqualTo(2);
            assertThat(f.cursor("law").gapAt()).isNotNull();
            assertThat(f.changesAfter(all.get(0).position(), 100)).extracting(c -> c.mpl().errorText())
                    .containsExactly("HTTP 500");
        }
    }

    @Test
    void withoutAConfiguredForwarder_replacedStatesAreNotKept() {
        try (Database d = TestDatabase.fresh()) {
            d.forwarding().register(List.of());
            MplRecord m = mpl("t1", "s", "PROCESSING", null);
            d.mpls().upsertPage("t1", List.of(m), null);
            d.mpls().upsertPage("t1", List.of(withStatus(m, "COMPLETED", T0)), null);
            assertThat(d.forwarding().changesAfter(ForwardPosition.START, 100)).extracting(c -> c.mpl().status())
                    .containsExactly("COMPLETED");

            d.forwarding().register(List.of("law"));
            d.mpls().upsertPage("t1", List.of(withStatus(m, "FAILED", T0.plusSeconds(1))), null);
            assertThat(d.forwarding().changesAfter(ForwardPosition.START, 100)).extracting(c -> c.mpl().status())
                    .containsExactly("COMPLETED", "FAILED");
        }
    }
}
