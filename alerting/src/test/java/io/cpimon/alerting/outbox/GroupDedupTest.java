package io.cpimon.alerting.outbox;

import static io.cpimon.alerting.testing.AlertingFixtures.NOW;
import static io.cpimon.alerting.testing.AlertingFixtures.notice;
import static io.cpimon.alerting.testing.AlertingFixtures.repeatMarker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.NotificationReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dedup reasons as a table (Alertmanager's TestDedupStageNeedsUpdate). */
class GroupDedupTest {

    static AlertNotice firing(String fp) {
        return notice(fp).build();
    }

    static AlertNotice resolved(String fp) {
        return notice(fp).resolvedAt(NOW.plus(Duration.ofMinutes(10))).build();
    }

    static AlertNotice repeat() {
        return repeatMarker();
    }

    static List<AlertNotice> told(String... fps) {
        return Arrays.stream(fps).map(GroupDedupTest::firing).toList();
    }

    static Stream<Arguments> table() {
        return Stream.of(
                argumentSet("nothing told, one fires → first", told(), List.of(firing("a")), Set.of(),
                        NotificationReason.FIRST, List.of("a"), List.of()),
                argumentSet("nothing told, two fire → first with both", told(), List.of(firing("a"), firing("b")), Set.of(),
                        NotificationReason.FIRST, List.of("a", "b"), List.of()),
                argumentSet("nothing told, fires and resolves within the flush → nothing", told(),
                        List.of(firing("a"), resolved("a")), Set.of(), NotificationReason.NOTHING_NEW, List.of(), List.of()),
                argumentSet("a told, a fires again → nothing new", told("a"), List.of(firing("a")), Set.of(),
                        NotificationReason.NOTHING_NEW, List.of("a"), List.of()),
                argumentSet("a told, b fires → new firing with both", told("a"), List.of(firing("b")), Set.of(),
                        NotificationReason.NEW_FIRING, List.of("a", "b"), List.of()),
                argumentSet("a and b told, a resolves → some resolved", told("a", "b"), List.of(resolved("a")), Set.of(),
                        NotificationReason.NEW_RESOLVED, List.of("b"), List.of("a")),
                argumentSet("a told, a resolves → all resolved", told("a"), List.of(resolved("a")), Set.of(),
                        NotificationReason.ALL_RESOLVED, List.of(), List.of("a")),
                argumentSet("a told, b never told resolves → nothing", told("a"), List.of(resolved("b")), Set.of(),
                        NotificationReason.NOTHING_NEW, List.of("a"), List.of()),
                argumentSet("a told, a resolves and b fires → new firing", told("a"), List.of(resolved("a"), firing("b")), Set.of(),
                        NotificationReason.NEW_FIRING, List.of("b"), List.of("a")),
                argumentSet("a told, a resolves and fires again → nothing new", told("a"), List.of(resolved("a"), firing("a")),
                        Set.of(), NotificationReason.NOTHING_NEW, List.of("a"), List.of()),
                argumentSet("a told, repeat → repeat", told("a"), List.of(repeat()), Set.of(),
                        NotificationReason.REPEAT, List.of("a"), List.of()),
                argumentSet("a told and acknowledged, repeat → not repeated", told("a"), List.of(repeat()), Set.of("a"),
                        NotificationReason.ALL_ACKNOWLEDGED, List.of(), List.of()),
                argumentSet("a and b told, a acknowledged, repeat → repeat shows b", told("a", "b"), List.of(repeat()), Set.of("a"),
                        NotificationReason.REPEAT, List.of("b"), List.of()),
                argumentSet("nothing firing, repeat → nothing", told(), List.of(repeat()), Set.of(),
                        NotificationReason.NOTHING_NEW, List.of(), List.of()),
                argumentSet("acknowledged but new alert fires → new firing, acknowledged one shown", told("a"), List.of(firing("b")),
                        Set.of("a"), NotificationReason.NEW_FIRING, List.of("a", "b"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("table")
    void decide_table(List<AlertNotice> told, List<AlertNotice> rows, Set<String> acked, NotificationReason reason,
                      List<String> shownFiring, List<String> resolved) {
        GroupDedup.Decision d = GroupDedup.decide(told, rows, acked);

        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.shownFiring()).extracting(AlertNotice::fingerprint).containsExactlyElementsOf(shownFiring);
        assertThat(d.resolved()).extracting(AlertNotice::fingerprint).containsExactlyElementsOf(resolved);
    }
}
