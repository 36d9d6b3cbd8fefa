package io.cpimon.server;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * The one meter registry of a cpimon instance (Prometheus), with the JVM and process binders, and the Vert.x instance
 * that records its HTTP server and client requests into it ({@code vertx_http_server_*} labelled by method, route
 * pattern and status code: no path or remote address, so the label values stay bounded). Closing stops the GC
 * listener and closes the registry. Build and close from one thread; the registry itself is thread-safe.
 */
final class ProcessMeters implements AutoCloseable {
    private static final String ROUTE = "route";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    ProcessMeters() {
        // two of Micrometer's binder names break the exposition conventions promtool checks: an abbreviated unit
        // (process_cpu_time_ns_total; process_cpu_usage says the same) and a gauge ending in _count
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
                    }
                })
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        String route = id.getTag(ROUTE);
                        return route == null ? id : id.withTag(Tag.of(ROUTE, route(route)));
                    }
                });
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * The route label of a request: the pattern of the last route that handled it. Vert.x Web reports every route a
     * request passed, joined by {@code >} ({@code /api/>/api/v1/>/api/v1/alerts/:id}: body handler, authentication,
     * the endpoint); the endpoint's pattern alone reads well in a dashboard's legend and keeps the values bounded.
     */
    static String route(String reported) {
        int last = reported.lastIndexOf('>');
        return last < 0 ? reported : reported.substring(last + 1);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** A Vert.x instance whose HTTP server, HTTP clients and worker pools record into {@link #registry()}. */
    Vertx vertx() {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(false)
                .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_ROUTE, Label.HTTP_CODE, Label.POOL_TYPE,
                        Label.POOL_NAME))
                .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
                .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
