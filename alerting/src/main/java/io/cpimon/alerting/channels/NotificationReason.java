package io.cpimon.alerting.channels;

/** Why a group is notified (Alertmanager's {@code notification_reason}), or why it is not. */
public enum NotificationReason {
    FIRST("first notification"),
    NEW_FIRING("new alerts firing"),
    NEW_RESOLVED("some alerts resolved"),
    ALL_RESOLVED("all alerts resolved"),
    REPEAT("repeat interval elapsed"),
    /** Nothing the channel was not told already: the rows are absorbed without a send. */
    NOTHING_NEW("nothing new"),
    /** A repeat is due but every firing alert is acknowledged. */
    ALL_ACKNOWLEDGED("all firing alerts acknowledged"),
    /** A channel test from the API. */
    TEST("test");

    private final String text;

    NotificationReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean sends() {
        return this != NOTHING_NEW && this != ALL_ACKNOWLEDGED;
    }
}
