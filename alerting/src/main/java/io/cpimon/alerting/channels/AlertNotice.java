package io.cpimon.alerting.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The channel-neutral content of one notification, stored as the outbox row's payload. Channels render
 * it into their own wire format at send time. Never holds a secret.
 * @param status {@code firing} or {@code resolved}
 * @param startsAt ISO-8601; @param endsAt ISO-8601 or null while firing
 * @param dashboardUrl nullable link to cpimon's dashboard
 */
public record AlertNotice(
        Long alertId,
        String fingerprint,
        String rule,
        String status,
        Map<String, String> labels,
        Map<String, String> annotations,
        String startsAt,
        String endsAt,
        String dashboardUrl) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean firing() {
        return "firing".equals(status);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlertNotice fromJson(String json) {
        try {
            return JSON.readValue(json, AlertNotice.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an alert notice: " + e.getOriginalMessage(), e);
        }
    }
}
