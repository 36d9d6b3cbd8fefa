package io.cpimon.server;

import io.cpimon.alerting.AlertingService;
import io.cpimon.api.AlertRoutes;
import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiRoutes;
import io.cpimon.api.ApiServer;
import io.cpimon.api.ChannelRoutes;
import io.cpimon.api.ForwarderRoutes;
import io.cpimon.api.TenantViews;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.CpimonConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.TenantRow;
import io.cpimon.forward.ForwarderSet;
import io.cpimon.ingest.IngestService;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one cpimon instance: database → API (up first, so /healthz answers while the rest starts) →
 * ingest → alerting. {@code /readyz} stays down until every component has started.
 */
public final class CpimonServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CpimonServer.class);

    private final Database database;
    private final Vertx vertx;
    private final ApiServer api;
    private final IngestService ingest;
    private final AlertingService alerting;
    private final ForwarderSet forwarding;

    private CpimonServer(Database database, Vertx vertx, ApiServer api, IngestService ingest, AlertingService alerting,
                         ForwarderSet forwarding) {
        this.forwarding = forwarding;
        this.database = database;
        this.vertx = vertx;
        this.api = api;
        this.ingest = ingest;
        this.alerting = alerting;
    }

    /** Starts everything with its own database (embedded when the config has no URL). */
    public static CpimonServer start(CpimonConfig config, Clock clock) {
        Database database = Database.open(config.database());
        LOG.info("database: {}", database.describe());
        return start(config, database, clock);
    }

    /** Starts everything on a database the caller opened (and closes it on {@link #close()}). */
    public static CpimonServer start(CpimonConfig config, Database database, Clock clock) {
        database.tenants().sync(tenantRows(config));
        Vertx vertx = Vertx.vertx();
        ChangeNotifier notifier = (kind, tenantId) -> vertx.eventBus().publish(ApiServer.CHANGES, kind);
        TenantViews views = new TenantViews(database.tenants(), database.probes(), database.cursors(),
                database.mpls(), database.alerts(), clock);
        IngestService ingest = new IngestService(vertx, config, database, clock, notifier);
        Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
        readiness.put("database", database::ping);
        readiness.put("ingest", ingest::started);
        AlertingService[] alerting = new AlertingService[1];
        readiness.put("alerting", () -> alerting[0] != null && alerting[0].started());
        List<ApiRoutes> routes = new ArrayList<>();
        ForwarderSet forwarding = ForwarderSet.of(config.forwarding(), database.forwarding(), clock);
        routes.add(new ForwarderRoutes(forwarding));
        routes.add(new AlertRoutes(database.alerts(), database.silences(), config, clock));
        routes.add(new ChannelRoutes(config, database.notifications(),
                (name, by) -> alerting[0] == null ? Optional.empty() : alerting[0].testChannel(name, by),
                json -> alerting[0].acceptAzureMonitorAlert(json)));
        ApiServer api = new ApiServer(vertx, new ApiServer.Services(views, database.mpls(), database.alerts(), database.notifications()),
                readiness, routes, new ApiAuth(config.server().tokens(), clock));
        try {
            api.start(config.server().host(), config.server().port()).await();
            ingest.start();
            forwarding.start();
            String dashboard = "http://localhost:" + api.port() + "/";
            alerting[0] = new AlertingService(vertx, config, database.probes(), database.alerts(), database.notifications(),
                    clock, notifier, dashboard)
                    .ruleSources(database.cursors(), database.ruleQueries(), database.silences())
                    .notificationLog(database.notificationLog()).start();
            LOG.info("cpimon started: {} tenant(s), {} pair(s), {} channel(s); dashboard {}",
                    config.tenants().size(), config.pairs().size(), config.channels().size(), dashboard);
            return new CpimonServer(database, vertx, api, ingest, alerting[0], forwarding);
        } catch (RuntimeException e) {
            forwarding.close();
            if (alerting[0] != null) {
                alerting[0].close();
            }
            ingest.close();
            api.close();
            vertx.close().await();
            database.close();
            throw e;
        }
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

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        forwarding.close();
        alerting.close();
        ingest.close();
        api.close();
        vertx.close().await();
        database.close();
    }
}
