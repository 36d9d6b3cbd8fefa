package io.cpimon.alerting.actions;

import io.cpimon.config.ActionConfig.CallConfig;
import io.cpimon.config.Secret;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;

/**
 * One attempt of an action's HTTP call: the configured method, URL and headers (secrets revealed only onto the
 * wire) and the rendered body; the answer classified. Never retries: the service does. Blocking: call from a virtual
 * thread; thread-safe.
 */
public final class ActionCall {
    static final int EXCERPT = 500;

    private final WebClient client;

    public ActionCall(WebClient client) {
        this.client = client;
    }

    /**
     * What one attempt got.
     * @param status nullable: no HTTP answer came
     * @param excerpt nullable: the start of the answer's body
     * @param detail nullable when it succeeded: why not, without a secret
     */
    public record Outcome(boolean succeeded, boolean retryable, Integer status, String excerpt, long millis,
                          String detail) {}

    /** Sends {@code body} once within {@code timeout}. */
    public Outcome send(CallConfig call, String body, Duration timeout) {
        long start = System.nanoTime();
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(call.method()), call.url().reveal())
                .timeout(timeout.toMillis());
        for (Map.Entry<String, Secret> h : call.headers().entrySet()) {
            request.putHeader(h.getKey(), h.getValue().reveal());
        }
        if (!body.isEmpty() && !call.headers().keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase)) {
            request.putHeader("Content-Type", "application/json");
        }
        HttpResponse<Buffer> response;
        try {
            response = body.isEmpty() ? request.send().await() : request.sendBuffer(Buffer.buffer(body)).await();
        } catch (Exception e) { // Future.await() rethrows checked causes as they are
            return new Outcome(false, true, null, null, millis(start), "no answer from " + call.target() + ": "
                    + e.getClass().getSimpleName());
        }
        int status = response.statusCode();
        String text = response.bodyAsString();
        String excerpt = text == null ? null : scrub(call, text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…"
                : text);
        if (status >= 200 && status < 300) {
            return new Outcome(true, false, status, excerpt, millis(start), null);
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        return new Outcome(false, retryable, status, excerpt, millis(start), call.target() + " answered " + status
                + (retryable ? "" : " (not retried: the request itself was refused)"));
    }

    /** A peer that echoes the request must not carry a header's or the URL's secret into the stored excerpt. */
    static String scrub(CallConfig call, String text) {
        String out = text;
        for (Secret s : call.headers().values()) {
            if (s.reveal().length() >= 4) {
                out = out.replace(s.reveal(), "<secret>");
            }
        }
        return out.replace(call.url().reveal(), call.target());
    }

    private static long millis(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
