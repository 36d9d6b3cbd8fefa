package io.cpimon.alerting;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;

/** The status → delivery table every HTTP channel shares. */
final class HttpOutcomes {
    private HttpOutcomes() {}

    /** 2xx delivered; 408, 429 and 5xx retry (with Retry-After when given); other statuses fail. */
    static Delivery classify(String peer, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Delivery.Delivered(null);
        }
        String reason = peer + " answered HTTP " + status;
        if (status == 429 || status == 408 || status >= 500) {
            return new Delivery.Retry(reason, retryAfter(response.getHeader("Retry-After")));
        }
        return new Delivery.Failed(reason);
    }

    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 3600));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
