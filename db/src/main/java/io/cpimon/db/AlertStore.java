package io.cpimon.db;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts, their history, and the transactional outbox: every method that changes state writes the
 * alert row, its {@link AlertEvent} and the given notification rows in one transaction.
 */
public interface AlertStore {

    /** Every open (PENDING or FIRING) alert. */
    List<Alert> openAlerts();

    /**
     * Opens an alert (state PENDING or FIRING) with its opening event and notifications.
     * @throws IllegalStateException if an open alert with that fingerprint exists
     */
    Alert open(NewAlert alert, List<NewNotification> notifications);

    /**
     * Moves an open alert to {@code to} at {@code at} (FIRING sets firingAt, RESOLVED sets endsAt and clears
     * the ack), records the event and enqueues the notifications.
     */
    Alert transition(long alertId, AlertState to, Instant at, List<NewNotification> notifications);

    /** The condition still holds: updates lastActiveAt and the annotations. */
    void touch(long alertId, Instant lastActiveAt, Map<String, String> annotations);

    Optional<Alert> get(long id);

    /** Newest first. @param state nullable; @param rule nullable; @param tenant nullable (label match) */
    List<Alert> list(AlertState state, String rule, String tenant, int limit);

    List<AlertEvent> history(long alertId);

    /**
     * Records who acknowledged the alert, when and why (the alert keeps the latest; every ack is kept in
     * {@link #acks}), in one transaction.
     * @return the updated alert, empty when it does not exist
     */
    Optional<Alert> acknowledge(long alertId, String by, Instant at, String comment);

    /** Every acknowledgement of an alert, oldest first (kept after it resolves). */
    List<AlertAck> acks(long alertId);

    /** {@link #touch} for many alerts in one round trip: alert id → its current annotations. */
    void touchAll(Map<Long, Map<String, String>> annotations, Instant lastActiveAt);

    /** Alerts of {@code rule} that resolved at or after {@code since}, newest end first. */
    List<Alert> resolvedSince(String rule, Instant since);

    /**
     * Records what mutes an alert (null clears it): the matching silences' ids and the inhibiting alerts.
     * No event and no notification: muting is not a state change.
     */
    void flag(long alertId, String silencedBy, String inhibitedBy);

    /** The flags of the given alerts (every id that exists gets an entry). */
    Map<Long, AlertFlags> flags(Collection<Long> alertIds);

    /**
     * The newest alerts (history included) of the given rules for every pair (the {@code pair} label): at most
     * {@code perPair} per pair, newest first; one statement whatever the number of pairs.
     */
    List<Alert> newestPerPair(Collection<String> rules, int perPair);

    /** Alerts (history included) by state, rule, tenant, pair and time, newest first. */
    List<Alert> search(AlertQuery query);
}
