package io.cpimon.forward.sink;

import io.cpimon.core.RetryAfter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/** How both sinks read an HTTP answer and write a body: one classification, one gzip. Stateless. */
final class HttpAnswers {
    /** Longest peer answer kept in an outcome (dead letters, last error). */
    static final int MAX_ANSWER = 2_000;

    private HttpAnswers() {}

    /**
     * 2xx accepted; 400 and 413 refused (a smaller batch may pass); 408, 429 and 5xx retry after the peer's
     * {@code Retry-After} (or {@code retry-after-ms}); any other status is fatal (401, 403, 404: wrong credentials,
     * role or target).
     */
    static SendOutcome classify(String peer, int status, String body, String retryAfter, String retryAfterMs) {
        if (status >= 200 && status < 300) {
            return new SendOutcome.Accepted();
        }
        String answer = peer + " answered HTTP " + status + (body == null || body.isBlank() ? "" : ": " + cut(body));
        if (status == 400 || status == 413) {
            return new SendOutcome.Refused(answer);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new SendOutcome.Retry(answer, RetryAfter.parse(retryAfterMs, retryAfter, Instant.now()));
        }
        return new SendOutcome.Fatal(answer);
    }

    static String cut(String s) {
        return s.length() <= MAX_ANSWER ? s : s.substring(0, MAX_ANSWER) + "…";
    }

    /** A JDK HTTP client builder with {@code ssl} and a connect timeout. */
    static HttpClient.Builder jdkClient(SSLContext ssl, Duration timeout) {
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(timeout);
    }

    /**
     * {@code plain} gzipped at the fastest level: the peers' limits hold for the uncompressed body as well, so a
     * smaller body buys nothing but CPU on the forwarder's path.
     */
    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 4));
        try (GZIPOutputStream gz = new FastGzip(out, plain.length)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Gzip at {@link Deflater#BEST_SPEED}. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out, int size) throws IOException {
            super(out, Math.max(512, Math.min(size, 1 << 16)));
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** The innermost message of a failure, for "unreachable" reasons. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
