package io.cpimon.alerting.lifecycle;

import io.cpimon.db.AlertFlags;
import java.util.Objects;

/**
 * What mutes one alert at one evaluation; both null: it notifies. Immutable.
 * @param silencedBy nullable: comma-separated ids of the matching silences
 * @param inhibitedBy nullable: {@code <rule> <fingerprint>} of the inhibiting alerts, comma-separated
 */
record Mute(String silencedBy, String inhibitedBy) {
    static final Mute NONE = new Mute(null, null);

    boolean muted() {
        return silencedBy != null || inhibitedBy != null;
    }

    Mute silenced(String by) {
        return new Mute(by, inhibitedBy);
    }

    Mute inhibited(String by) {
        return new Mute(silencedBy, by);
    }

    /** Whether the stored flags say the same (no flags stored: not the same). */
    boolean sameAs(AlertFlags f) {
        return f != null && Objects.equals(silencedBy, f.silencedBy()) && Objects.equals(inhibitedBy, f.inhibitedBy());
    }

    /** Whether the stored flags must be rewritten: they differ, and either side mutes. */
    boolean changes(AlertFlags before) {
        return !(sameAs(before) || (before == null && !muted()));
    }

    /** Whether an alert muted before is muted no longer (its firing notification is owed). */
    boolean unmutes(AlertFlags before) {
        return before != null && before.muted() && !muted();
    }

    /** For log lines: {@code  silenced by 3 inhibited by tenant_down ab12…}, empty when not muted. */
    String describe() {
        if (!muted()) {
            return "";
        }
        return (silencedBy == null ? "" : " silenced by " + silencedBy)
                + (inhibitedBy == null ? "" : " inhibited by " + inhibitedBy);
    }
}
