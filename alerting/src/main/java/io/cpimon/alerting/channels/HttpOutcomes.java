package io.cpimon.alerting.channels;

import io.cpimon.core.RetryAfter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;

/** What every HTTP channel shares: the status → delivery table, the JSON POST, Basic auth and base URLs. */
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

    /** The {@code Authorization} value of HTTP Basic for {@code user} and {@code password} (null: empty). */
    static String basicAuth(String user, String password) {
        String pair = user + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** A configured base URL without its trailing slash, so that paths can be appended with one. */
    static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * POSTs JSON text (with an {@code Authorization} header when one is given) and classifies the answer
     * with {@link #classify}; no answer at all (refused, reset, timeout) is a retry.
     */
    static Delivery postJson(WebClient client, String url, String authorization, Duration timeout, String json, String peer) {
        return postJson(client, url, authorization, timeout, json, peer, response -> classify(peer, response));
    }

    /** {@link #postJson(WebClient, String, String, Duration, String, String)} with the channel's own reading of an answer. */
    static Delivery postJson(WebClient client, String url, String authorization, Duration timeout, String json, String peer,
                             Function<HttpResponse<Buffer>, Delivery> outcome) {
        HttpResponse<Buffer> response;
        try {
            HttpRequest<Buffer> request = client.postAbs(url).putHeader("Content-Type", "application/json").timeout(timeout.toMillis());
            if (authorization != null) {
                request.putHeader("Authorization", authorization);
            }
            response = request.sendBuffer(Buffer.buffer(json)).await();
        } catch (Exception e) { // Future.await() rethrows checked causes as they are
            return new Delivery.Retry(peer + " unreachable: " + TeamsChannel.rootMessage(e), null);
        }
        return outcome.apply(response);
    }

    /** The peer's Retry-After, read by the one parser every peer of cpimon shares. */
    static Duration retryAfter(String header) {
        return RetryAfter.parse(header, Instant.now());
    }
}
