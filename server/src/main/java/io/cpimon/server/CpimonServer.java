package io.cpimon.server;

import io.cpimon.alerting.AlertingService;
import io.cpimon.alerting.AlertingStores;
import io.cpimon.alerting.actions.ActionCall;
import io.cpimon.alerting.actions.ActionService;
import io.cpimon.alerting.actions.ActionWorker;
import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.alerting.readiness.ReadinessService;
import io.cpimon.alerting.rules.StuckMessagesRule;
import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.ApiServer;
import io.cpimon.api.routes.ActionRoutes;
import io.cpimon.api.routes.AlertRoutes;
import io.cpimon.api.routes.AuditRoutes;
import io.cpimon.api.routes.ChannelRoutes;
import io.cpimon.api.routes.EventRoutes;
import io.cpimon.api.routes.ForwarderRoutes;
import io.cpimon.api.routes.HealthRoutes;
import io.cpimon.api.routes.InboundRoutes;
import io.cpimon.api.routes.InstanceRoutes;
import io.cpimon.api.routes.MaintenanceRoutes;
import io.cpimon.api.routes.MessageRoutes;
import io.cpimon.api.routes.MetricsRoutes;
import io.cpimon.api.routes.NotificationRoutes;
import io.cpimon.api.routes.OpenApiRoutes;
import io.cpimon.api.routes.OverviewRoutes;
import io.cpimon.api.routes.OverviewViews;
import io.cpimon.api.routes.PairDetailRoutes;
import io.cpimon.api.routes.PairRoutes;
import io.cpimon.api.routes.ReadinessRoutes;
import io.cpimon.api.routes.ReloadRoutes;
import io.cpimon.api.routes.ReloadRoutes.ReloadStatus;
import io.cpimon.api.routes.RuleRoutes;
import io.cpimon.api.routes.SilenceRoutes;
import io.cpimon.api.routes.TenantDetailRoutes;
import io.cpimon.api.routes.TenantRoutes;
import io.cpimon.api.routes.TenantViews;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.ServerConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.CpimonConfig.TlsConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.core.Leadership;
import io.cpimon.core.ProbeEvents;
import io.cpimon.db.Database;
import io.cpimon.db.PgChangeRelay;
import io.cpimon.db.TenantRow;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.ingest.IngestService;
import io.cpimon.ingest.lease.LeaseCoordinator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one cpimon instance as a list of components started in this order: database → change relay → API (up first,
 * so {@code /healthz} answers while the rest starts) → ingest → leases → alerting → forwarding; {@link #close()} closes them in reverse,
 * then the Vert.x instance they share. {@code /readyz} stays down until every component has started and reports each
 * component's check by name. Start and close from one thread; {@link #port()} from any.
 */
public final class CpimonServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CpimonServer.class);
    /** The change kinds a stored probe result travels to the other instances as (never to the event stream). */
    static final String PROBE_UP = "probe-up";
    static final String PROBE_DOWN = "probe-down";

    private final Database database;
    private final Vertx vertx;
    private final ApiServer api;
    private final Components components;
    private final ConfigReloader reloader;
    private final ProcessMeters meters;

    private CpimonServer(Database database, Vertx vertx, ApiServer api, Components components,
                         ConfigReloader reloader, ProcessMeters meters) {
        this.database = database;
        this.meters = meters;
        this.vertx = vertx;
        this.api = api;
        this.components = components;
        this.reloader = reloader;
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
        String instanceId = instanceId(config.server());
        ChangeNotifier local = (kind, tenantId) -> vertx.eventBus().publish(ApiServer.CHANGES,
                EventRoutes.change(kind, tenantId));
        // stored probe results reach the probe rules at once, so an outage is judged when its deciding probe lands:
        // this instance's probes publish to localProbes; the rules hear probeEvents, which carries this instance's
        // results and, through the relay, the other instances' (the leader judges a tenant another instance probes)
        ProbeEvents localProbes = new ProbeEvents();
        ProbeEvents probeEvents = new ProbeEvents();
        // the other instances' changes reach this instance's event stream, and this one's reach theirs
        PgChangeRelay relay = new PgChangeRelay(database::dedicatedConnection, instanceId, (kind, tenantId) -> {
            if (PROBE_UP.equals(kind) || PROBE_DOWN.equals(kind)) {
                if (tenantId != null) {
                    probeEvents.publish(tenantId, PROBE_UP.equals(kind));
                }
            } else {
                local.changed(kind, tenantId);
            }
        });
        ChangeNotifier outgoing = relay.outgoing();
        // only a result the leader did not make itself travels: the leader's rules hear their own probes in-process
        LeaseCoordinator[] leases = new LeaseCoordinator[1];
        localProbes.subscribe(e -> {
            probeEvents.publish(e.tenantId(), e.up());
            if (leases[0] == null || !leases[0].leads()) {
                outgoing.changed(e.up() ? PROBE_UP : PROBE_DOWN, e.tenantId());
            }
        });
        ChangeNotifier notifier = (kind, tenantId) -> {
            local.changed(kind, tenantId);
            outgoing.changed(kind, tenantId);
        };
        Components components = new Components();
        components.add(database);
        components.add(relay);
        // the API's channel routes reach alerting, which is built after the API because it links to the API's port
        AlertingComponent[] alerting = new AlertingComponent[1];
        IngestService[] ingest = new IngestService[1];
        ApiServer[] apiServer = new ApiServer[1];
        ConfigReloader reloader = new ConfigReloader(config, clock, (previous, next) -> apply(previous, next,
                database, ingest[0], alerting[0], () -> alertingService(vertx, next, database, clock, notifier,
                        apiServer[0], meters.registry(), probeEvents, leases[0])));
        ActionService actions = new ActionService(reloader::current, database.actions(), database.alerts(),
                database.probes(), database.audit(), new ActionCall(WebClient.create(vertx, new WebClientOptions()
                        .setUserAgent("cpimon").setConnectTimeout(5_000))), clock);
        ForwarderSet forwarding = ForwarderSet.of(config.forwarding(), database.forwarding(), forwardingTls,
                clock).bindTo(meters.registry());
        ApiServer api = components.add(new ApiServer(vertx, config.server().host(), config.server().port(),
                new ApiAuth(config.server().tokens(), clock), resources(reloader, database, clock, components,
                        () -> alerting[0], forwarding, meters.registry(), instanceId, actions, notifier),
                database.audit(), clock,
                tls(config.server().tls())));
        apiServer[0] = api;
        ingest[0] = components.add(new IngestService(vertx, config, database, clock, notifier, meters.registry(),
                localProbes));
        leases[0] = components.add(new LeaseCoordinator(database.leases(), instanceId, config.server().leaseTtl(),
                clock, ingest[0]));
        ingest[0].byLease(leases[0]);
        alerting[0] = components.add(new AlertingComponent(() -> alertingService(vertx, config, database, clock,
                notifier, api, meters.registry(), probeEvents, leases[0])));
        components.add(new ActionWorker(actions, config.rules().evaluationInterval()));
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
        return new CpimonServer(database, vertx, api, components, reloader, meters);
    }

    private static AlertingService alertingService(Vertx vertx, CpimonConfig config, Database database, Clock clock,
                                                   ChangeNotifier notifier, ApiServer api, MeterRegistry meters,
                                                   ProbeEvents probeEvents, Leadership leadership) {
        return new AlertingService(vertx, config, AlertingStores.of(database), clock, notifier,
                dashboard(config, api), meters, probeEvents).ledBy(leadership);
    }

    /** {@code server.instanceId}, or the host name and process id. */
    static String instanceId(ServerConfig server) {
        if (server.instanceId() != null) {
            return server.instanceId();
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "cpimon";
            }
        }
        return LeaseCoordinator.defaultInstanceId(host);
    }

    /**
     * Swaps a reloaded configuration in: the tenants' table and loops, then alerting (rules, routes, channels,
     * pairs) when any of its sections changed. The API reads the configuration in force from the reloader.
     * @return what changed
     */
    private static List<String> apply(CpimonConfig previous, CpimonConfig next, Database database,
                                      IngestService ingest, AlertingComponent alerting,
                                      Supplier<AlertingService> alertingFactory) {
        List<String> changes = new ArrayList<>();
        database.tenants().sync(tenantRows(next));
        changes.addAll(ingest.reconfigure(next));
        boolean alertingChanged = !changes.isEmpty();
        for (Map.Entry<String, Boolean> section : Map.of(
                "rules", Objects.equals(previous.rules(), next.rules()),
                "routes", Objects.equals(previous.routes(), next.routes()),
                "channels", Objects.equals(previous.channels(), next.channels()),
                "pairs", Objects.equals(previous.pairs(), next.pairs())).entrySet()) {
            if (!section.getValue()) {
                changes.add(section.getKey() + " changed");
                alertingChanged = true;
            }
        }
        if (alertingChanged) {
            alerting.restart(alertingFactory);
        }
        return changes.stream().sorted().toList();
    }

    /**
     * Reloads of this instance read {@code file} with {@code loader} (SIGHUP, {@code POST /api/v1/reload}); without
     * this call there is nothing to reload (the demo).
     */
    public void reloadFrom(Path file, ConfigLoader loader) {
        reloader.source(file, ConfigReloader.loader(loader));
    }

    /** Reloads the configuration file now; see {@link ConfigReloader}. Blocking. */
    public ReloadStatus reload(String trigger) {
        return reloader.reload(trigger);
    }

    /** The API's resources, in mount order; the alerting component is asked for when a request needs it. */
    private static List<ApiRoutes> resources(ConfigReloader config, Database database, Clock clock,
                                           Components components, Supplier<AlertingComponent> alerting,
                                           ForwarderSet forwarding, PrometheusMeterRegistry meters,
                                           String instanceId, ActionService actions, ChangeNotifier notifier) {
        TenantViews views = new TenantViews(database.tenants(), database.probes(), database.cursors(),
                database.mpls(), database.alerts(), clock);
        PairStatusService pairs = new PairStatusService(database.alerts(), () -> config.current().pairs());
        return List.of(
                new HealthRoutes(components::checks),
                new OpenApiRoutes(),
                new MetricsRoutes(meters, views, database.alerts(), database.notifications(), forwarding),
                new TenantRoutes(views),
                new MessageRoutes(database.mpls(), () -> tenantIds(config.current())),
                new AlertRoutes(database.alerts(), database.notifications(), database.silences(), clock, notifier),
                new SilenceRoutes(database.silences(), clock),
                new MaintenanceRoutes(database.maintenance(), config::current, clock),
                new RuleRoutes(config::current),
                new PairRoutes(pairs),
                new ReadinessRoutes(new ReadinessService(config::current, database.ruleQueries(), clock)),
                new ActionRoutes(actions),
                new OverviewRoutes(new OverviewViews(views, pairs, database.dashboard(), database.silences(),
                        () -> config.current().rules().get(StuckMessagesRule.DEFINITION).after(), clock)),
                new TenantDetailRoutes(database.tenants(), database.dashboard(), database.artifacts(),
                        database.keystore(), clock),
                new PairDetailRoutes(() -> config.current().pairs(), pairs, database.alerts(), database.dashboard(),
                        clock),
                new ChannelRoutes(config::current, database.notifications(),
                        (name, by) -> alerting.get().service().flatMap(s -> s.channelTester().test(name, by))),
                new InboundRoutes(json -> alerting.get().running().azureMonitor().accept(json)),
                new NotificationRoutes(database.notifications(), clock),
                new ForwarderRoutes(forwarding),
                new AuditRoutes(database.audit()),
                new InstanceRoutes(database.leases(), instanceId, clock),
                new ReloadRoutes(config),
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

    /** The HTTP component (its routes, its port). */
    ApiServer api() {
        return api;
    }

    /** The API's routes (see {@link ApiServer#routerRoutes()}). */
    public List<Route> routes() {
        return api.routerRoutes();
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
