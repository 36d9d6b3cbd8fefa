package io.cpimon.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code forwarding:}: a forwarder that sends every stored MPL change to a log backend through its own
 * durable cursor. Immutable; lists are non-null (empty: no filter).
 */
public sealed interface ForwarderConfig permits AzureMonitorLogsForwarderConfig, OtlpForwarderConfig {
    /** The default of {@code batchBytes}: uncompressed JSON per call, under the 1 MB of docs/channels.md §3.1. */
    int DEFAULT_BATCH_BYTES = 1_000_000;
    /** The default of {@code maxLag}: behind by longer raises {@code forward_lag}. */
    Duration DEFAULT_MAX_LAG = Duration.ofMinutes(5);

    /** Unique among the forwarders; names the cursor, so renaming a forwarder starts it over. */
    String name();

    /** {@code azure-monitor-logs} or {@code otlp}. */
    String type();

    /** Only MPLs in these statuses; empty: all. */
    List<String> statuses();

    /** Only MPLs of these tenants; empty: all. */
    List<String> tenants();

    /** The most uncompressed bytes per call. */
    int batchBytes();

    /** At most this many rows per second; 0: no limit. */
    int maxRowsPerSecond();

    /** How far behind the forwarder may fall before {@code forward_lag}. */
    Duration maxLag();
}
