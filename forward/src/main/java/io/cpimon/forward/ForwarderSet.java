package io.cpimon.forward;

import io.cpimon.config.AzureMonitorLogsForwarderConfig;
import io.cpimon.config.ForwarderConfig;
import io.cpimon.config.OtlpForwarderConfig;
import io.cpimon.core.Backoff;
import io.cpimon.core.Lifecycle;
import io.cpimon.db.ForwardStore;
import io.cpimon.forward.row.MplRowSchema;
import io.cpimon.forward.sink.AzureMonitorLogsSink;
import io.cpimon.forward.sink.LogSink;
import io.cpimon.forward.sink.OtlpLogsSink;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured forwarders of one cpimon, started and closed together; each runs on its own and fails on its own.
 * Thread-safe after {@link #start()}.
 */
public final class ForwarderSet implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ForwarderSet.class);
    /** How long an idle forwarder waits before it looks for new changes again. */
    public static final Duration IDLE = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Forwarder> forwarders;
    private final ForwardStore store;

    /** Forwarders that share {@code store} or none: the store registers them as the configured ones at start. */
    public ForwarderSet(List<Forwarder> forwarders, ForwardStore store) {
        this.forwarders = List.copyOf(forwarders);
        this.store = store;
    }

    /** Forwarders without a store to register them in (their cursors count as configured when first written). */
    public ForwarderSet(List<Forwarder> forwarders) {
        this(forwarders, null);
    }

    /**
     * The forwarders of {@code configs}, each with its own sink.
     *
     * @param ssl the TLS context of the peers ({@code SSLContext.getDefault()}: the JVM's trust store)
     * @param instance the {@code CpimonInstance} column
     */
    public static ForwarderSet of(List<ForwarderConfig> configs, ForwardStore store, SSLContext ssl, String instance,
            Clock clock, Duration idle) {
        MplRowSchema schema = new MplRowSchema(instance);
        List<Forwarder> list = new ArrayList<>();
        for (ForwarderConfig c : configs) {
            list.add(new Forwarder(c, store, sink(c, ssl, instance), schema, clock, idle,
                    Backoff.of(Duration.ofSeconds(1), Duration.ofMinutes(5))));
        }
        return new ForwarderSet(list, store);
    }

    /**
     * Publishes each forwarder's counters since start,
     * {@code cpimon_forward_rows_total{forwarder, outcome=sent|retried|dead}}, and {@code cpimon_forward_up{forwarder}}
     * (1 while it runs, 0 once it stopped for good) to {@code registry}. The lag, read from the store, is published by the API's scrape. Returns this set.
     */
    public ForwarderSet bindTo(MeterRegistry registry) {
        for (Forwarder f : forwarders) {
            rows(registry, f, "sent", Forwarder::rowsSent);
            rows(registry, f, "retried", Forwarder::rowsRetried);
            rows(registry, f, "dead", Forwarder::rowsDead);
            Gauge.builder("cpimon.forward.up", f, x -> x.stopped() == null ? 1 : 0)
                    .tag("forwarder", f.forwarderName())
                    .description("1 while the forwarder runs, 0 when it stopped for good").register(registry);
        }
        return this;
    }

    private static void rows(MeterRegistry registry, Forwarder f, String outcome, ToDoubleFunction<Forwarder> count) {
        FunctionCounter.builder("cpimon.forward.rows", f, count).tag("forwarder", f.forwarderName())
                .tag("outcome", outcome).description("Rows sent, retried and given up on since start")
                .register(registry);
    }

    /** The sink of one forwarder's configuration. */
    public static LogSink sink(ForwarderConfig c, SSLContext ssl, String instance) {
        return switch (c) {
            case AzureMonitorLogsForwarderConfig az -> new AzureMonitorLogsSink(az, AzureMonitorLogsSink.http(ssl,
                    TIMEOUT));
            case OtlpForwarderConfig otlp -> new OtlpLogsSink(otlp, instance, ssl, TIMEOUT);
        };
    }

    /**
     * The forwarders of {@code configs} with the JVM's trust store, the host name as {@code CpimonInstance} and the
     * default idle wait.
     */
    public static ForwarderSet of(List<ForwarderConfig> configs, ForwardStore store, Clock clock) {
        return of(configs, store, jvmTrust(), clock);
    }

    /**
     * The forwarders of {@code configs} trusting {@code ssl} (the demo: the simulator's self-signed peer), with the
     * host name as {@code CpimonInstance} and the default idle wait.
     */
    public static ForwarderSet of(List<ForwarderConfig> configs, ForwardStore store, SSLContext ssl, Clock clock) {
        String instance;
        try {
            instance = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            instance = "cpimon";
        }
        return of(configs, store, ssl, instance, clock, IDLE);
    }

    /** The JVM's default TLS context: its trust store, as production forwarders use. */
    public static SSLContext jvmTrust() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    @Override
    public String name() {
        return "forwarding";
    }

    /**
     * Registers the forwarders as the configured ones (the change log keeps replaced states for them only, see
     * {@link ForwardStore#register}), then starts each. A store that is down does not keep them from starting: each
     * forwarder's cursor counts as configured from its first write.
     */
    @Override
    public void start() {
        if (store != null) {
            try {
                store.register(forwarders.stream().map(Forwarder::forwarderName).toList());
            } catch (RuntimeException e) {
                LOG.warn("forwarding: cannot register the configured forwarders: {}", e.toString());
            }
        }
        forwarders.forEach(Forwarder::start);
    }

    @Override
    public Check check() {
        List<String> stopped = forwarders.stream().filter(f -> f.stopped() != null)
                .map(f -> f.forwarderName() + ": " + f.stopped()).toList();
        return stopped.isEmpty() ? Check.UP : Check.down(String.join("; ", stopped));
    }

    public List<Forwarder> forwarders() {
        return forwarders;
    }

    public Optional<Forwarder> forwarder(String name) {
        return forwarders.stream().filter(f -> f.forwarderName().equals(name)).findFirst();
    }

    /** Every forwarder's status (blocking: reads the store). */
    public List<ForwarderStatus> statuses() {
        return forwarders.stream().map(Forwarder::status).toList();
    }

    @Override
    public void close() {
        forwarders.forEach(Forwarder::close);
    }
}
