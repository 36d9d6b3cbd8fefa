package io.cpimon.alerting.channels;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The channel-neutral content of one notification, stored as the outbox row's payload (JSON with the
 * Alertmanager names {@code status}, {@code startsAt}, {@code endsAt}). Channels render it into their own wire
 * format at send time. Never holds a secret. Immutable; thread-safe.
 * @param alertId nullable: not yet known when planned before the alert's insert, absent on a repeat marker
 * @param fingerprint nullable on a repeat marker
 * @param rule nullable on a repeat marker
 * @param startedAt when the alert became active (for a repeat marker: the group's last send)
 * @param endedAt when it resolved; null while firing
 * @param dashboardUrl nullable link to cpimon's dashboard
 */
public record AlertNotice(
        Long alertId,
        String fingerprint,
        String rule,
        NoticeStatus status,
        Map<String, String> labels,
        Map<String, String> annotations,
        @JsonProperty("startsAt") Instant startedAt,
        @JsonProperty("endsAt") Instant endedAt,
        String dashboardUrl) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypeReference<List<AlertNotice>> NOTICES = new TypeReference<>() {};

    public boolean firing() {
        return status == NoticeStatus.FIRING;
    }

    /** The same notice about the alert with id {@code id}. */
    public AlertNotice withAlertId(Long id) {
        return new AlertNotice(id, fingerprint, rule, status, labels, annotations, startedAt, endedAt, dashboardUrl);
    }

    /** {@link #startedAt()} as Alertmanager's {@code startsAt} text (ISO-8601, UTC). */
    public String startsAt() {
        return startedAt.toString();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is no notice */
    public static AlertNotice fromJson(String json) {
        try {
            return JSON.readValue(json, AlertNotice.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert notice: " + e.getOriginalMessage(), e);
        }
    }

    /** A list of notices as the notification log keeps it. */
    public static String toJson(List<AlertNotice> notices) {
        try {
            return JSON.writeValueAsString(notices);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalStateException when {@code json} is no notice list (a corrupt log entry) */
    public static List<AlertNotice> listFromJson(String json) {
        try {
            return JSON.readValue(json, NOTICES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification log entry is not a notice list: " + e.getMessage(), e);
        }
    }
}
