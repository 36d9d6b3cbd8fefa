package io.cpimon.server;

import io.cpimon.alerting.AlertingService;
import io.cpimon.alerting.AlertingStores;
import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.ApiServer;
import io.cpimon.api.routes.AlertRoutes;
import io.cpimon.api.routes.ChannelRoutes;
import io.cpimon.api.routes.EventRoutes;
import io.cpimon.api.routes.ForwarderRoutes;
import io.cpimon.api.routes.HealthRoutes;
import io.cpimon.api.routes.InboundRoutes;
import io.cpimon.api.routes.MessageRoutes;
import io.cpimon.api.routes.MetricsRoutes;
import io.cpimon.api.routes.NotificationRoutes;
import io.cpimon.api.routes.PairRoutes;
import io.cpimon.api.routes.RuleRoutes;
import io.cpimon.api.routes.SilenceRoutes;
import io.cpimon.api.routes.TenantRoutes;
import io.cpimon.api.routes.TenantViews;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.CpimonConfig.TlsConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.TenantRow;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.ingest.IngestService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Route;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one cpimon instance as a list of components started in this order: database → API (up first, so
 * {@code /healthz} answers while the rest starts) → ingest → alerting → forwarding; {@link #close()} closes them in reverse,
 * then the Vert.x instance they share. {@code /readyz} stays down until every component has started and reports each
 * component's check by name. Start and close from one thread; {@link #port()} from any.
 */
public final class CpimonServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CpimonServer.class);

    private final Database database;
    private final Vertx vertx;
    private final ApiServer api;
    private final Components components;
    private final ProcessMeters meters;

    private CpimonServer(Database database, Vertx vertx, ApiServer api, Components components, ProcessMeters meters) {
        this.database = database;
        this.meters = meters;
        this.vertx = vertx;
        this.api = api;
        this.components = components;
    }

    /** Starts everything with its own database (embedded when the config has no URL). */
    public static CpimonServer start(CpimonConfig config, Clock clock) {
        return start(config, clock, ForwarderSet.jvmTrust());
    }

    /**
     * Starts everything with its own database, the forwarders trusting {@code forwardingTls} (the demo: the
     * simulator's self-signed Azure Monitor peer).
     */
    public static CpimonServer start(CpimonConfig config, Clock clock, SSLContext forwardingTls) {
        Database database = Database.open(config.database());
        LOG.info("database: {}", database.describe());
        return start(config, database, clock, forwardingTls);
    }

    /**
     * Starts everything on a database the caller opened (and closes it on {@link #close()}, or when starting fails).
     * @throws IllegalStateException when a component fails to start; every component is closed by then
     */
    public static CpimonServer start(CpimonConfig config, Database database, Clock clock) {
        return start(config, database, clock, ForwarderSet.jvmTrust());
    }

    /**
     * As {@link #start(CpimonConfig, Database, Clock)}, the forwarders trusting {@code forwardingTls}.
     * @throws IllegalStateException when a component fails to start; every component is closed by then
     */
    public static CpimonServer start(CpimonConfig config, Database database, Clock clock, SSLContext forwardingTls) {
        database.tenants().sync(tenantRows(config));
        ProcessMeters meters = new ProcessMeters();
        database.bindMetrics(meters.registry());
        Vertx vertx = meters.vertx();
        ChangeNotifier notifier = (kind, tenantId) -> vertx.eventBus().publish(ApiServer.CHANGES,
                EventRoutes.change(kind, tenantId));
        Components components = new Components();
        components.add(database);
        // the API's channel routes reach alerting, which is built after the API because it links to the API's port
        AlertingComponent[] alerting = new AlertingComponent[1];
        ForwarderSet forwarding = ForwarderSet.of(config.forwarding(), database.forwarding(), forwardingTls,
                clock).bindTo(meters.registry());
        ApiServer api = components.add(new ApiServer(vertx, config.server().host(), config.server().port(),
                new ApiAuth(config.server().tokens(), clock), resources(config, database, clock, components,
                        () -> alerting[0], forwarding, meters.registry()), tls(config.server().tls())));
        components.add(new IngestService(vertx, config, database, clock, notifier, meters.registry()));
        alerting[0] = components.add(new AlertingComponent(() -> new AlertingService(vertx, config,
                AlertingStores.of(database), clock, notifier, dashboard(config, api), meters.registry())));
        components.add(forwarding);
        try {
            components.startAll();
        } catch (Exception e) {
            vertx.close().await();
            meters.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cpimon failed to start", e);
        }
        String dashboard = dashboard(config, api);
        LOG.info("cpimon started: {} tenant(s), {} pair(s), {} channel(s); dashboard {}",
                config.tenants().size(), config.pairs().size(), config.channels().size(), dashboard);
        if (!config.channels().isEmpty() && ExternalUrl.isLoopback(dashboard)) {
            LOG.warn("notifications link to {}, a loopback address only this machine can open: set server.externalUrl"
                    + " to the URL users reach cpimon at", dashboard);
        }
        return new CpimonServer(database, vertx, api, components, meters);
    }

    /** The API's resources, in mount order; the alerting component is asked for when a request needs it. */
    private static List<ApiRoutes> resources(CpimonConfig config, Database database, Clock clock,
                                           Components components, Supplier<AlertingComponent> alerting,
                                           ForwarderSet forwarding, PrometheusMeterRegistry meters) {
        TenantViews views = new TenantViews(database.tenants(), database.probes(), database.cursors(),
                database.mpls(), database.alerts(), clock);
        return List.of(
                new HealthRoutes(components::checks),
                new MetricsRoutes(meters, views, database.alerts(), database.notifications(), forwarding),
                new TenantRoutes(views),
                new MessageRoutes(database.mpls(), tenantIds(config)),
                new AlertRoutes(database.alerts(), clock),
                new SilenceRoutes(database.silences(), clock),
                new RuleRoutes(config),
                new PairRoutes(new PairStatusService(database.alerts(), config.pairs())),
                new ChannelRoutes(config, database.notifications(),
                        (name, by) -> alerting.get().service().flatMap(s -> s.channelTester().test(name, by))),
                new InboundRoutes(json -> alerting.get().running().azureMonitor().accept(json)),
                new NotificationRoutes(database.notifications(), clock),
                new ForwarderRoutes(forwarding),
                new EventRoutes(views));
    }

    /** The HTTP server's key and certificate; null for plain HTTP. */
    private static KeyCertOptions tls(TlsConfig tls) {
        if (tls == null) {
            return null;
        }
        return tls.pem()
                ? new PemKeyCertOptions().setCertPath(tls.certificate().toString()).setKeyPath(tls.key().toString())
                : new PfxOptions().setPath(tls.keystore().toString()).setPassword(tls.password().reveal());
    }

    private static Set<String> tenantIds(CpimonConfig config) {
        return config.tenants().stream().map(TenantConfig::id).collect(Collectors.toSet());
    }

    /** The link base of notifications: {@code server.externalUrl}, or one derived from the bind address and port. */
    private static String dashboard(CpimonConfig config, ApiServer api) {
        return ExternalUrl.of(config.server(), api.port());
    }

    static List<TenantRow> tenantRows(CpimonConfig config) {
        List<TenantRow> rows = new ArrayList<>();
        for (TenantConfig t : config.tenants()) {
            PairConfig pair = config.pairOf(t.id()).orElse(null);
            String role = pair == null ? null : pair.primary().equals(t.id()) ? "primary" : "dr";
            rows.add(new TenantRow(t.id(), t.name(), t.labels(), pair == null ? null : pair.id(), role,
                    t.api().url().toString(), t.probe().url().toString()));
        }
        return rows;
    }

    public int port() {
        return api.port();
    }

    /** The API's routes (see {@link ApiServer#routes()}). */
    public List<Route> routes() {
        return api.routes();
    }

    public Database database() {
        return database;
    }

    /**
     * Closes every component in reverse start order, then Vert.x; the first failure is thrown, later ones are
     * suppressed onto it.
     */
    @Override
    public void close() {
        try {
            components.close();
        } finally {
            vertx.close().await();
            meters.close();
        }
    }
}
