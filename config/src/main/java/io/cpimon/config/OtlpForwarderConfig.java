package io.cpimon.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code type: otlp}: rows as OpenTelemetry log records over OTLP/HTTP with JSON bodies to a collector. Immutable.
 *
 * @param endpoint the collector's base URL ({@code http://collector:4318}; {@code /v1/logs} is appended unless the
 *     path already ends with it)
 * @param headers extra request headers (an API key), values secret; empty when none
 */
public record OtlpForwarderConfig(
        String name, URI endpoint, Map<String, Secret> headers, List<String> statuses, List<String> tenants,
        int batchBytes, int maxRowsPerSecond, Duration maxLag) implements ForwarderConfig {

    @Override
    public String type() {
        return "otlp";
    }
}
