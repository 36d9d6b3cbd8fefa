package io.cpimon.alerting.channels;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an outbox row tells about its alert: it fires, it resolved, or (a row without an alert) the group's
 * repeat interval elapsed. The lower-case text is what outbox payloads and the wire formats carry.
 */
public enum NoticeStatus {
    FIRING("firing"),
    RESOLVED("resolved"),
    /** The marker row of a due repeat: it names no alert, only the group. */
    REPEAT("repeat");

    private final String text;

    NoticeStatus(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    /** @throws IllegalArgumentException when {@code text} is no status's text */
    @JsonCreator
    public static NoticeStatus of(String text) {
        for (NoticeStatus s : values()) {
            if (s.text.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown notice status '" + text + "'");
    }
}
