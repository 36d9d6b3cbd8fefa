package io.cpimon.api.routes;

import java.time.Instant;
import java.util.Map;

/** One tenant as the API and the dashboard tile show it. Nullable parts say so. */
public record TenantView(
        String id,
        String name,
        Map<String, String> labels,
        String pair,
        String role,
        Probe probe,
        Ingest ingest,
        Messages messages,
        Alerts alerts) {

    /** Null as a whole before the first probe. @param statusCode nullable; @param error nullable */
    public record Probe(boolean up, Integer statusCode, long latencyMs, Instant at, String error) {}

    /**
     * The MPL poller's progress.
     * @param lastSuccess nullable
     * @param watermark nullable
     * @param lastError nullable
     * @param lagSeconds nullable: now − last success (the stored data is complete up to about then); not now −
     *                   watermark, which a quiet tenant would inflate
     * @param failedSteps the poll's later steps whose last run failed (null dates, re-reads, error texts: the stream
     *                    name, e.g. {@code mpl-error-texts}) and their error; empty when none did
     */
    public record Ingest(Instant lastSuccess, Instant watermark, String lastError, int consecutiveFailures,
                         long rowsTotal, Long lagSeconds, Map<String, String> failedSteps) {
        /** Without failed steps. */
        public Ingest(Instant lastSuccess, Instant watermark, String lastError, int consecutiveFailures,
                      long rowsTotal, Long lagSeconds) {
            this(lastSuccess, watermark, lastError, consecutiveFailures, rowsTotal, lagSeconds, Map.of());
        }
    }

    /** Messages whose LogEnd is in the last {@code windowMinutes}. */
    public record Messages(int windowMinutes, long total, long failed) {}

    /** Open alerts naming this tenant. */
    public record Alerts(int firing, int pending) {}
}
