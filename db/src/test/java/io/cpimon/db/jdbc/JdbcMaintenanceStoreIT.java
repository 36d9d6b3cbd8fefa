package io.cpimon.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.config.LabelMatcher;
import io.cpimon.db.MaintenanceWindow;
import io.cpimon.db.Silence;
import io.cpimon.db.testing.FreshDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Maintenance windows and their silences, and a silence's extension, on PostgreSQL with the real migrations. */
class JdbcMaintenanceStoreIT {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final List<List<LabelMatcher>> PAIR = List.of(List.of(LabelMatcher.parse("pair=\"prod\"")),
            List.of(LabelMatcher.parse("tenant=~\"a|b\"")));

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Test
    void window_createdExtendedEnded_itsSilencesFollow() {
        MaintenanceWindow w = db.get().maintenance().create("pair", "prod", PAIR, T0.minusSeconds(60),
                T0.plusSeconds(3600), "ops", "upgrade");
        assertThat(w.silenceIds()).hasSize(2);
        assertThat(w.state(T0)).isEqualTo(Silence.State.ACTIVE);
        assertThat(db.get().silences().current(T0)).extracting(Silence::endsAt)
                .containsOnly(T0.plusSeconds(3600));

        assertThat(db.get().maintenance().extend(w.id(), T0.plusSeconds(7200), T0)).hasValueSatisfying(x ->
                assertThat(x.endsAt()).isEqualTo(T0.plusSeconds(7200)));
        assertThat(db.get().silences().current(T0)).extracting(Silence::endsAt).containsOnly(T0.plusSeconds(7200));

        assertThat(db.get().maintenance().end(w.id(), T0)).isTrue();
        assertThat(db.get().maintenance().end(w.id(), T0)).as("already ended").isFalse();
        assertThat(db.get().silences().current(T0)).isEmpty();
        assertThat(db.get().maintenance().current(T0)).isEmpty();
        assertThat(db.get().maintenance().list(10)).singleElement()
                .satisfies(x -> assertThat(x.state(T0)).isEqualTo(Silence.State.EXPIRED));
        assertThat(db.get().maintenance().extend(w.id(), T0.plusSeconds(60), T0)).isEmpty();
    }

    @Test
    void window_endedBeforeItStarts_isRemovedWithItsSilences() {
        MaintenanceWindow w = db.get().maintenance().create("tenant", "a",
                List.of(List.of(LabelMatcher.parse("tenant=\"a\""))), T0.plusSeconds(600), T0.plusSeconds(1200), "ops",
                null);
        assertThat(db.get().maintenance().current(T0)).extracting(MaintenanceWindow::id).containsExactly(w.id());

        assertThat(db.get().maintenance().end(w.id(), T0)).isTrue();
        assertThat(db.get().maintenance().get(w.id())).isEmpty();
        assertThat(db.get().silences().list(10)).isEmpty();
    }

    @Test
    void window_invalid_refused() {
        assertThatThrownBy(() -> db.get().maintenance().create("cluster", "x", PAIR, T0, T0.plusSeconds(1), "ops", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.get().maintenance().create("pair", "prod", List.of(), T0, T0.plusSeconds(1), "ops",
                null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.get().maintenance().create("pair", "prod", PAIR, T0, T0, "ops", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(db.get().maintenance().list(10)).isEmpty();
    }

    @Test
    void silence_extend_movesTheEndOfANotExpiredSilenceOnly() {
        Silence s = db.get().silences().create(List.of(LabelMatcher.parse("tenant=\"a\"")), T0.minusSeconds(60),
                T0.plusSeconds(60), "ops", null);
        assertThat(db.get().silences().extend(s.id(), T0.plusSeconds(600), T0)).hasValueSatisfying(x ->
                assertThat(x.endsAt()).isEqualTo(T0.plusSeconds(600)));
        assertThatThrownBy(() -> db.get().silences().extend(s.id(), T0.minusSeconds(1), T0))
                .isInstanceOf(IllegalArgumentException.class);
        db.get().silences().expire(s.id(), T0);
        assertThat(db.get().silences().extend(s.id(), T0.plusSeconds(600), T0)).isEmpty();
    }
}
