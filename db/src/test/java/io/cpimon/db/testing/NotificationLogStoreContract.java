package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.NotificationLogEntry;
import io.cpimon.db.NotificationLogStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The contract of the notification log. Extend it with a fresh, empty store per test. */
public abstract class NotificationLogStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected abstract NotificationLogStore log();

    static NotificationLogEntry entry(String group, String channel, Instant episode, Instant sent, String reason) {
        return new NotificationLogEntry(group, channel, episode == null ? "[]" : "[{\"fingerprint\":\"a\"}]", episode, reason, sent,
                "ref-" + group);
    }

    @Test
    void get_nothingWritten_isEmpty() {
        assertThat(log().get("g", "teams")).isEmpty();
    }

    @Test
    void put_twice_replacesTheEntryOfItsGroupAndChannel() {
        log().put(entry("g", "teams", T0, T0, "first notification"));
        log().put(entry("g", "mail", T0, T0, "first notification"));

        log().put(entry("g", "teams", null, T0.plusSeconds(60), "all alerts resolved"));

        assertThat(log().get("g", "teams")).hasValueSatisfying(e -> {
            assertThat(e.lastReason()).isEqualTo("all alerts resolved");
            assertThat(e.episodeStart()).isNull();
            assertThat(e.lastSentAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(e.firingJson()).isEqualTo("[]");
            assertThat(e.externalRef()).isEqualTo("ref-g");
        });
        assertThat(log().get("g", "mail")).hasValueSatisfying(e -> assertThat(e.episodeStart()).isEqualTo(T0));
        assertThat(log().list(10)).hasSize(2);
    }

    @Test
    void firingSentBefore_onlyFiringGroupsSentAtOrBefore_oldestFirst() {
        log().put(entry("old", "teams", T0, T0, "first notification"));
        log().put(entry("older", "teams", T0, T0.minusSeconds(60), "first notification"));
        log().put(entry("recent", "teams", T0, T0.plusSeconds(60), "first notification"));
        log().put(entry("resolved", "teams", null, T0.minusSeconds(600), "all alerts resolved"));

        assertThat(log().firingSentBefore(T0, 10)).extracting(NotificationLogEntry::groupKey).containsExactly("older", "old");
    }
}
