package io.cpimon.db;

/**
 * What mutes an alert (kept beside {@link Alert}, which stays as it is): the silences that match it and the
 * firing alerts that inhibit it. A muted alert still changes state and stays visible; it does not notify.
 * @param silencedBy nullable: comma-separated ids of the matching silences
 * @param inhibitedBy nullable: {@code <rule> <fingerprint>} of the inhibiting alert(s), comma-separated
 */
public record AlertFlags(long alertId, String silencedBy, String inhibitedBy) {
    public boolean muted() {
        return silencedBy != null || inhibitedBy != null;
    }
}
