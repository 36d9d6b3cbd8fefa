package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertAck;
import io.cpimon.db.AlertEvent;
import io.cpimon.db.AlertQuery;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.Keyset;
import io.cpimon.db.NewAlert;
import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AlertStore} with its outbox. Extend it with fresh, empty stores per test that
 * share one database.
 */
public abstract class AlertStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected abstract AlertStore alerts();

    protected abstract NotificationStore notifications();

    private static NewAlert down(String tenant, AlertState state) {
        return new NewAlert("fp-" + tenant, "tenant_down", Map.of("tenant", tenant, "severity", "critical"),
                Map.of("summary", tenant + " is down"), state, T0);
    }

    private static NewNotification note(String dedupKey) {
        return new NewNotification(null, "ops-teams", dedupKey, "tenant_down", "{\"k\":\"" + dedupKey + "\"}", T0);
    }

    private List<Notification> outbox() {
        return notifications().list(null, 100);
    }

    @Test
    void open_newFingerprint_writesAlertEventAndNotifications() {
        Alert alert = alerts().open(down("prod-weu", AlertState.FIRING), List.of(note("a1"), note("a2")));

        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.activeAt()).isEqualTo(T0);
        assertThat(alert.firingAt()).isEqualTo(T0);
        assertThat(alert.lastActiveAt()).isEqualTo(T0);
        assertThat(alert.labels()).containsEntry("tenant", "prod-weu");
        assertThat(alert.annotations()).containsEntry("summary", "prod-weu is down");
        assertThat(alerts().get(alert.id())).contains(alert);
        assertThat(alerts().history(alert.id())).singleElement()
                .isEqualTo(new AlertEvent(alerts().history(alert.id()).getFirst().id(), alert.id(), null, AlertState.FIRING, T0));
        assertThat(outbox()).extracting(Notification::dedupKey, Notification::alertId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a1", alert.id()),
                        org.assertj.core.groups.Tuple.tuple("a2", alert.id()));
    }

    @Test
    void open_pending_hasNoFiringTime() {
        Alert alert = alerts().open(down("prod-weu", AlertState.PENDING), List.of());

        assertThat(alert.state()).isEqualTo(AlertState.PENDING);
        assertThat(alert.firingAt()).isNull();
        assertThat(alert.open()).isTrue();
    }

    @Test
    void open_fingerprintAlreadyOpen_isRejectedAndWritesNothing() {
        alerts().open(down("prod-weu", AlertState.PENDING), List.of(note("first")));

        assertThatThrownBy(() -> alerts().open(down("prod-weu", AlertState.FIRING), List.of(note("second"))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(alerts().openAlerts()).hasSize(1);
        assertThat(outbox()).extracting(Notification::dedupKey).containsExactly("first");
    }

    @Test
    void open_fingerprintOfResolvedAlert_opensANewEpisode() {
        Alert first = alerts().open(down("prod-weu", AlertState.FIRING), List.of());
        alerts().transition(first.id(), AlertState.RESOLVED, T0.plusSeconds(60), List.of());

        Alert second = alerts().open(down("prod-weu", AlertState.PENDING), List.of());

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(alerts().openAlerts()).extracting(Alert::id).containsExactly(second.id());
    }

    @Test
    void transition_pendingToFiringToResolved_recordsHistoryAndNotifications() {
        Alert alert = alerts().open(down("prod-weu", AlertState.PENDING), List.of());

        Alert firing = alerts().transition(alert.id(), AlertState.FIRING, T0.plusSeconds(30), List.of(note("firing")));
        alerts().acknowledge(alert.id(), "alice", T0.plusSeconds(40), "looking");
        Alert resolved = alerts().transition(alert.id(), AlertState.RESOLVED, T0.plusSeconds(90), List.of(note("resolved")));

        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.firingAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.endsAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(resolved.firingAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(resolved.ackedBy()).isNull();
        assertThat(resolved.ackedAt()).isNull();
        assertThat(resolved.ackComment()).isNull();
        assertThat(resolved.open()).isFalse();
        assertThat(alerts().history(alert.id()))
                .extracting(AlertEvent::fromState, AlertEvent::toState, AlertEvent::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, AlertState.PENDING, T0),
                        org.assertj.core.groups.Tuple.tuple(AlertState.PENDING, AlertState.FIRING, T0.plusSeconds(30)),
                        org.assertj.core.groups.Tuple.tuple(AlertState.FIRING, AlertState.RESOLVED, T0.plusSeconds(90)));
        assertThat(outbox()).extracting(Notification::dedupKey).containsExactlyInAnyOrder("firing", "resolved");
        assertThat(alerts().openAlerts()).isEmpty();
    }

    @Test
    void transition_resolvedAlert_isRejectedAndWritesNothing() {
        Alert alert = alerts().open(down("prod-weu", AlertState.FIRING), List.of());
        alerts().transition(alert.id(), AlertState.RESOLVED, T0.plusSeconds(60), List.of());

        assertThatThrownBy(() -> alerts().transition(alert.id(), AlertState.FIRING, T0.plusSeconds(70), List.of(note("x"))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(alerts().history(alert.id())).hasSize(2);
        assertThat(outbox()).isEmpty();
    }

    @Test
    void transition_notificationFails_leavesAlertAsItWas() {
        Alert alert = alerts().open(down("prod-weu", AlertState.PENDING), List.of());
        NewNotification broken = new NewNotification(null, "ops-teams", "broken", "g", "{not json", T0);

        assertThatThrownBy(() -> alerts().transition(alert.id(), AlertState.FIRING, T0.plusSeconds(30),
                List.of(note("fine"), broken))).isInstanceOf(RuntimeException.class);

        assertThat(alerts().get(alert.id())).contains(alert);
        assertThat(alerts().history(alert.id())).hasSize(1);
        assertThat(outbox()).isEmpty();
    }

    @Test
    void transition_duplicateDedupKey_isSkipped() {
        Alert alert = alerts().open(down("prod-weu", AlertState.PENDING), List.of(note("k")));

        alerts().transition(alert.id(), AlertState.FIRING, T0.plusSeconds(30), List.of(note("k")));

        assertThat(outbox()).hasSize(1);
    }

    @Test
    void touch_openAlert_updatesLastActiveAndAnnotations() {
        Alert alert = alerts().open(down("prod-weu", AlertState.FIRING), List.of());

        alerts().touch(alert.id(), T0.plusSeconds(45), Map.of("summary", "still down"));

        Alert touched = alerts().get(alert.id()).orElseThrow();
        assertThat(touched.lastActiveAt()).isEqualTo(T0.plusSeconds(45));
        assertThat(touched.annotations()).isEqualTo(Map.of("summary", "still down"));
        assertThat(touched.state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void acknowledge_existingAlert_recordsWhoWhenWhy() {
        Alert alert = alerts().open(down("prod-weu", AlertState.FIRING), List.of());

        Alert acked = alerts().acknowledge(alert.id(), "alice", T0.plusSeconds(10), "on it").orElseThrow();

        assertThat(acked.ackedBy()).isEqualTo("alice");
        assertThat(acked.ackedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(acked.ackComment()).isEqualTo("on it");
        assertThat(alerts().get(alert.id())).contains(acked);
    }

    @Test
    void acknowledge_unknownAlert_isEmpty() {
        assertThat(alerts().acknowledge(424242L, "alice", T0, null)).isEmpty();
        assertThat(alerts().get(424242L)).isEmpty();
    }

    @Test
    void list_filters_newestFirst() {
        Alert weu = alerts().open(down("prod-weu", AlertState.FIRING), List.of());
        Alert eus = alerts().open(new NewAlert("fp-eus", "tenant_down", Map.of("tenant", "prod-eus"), Map.of(),
                AlertState.PENDING, T0.plusSeconds(10)), List.of());
        Alert failed = alerts().open(new NewAlert("fp-failed", "failed_messages", Map.of("tenant", "prod-weu"), Map.of(),
                AlertState.FIRING, T0.plusSeconds(20)), List.of());

        assertThat(alerts().list(null, null, null, 10)).extracting(Alert::id).containsExactly(failed.id(), eus.id(), weu.id());
        assertThat(alerts().list(AlertState.FIRING, null, null, 10)).extracting(Alert::id).containsExactly(failed.id(), weu.id());
        assertThat(alerts().list(null, "tenant_down", null, 10)).extracting(Alert::id).containsExactly(eus.id(), weu.id());
        assertThat(alerts().list(null, null, "prod-weu", 1)).extracting(Alert::id).containsExactly(failed.id());
    }

    @Test
    void acknowledge_twiceThenResolved_everyAckKeptInOrderWhileTheAlertForgetsIt() {
        Alert a = alerts().open(down("prod-weu", AlertState.FIRING), List.of());
        alerts().acknowledge(a.id(), "alice", T0.plusSeconds(10), "looking");
        alerts().acknowledge(a.id(), "bob", T0.plusSeconds(20), null);
        alerts().transition(a.id(), AlertState.RESOLVED, T0.plusSeconds(30), List.of());

        assertThat(alerts().get(a.id()).orElseThrow().ackedBy()).isNull();
        assertThat(alerts().acks(a.id())).containsExactly(new AlertAck(a.id(), "alice", T0.plusSeconds(10), "looking"),
                new AlertAck(a.id(), "bob", T0.plusSeconds(20), null));
        assertThat(alerts().acknowledge(999_999L, "x", T0, null)).isEmpty();
        assertThat(alerts().acks(999_999L)).isEmpty();
    }

    @Test
    void search_byStatusesAndText_unionOfStatusesAndTextInLabelsAnnotationsOrAcks() {
        Alert weu = alerts().open(down("prod-weu", AlertState.FIRING), List.of());
        Alert eus = alerts().open(down("prod-eus", AlertState.PENDING), List.of());
        alerts().acknowledge(weu.id(), "alice", T0, "rebooting the worker");
        alerts().flag(eus.id(), "3", null);

        assertThat(alerts().search(query(Set.of(AlertQuery.Status.ACKED), null))).extracting(Alert::id)
                .containsExactly(weu.id());
        assertThat(alerts().search(query(Set.of(AlertQuery.Status.SILENCED, AlertQuery.Status.ACKED), null)))
                .extracting(Alert::id).containsExactlyInAnyOrder(weu.id(), eus.id());
        assertThat(alerts().search(query(Set.of(), "REBOOT"))).extracting(Alert::id).containsExactly(weu.id());
        assertThat(alerts().search(query(Set.of(), "prod-eus is"))).extracting(Alert::id).containsExactly(eus.id());
        assertThat(alerts().search(query(Set.of(AlertQuery.Status.RESOLVED), "prod"))).isEmpty();
        assertThat(alerts().search(query(Set.of(), "50%_"))).isEmpty();
    }

    @Test
    void newestPerPair_eachPairsNewestOfTheRules_resolvedIncluded_atMostNPerPair() {
        Alert first = pairAlert("failover", "prod", 0);
        alerts().transition(first.id(), AlertState.RESOLVED, T0.plusSeconds(30), List.of());
        Alert back = pairAlert("failback", "prod", 60);
        Alert again = pairAlert("failover", "prod", 120);
        Alert other = pairAlert("failover", "test", 90);
        pairAlert("dr_drift", "prod", 150);
        alerts().open(new NewAlert("fp-nopair", "failover", Map.of("tenant", "x"), Map.of(), AlertState.FIRING,
                T0.plusSeconds(200)), List.of());

        assertThat(alerts().newestPerPair(List.of("failover", "failback"), 2)).extracting(Alert::id)
                .containsExactly(again.id(), other.id(), back.id());
        assertThat(alerts().newestPerPair(List.of("failover", "failback"), 5)).extracting(Alert::id)
                .containsExactly(again.id(), other.id(), back.id(), first.id());
        assertThat(alerts().newestPerPair(List.of("failback"), 5)).extracting(Alert::id).containsExactly(back.id());
        assertThat(alerts().newestPerPair(List.of("failover"), 0)).isEmpty();
    }

    private Alert pairAlert(String rule, String pair, int second) {
        return alerts().open(new NewAlert("fp-" + rule + "-" + pair + "-" + second, rule, Map.of("pair", pair),
                Map.of(), AlertState.FIRING, T0.plusSeconds(second)), List.of());
    }

    @Test
    void search_startingBefore_pagesNewestFirstByActiveAtThenId_withoutGapsOrRepeats() {
        List<Long> ids = new ArrayList<>();
        for (String tenant : List.of("t1", "t2", "t3")) { // three at T0, ordered by id among themselves
            ids.add(alerts().open(down(tenant, AlertState.FIRING), List.of()).id());
        }
        Alert later = alerts().open(new NewAlert("fp-later", "tenant_down", Map.of("tenant", "t4"), Map.of(),
                AlertState.FIRING, T0.plusSeconds(60)), List.of());
        AlertQuery firstPage = new AlertQuery(null, null, null, null, null, null, 2);

        List<Alert> first = alerts().search(firstPage);
        List<Alert> second = alerts().search(firstPage.startingBefore(
                new Keyset(first.getLast().activeAt(), first.getLast().id())));
        List<Alert> third = alerts().search(firstPage.startingBefore(
                new Keyset(second.getLast().activeAt(), second.getLast().id())));

        assertThat(first).extracting(Alert::id).containsExactly(later.id(), ids.get(2));
        assertThat(second).extracting(Alert::id).containsExactly(ids.get(1), ids.get(0));
        assertThat(third).isEmpty();
        assertThat(alerts().search(firstPage.startingBefore(Keyset.before(T0.plusSeconds(60)))))
                .as("an instant: the alerts that became active before it").extracting(Alert::id)
                .containsExactly(ids.get(2), ids.get(1));
    }

    private static AlertQuery query(Set<AlertQuery.Status> statuses, String text) {
        return new AlertQuery(null, null, null, null, null, null, 100, statuses, text);
    }
}
