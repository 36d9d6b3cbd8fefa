package io.cpimon.ingest;

import io.cpimon.core.RetryAfter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GET calls to one tenant's OData API with authentication. A 401 invalidates the token and the call is
 * repeated once; a second 401 is {@link CpiException.Kind#AUTH}. A throttled (429) or unavailable (502, 503, 504)
 * answer is retried in place, at most {@link #ATTEMPTS} times in all, after the peer's {@code Retry-After}
 * (read by {@link RetryAfter}) or a short doubling pause; a {@code Retry-After} longer than {@link #LONGEST_WAIT}
 * is not waited for here but handed to the caller's backoff (docs/cpi-api.md §4: honour it when present). One
 * request thus waits at most {@code (ATTEMPTS - 1) × LONGEST_WAIT}. Blocking ({@code Future.await} and the pauses):
 * call it from a virtual thread, never from an event loop. Thread-safe: several requests may run at once.
 */
public final class CpiClient {
    /** Attempts of one request that meets 429/502/503/504, the first included. */
    static final int ATTEMPTS = 3;
    /** The longest in-place wait before a retry; a longer Retry-After ends the request at once. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    /** The pause before the first retry when the peer gave no Retry-After; doubled before each next one. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final int EXCERPT = 300;

    private final WebClient client;
    private final TokenSource tokens;
    private final Duration timeout;

    public CpiClient(WebClient client, TokenSource tokens, Duration timeout) {
        this.client = client;
        this.tokens = tokens;
        this.timeout = timeout;
    }

    /** A tenant's configured API URL without its trailing slash, so that entity sets can be appended with one. */
    static String baseUrl(String apiUrl) {
        return apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    }

    /** GETs {@code url} and returns the body of a 2xx answer; anything else is a classified {@link CpiException}. */
    public String get(String url, String accept) {
        Buffer body = getBody(url, accept);
        return body == null ? "" : body.toString();
    }

    /** Like {@link #get}, the body as raw bytes (a page is parsed from its UTF-8 bytes without decoding it to a String first). */
    public byte[] getBytes(String url, String accept) {
        Buffer body = getBody(url, accept);
        return body == null ? new byte[0] : body.getBytes();
    }

    private Buffer getBody(String url, String accept) {
        for (int attempt = 1; ; attempt++) {
            try {
                return getOnce(url, accept);
            } catch (CpiException e) {
                Duration pause = retryPause(e, attempt);
                if (pause == null) {
                    throw e;
                }
                sleep(pause, e);
            }
        }
    }

    /**
     * How long to wait before attempt {@code attempt + 1} after {@code failure}, or null when the request must not be
     * retried in place: not transient, out of attempts, or the peer asks for a longer wait than {@link #LONGEST_WAIT}.
     */
    static Duration retryPause(CpiException failure, int attempt) {
        boolean transientFailure = failure.kind() == CpiException.Kind.THROTTLED
                || failure.kind() == CpiException.Kind.UNAVAILABLE;
        if (!transientFailure || attempt >= ATTEMPTS) {
            return null;
        }
        Duration asked = failure.retryAfter();
        if (asked == null) {
            return FIRST_PAUSE.multipliedBy(1L << (attempt - 1));
        }
        return asked.compareTo(LONGEST_WAIT) > 0 ? null : asked;
    }

    private static void sleep(Duration pause, CpiException failure) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private Buffer getOnce(String url, String accept) {
        HttpResponse<Buffer> response = send(url, accept);
        if (response.statusCode() == 401) {
            tokens.invalidate();
            response = send(url, accept);
            if (response.statusCode() == 401) {
                throw new CpiException(CpiException.Kind.AUTH, 401, "credentials rejected (HTTP 401 after a token refresh) for " + describe(url));
            }
        }
        if (response.statusCode() / 100 != 2) {
            throw classify(response.statusCode(), response, describe(url));
        }
        return response.body();
    }

    private HttpResponse<Buffer> send(String url, String accept) {
        String authorization = tokens.authorization();
        try {
            return client.getAbs(url)
                    .putHeader("Authorization", authorization)
                    .putHeader("Accept", accept)
                    .timeout(timeout.toMillis())
                    .send()
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS) // a total deadline, not only an idle one
                    .await();
        } catch (Exception e) {
            throw networkFailure(describe(url), e);
        }
    }

    /** The URL without its query, for messages: queries can be long and carry nothing secret but noise. */
    static String describe(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    static CpiException networkFailure(String what, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof CpiException ce) {
            return ce;
        }
        if (root instanceof TimeoutException || String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")) {
            return new CpiException(CpiException.Kind.TIMEOUT, 0, what + ": no answer in time (" + root.getMessage() + ")", null, e);
        }
        String reason = root instanceof ConnectException ? "connection refused" : root.getClass().getSimpleName() + ": " + root.getMessage();
        return new CpiException(CpiException.Kind.NETWORK, 0, what + ": " + reason, null, e);
    }

    static CpiException classify(int status, HttpResponse<Buffer> response, String what) {
        Duration retryAfter = RetryAfter.parse(response.getHeader("Retry-After"), Instant.now());
        String excerpt = excerpt(response.body());
        String message = what + ": HTTP " + status + (excerpt.isEmpty() ? "" : " " + excerpt);
        CpiException.Kind kind = switch (status) {
            case 401 -> CpiException.Kind.AUTH;
            case 403 -> CpiException.Kind.FORBIDDEN;
            case 429 -> CpiException.Kind.THROTTLED;
            case 502, 503, 504 -> CpiException.Kind.UNAVAILABLE;
            default -> status >= 500 ? CpiException.Kind.SERVER_ERROR : CpiException.Kind.CLIENT_ERROR;
        };
        return new CpiException(kind, status, message, retryAfter, null);
    }

    private static String excerpt(Buffer body) {
        if (body == null || body.length() == 0) {
            return "";
        }
        String s = body.toString().replaceAll("\\s+", " ").trim();
        return s.length() > EXCERPT ? s.substring(0, EXCERPT) + "…" : s;
    }
}
