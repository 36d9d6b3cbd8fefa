package io.cpimon.alerting.pairs;

import io.cpimon.db.AlertState;
import java.time.Instant;
import java.util.List;

/**
 * One configured pair as operators see it at the time of the call. Immutable.
 * @param mode the pair's mode in lower case with dashes ({@code active-active}, {@code active-passive})
 * @param activeTenant the DR tenant while a {@code failover} alert of the pair fires, otherwise the primary
 * @param failoverHistory the pair's latest {@code failover} and {@code failback} alerts, newest first
 * @param drift the pair's open {@code dr_drift} alerts
 * @param duplicates business keys processed by both tenants, summed over the pair's open
 *                   {@code duplicate_processing} alerts
 */
public record PairView(String id, String primary, String dr, String mode, String activeTenant, boolean failedOver,
                       List<Switch> failoverHistory, List<Drift> drift, long duplicates) {

    /**
     * One {@code failover} or {@code failback} alert.
     * @param endsAt nullable: null while open
     * @param summary nullable: the alert's {@code summary} annotation
     */
    public record Switch(String rule, long id, AlertState state, Instant activeAt, Instant endsAt, String summary) {}

    /**
     * One open {@code dr_drift} alert: the artifact and how its versions differ ({@code ""} when the alert does not
     * say).
     * @param state the alert's state name ({@code PENDING}, {@code FIRING})
     */
    public record Drift(String artifact, String drift, String state) {}
}
