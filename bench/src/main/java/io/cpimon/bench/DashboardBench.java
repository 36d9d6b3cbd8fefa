package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.tenantId;
import static io.cpimon.bench.BenchSupport.verdict;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.cpimon.alerting.pairs.PairStatusService;
import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiServer;
import io.cpimon.api.routes.AlertRoutes;
import io.cpimon.api.routes.EventRoutes;
import io.cpimon.api.routes.ForwarderRoutes;
import io.cpimon.api.routes.MessageRoutes;
import io.cpimon.api.routes.NotificationRoutes;
import io.cpimon.api.routes.OverviewRoutes;
import io.cpimon.api.routes.OverviewViews;
import io.cpimon.api.routes.PairDetailRoutes;
import io.cpimon.api.routes.TenantDetailRoutes;
import io.cpimon.api.routes.TenantRoutes;
import io.cpimon.api.routes.TenantViews;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.PairMode;
import io.cpimon.config.LabelMatcher;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.DashboardStore;
import io.cpimon.db.Database;
import io.cpimon.db.MplStore;
import io.cpimon.db.NewAlert;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.SilenceStore;
import io.cpimon.db.TenantRow;
import io.cpimon.db.TenantStore;
import io.cpimon.forward.ForwarderSet;
import io.vertx.core.Vertx;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * {@code ./cpimon bench dashboard [--tenants T] [--rows N] [--days D] [--requests R] [--renders K] [--keep]}: the
 * dashboard's read paths over T tenants (default 200, in T/2 pairs) and N stored MPLs (default 1,000,000) over D days
 * (default 7), written straight into PostgreSQL with {@code COPY}, plus 24 h of probes every 30 s, keystores,
 * artifacts, open alerts and a maintenance window. The API runs in this JVM with the routes the server mounts for the
 * dashboard. Measured, R times each after a warm-up: {@code GET /api/v1/overview} (the overview's one call) against
 * the baseline {@code GET /api/v1/tenants} (the tiles alone); the message searches the page sends
 * ({@code GET /api/v1/messages} by GUID, by ApplicationMessageId, tenant and status or status alone in the page's
 * default 24 h window, tenant and time range; the API-only free text {@code q} is printed, not counted); and K times
 * in headless Chromium the time from navigation start to a fully drawn overview (the {@code overview-drawn}
 * performance mark: pairs, tiles, heartbeat bars and the sparklines of the tiles in or near the viewport).
 * Prints {@code RESULT overview_p95_ms=… search_p95_ms=… first_render_ms=… tiles_p95_ms=…}; targets: overview
 * p95 &lt; 100 ms, search p95 &lt; 200 ms, first render &lt; 1.5 s.
 */
final class DashboardBench {
    private static final String[] IFLOWS = {"Orders_Replicate", "Invoices_Send", "Shipments_Receive", "Partners_Sync",
        "Payments_Post", "Stock_Update", "Prices_Load", "Returns_Book", "Leads_Push", "Assets_Archive"};
    private static final int CHUNK = 50_000;

    private DashboardBench() {}

    static void run(String[] args) throws Exception {
        int tenants = BenchSupport.intOption(args, "tenants", 200) / 2 * 2;
        int rows = BenchSupport.intOption(args, "rows", 1_000_000);
        int days = BenchSupport.intOption(args, "days", 7);
        int requests = BenchSupport.intOption(args, "requests", 200);
        int renders = BenchSupport.intOption(args, "renders", 5);
        boolean keep = List.of(args).contains("--keep");
        Path dir = BenchSupport.tempDir("cpimon-bench-dashboard");
        System.out.printf("dashboard bench: %d tenants (%d pairs), %,d MPLs over %d days, database in %s%n", tenants,
                tenants / 2, rows, days, dir);
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 8))) {
            Instant now = Instant.now();
            List<PairConfig> pairs = new ArrayList<>();
            List<TenantRow> rowsOfTenants = new ArrayList<>();
            for (int i = 0; i < tenants; i += 2) {
                String pair = String.format("p%03d", i / 2);
                pairs.add(new PairConfig(pair, tenantId(i), tenantId(i + 1), PairMode.ACTIVE_ACTIVE, "ApplicationMessageId",
                        Duration.ofHours(24)));
                rowsOfTenants.add(new TenantRow(tenantId(i), "Tenant " + tenantId(i), Map.of(), pair, "primary", null, null));
                rowsOfTenants.add(new TenantRow(tenantId(i + 1), "Tenant " + tenantId(i + 1) + " (DR)", Map.of(), pair, "dr", null,
                        null));
            }
            db.tenants().sync(rowsOfTenants);
            long t0 = System.nanoTime();
            db.mpls().maintainPartitions(now.minus(Duration.ofDays(days + 1)),
                    LocalDate.now(ZoneOffset.UTC).plusDays(3));
            List<String> guids = fill(db, tenants, rows, days, now);
            System.out.printf("stored %,d MPLs with COPY in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            fillRest(db, tenants, now);
            System.out.printf("probes, keystores, artifacts, alerts and a maintenance window in %.1f s%n",
                    (System.nanoTime() - t0) / 1e9);

            Clock clock = Clock.systemUTC();
            // the overview's reads, timed per store call to show where its time goes
            StoreTimes times = new StoreTimes();
            AlertStore alerts = times.wrap(AlertStore.class, db.alerts());
            TenantViews views = new TenantViews(times.wrap(TenantStore.class, db.tenants()),
                    times.wrap(ProbeStore.class, db.probes()), times.wrap(PollCursorStore.class, db.cursors()),
                    times.wrap(MplStore.class, db.mpls()), alerts, clock);
            PairStatusService status = new PairStatusService(alerts, pairs);
            Set<String> ids = new HashSet<>();
            rowsOfTenants.forEach(t -> ids.add(t.id()));
            ApiServer api = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), clock), List.of(
                    new TenantRoutes(views), new MessageRoutes(db.mpls(), ids),
                    new AlertRoutes(db.alerts(), db.notifications(), db.silences(), clock),
                    new NotificationRoutes(db.notifications(), clock),
                    new ForwarderRoutes(ForwarderSet.of(List.of(), db.forwarding(), clock)),
                    new OverviewRoutes(new OverviewViews(views, status, times.wrap(DashboardStore.class,
                            db.dashboard()), times.wrap(SilenceStore.class, db.silences()),
                            () -> Duration.ofHours(1), clock)),
                    new TenantDetailRoutes(db.tenants(), db.dashboard(), db.artifacts(), db.keystore(), clock),
                    new PairDetailRoutes(() -> pairs, status, db.alerts(), db.dashboard(), clock), new EventRoutes(views)));
            api.start();
            try {
                String base = "http://127.0.0.1:" + api.port();
                HttpClient http = HttpClient.newHttpClient();
                double tiles = p95(http, base, List.of("/api/v1/tenants"), requests, "GET /api/v1/tenants (baseline)");
                times.reset();
                double overview = p95(http, base, List.of("/api/v1/overview"), requests, "GET /api/v1/overview");
                times.print("  its reads by store call (wall time; at most 3 run at once):");
                p95(http, base, List.of("/api/v1/overview?range=24h"), Math.max(10, requests / 10),
                        "GET /api/v1/overview?range=24h");
                Random random = new Random(7);
                List<String> searches = new ArrayList<>();
                // as the message page sends them: a key searches all time, anything else the last 24 h unless a
                // range is given
                String window = "&since=" + now.minus(Duration.ofHours(24));
                for (int i = 0; i < 50; i++) {
                    String guid = guids.get(random.nextInt(guids.size()));
                    String tenant = tenantId(random.nextInt(tenants));
                    searches.add("/api/v1/messages?limit=50&messageGuid=" + guid);
                    searches.add("/api/v1/messages?limit=50&applicationMessageId=K" + guid.substring(1));
                    searches.add("/api/v1/messages?limit=50&tenant=" + tenant + "&status=FAILED" + window);
                    searches.add("/api/v1/messages?limit=50&status=FAILED" + window);
                    searches.add("/api/v1/messages?limit=50&tenant=" + tenant + "&since="
                            + now.minus(Duration.ofHours(2 + random.nextInt(48))) + "&until="
                            + now.minus(Duration.ofHours(1)));
                }
                double search = p95(http, base, searches, requests, "GET /api/v1/messages (the page's searches)");
                // the API's free text (q: a substring of nine columns) is not offered by the page; shown, not counted
                long q0 = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/messages?limit=50&q=K"
                        + guids.getFirst().substring(1))).GET().build(), HttpResponse.BodyHandlers.discarding());
                System.out.printf("%-48s n=1 %.1f ms%n", "GET /api/v1/messages?q=… (free text, API only)",
                        (System.nanoTime() - q0) / 1e6);
                double render = firstRender(base, renders);
                System.out.printf("targets: overview p95 < 100 ms (%s), search p95 < 200 ms (%s),"
                                + " first render < 1500 ms (%s); overview vs tiles alone: %.2fx%n", verdict(overview < 100),
                        verdict(search < 200), verdict(render < 1500), overview / tiles);
                System.out.printf("RESULT overview_p95_ms=%s search_p95_ms=%s first_render_ms=%s tiles_p95_ms=%s%n",
                        BenchSupport.fmt(overview), BenchSupport.fmt(search), BenchSupport.fmt(render),
                        BenchSupport.fmt(tiles));
            } finally {
                api.close();
            }
        } finally {
            vertx.close().await();
            if (!keep) {
                BenchSupport.deleteTree(dir);
            }
        }
    }

    /**
     * N MPLs in chunks of {@value #CHUNK} through {@code COPY … FROM STDIN}: tenants round robin, LogEnd spread over
     * the days, 3 % FAILED, 1 % PROCESSING, 0.5 % RETRY; every 500th message of a primary also completed by its DR
     * tenant a little later (a duplicate). Returns a sample of the GUIDs.
     */
    private static List<String> fill(Database db, int tenants, int rows, int days, Instant now) throws Exception {
        Random random = new Random(42);
        List<String> sample = new ArrayList<>();
        long span = Duration.ofDays(days).toMillis();
        String copy = "COPY mpl (tenant_id, message_guid, correlation_id, application_message_id, log_start, log_end,"
                + " sender, receiver, integration_flow_name, status, alternate_web_link, artifact_id, artifact_name,"
                + " package_id, package_name, business_key, custom_headers, error_text, part_day)"
                + " FROM STDIN WITH (FORMAT csv)";
        try (Connection c = db.dataSource().getConnection()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            StringBuilder csv = new StringBuilder();
            int inChunk = 0;
            int written = 0;
            for (int i = 0; written < rows; i++) {
                int tenant = i % tenants;
                Instant end = now.minusMillis((long) (random.nextDouble() * span));
                double r = random.nextDouble();
                String state = r < 0.03 ? "FAILED" : r < 0.04 ? "PROCESSING" : r < 0.045 ? "RETRY" : "COMPLETED";
                String guid = "G" + i;
                if (sample.size() < 10_000 && random.nextInt(100) == 0) {
                    sample.add(guid);
                }
                row(csv, tenantId(tenant), guid, "K" + i, end, state, IFLOWS[i % IFLOWS.length]);
                written++;
                inChunk++;
                if (tenant % 2 == 0 && i % 500 == 0 && written < rows && "COMPLETED".equals(state)) {
                    row(csv, tenantId(tenant + 1), "D" + i, "K" + i, end.plusSeconds(30 + random.nextInt(300)), state,
                            IFLOWS[i % IFLOWS.length]);
                    written++;
                    inChunk++;
                }
                if (inChunk >= CHUNK || written >= rows) {
                    pg.getCopyAPI().copyIn(copy, new StringReader(csv.toString()));
                    csv.setLength(0);
                    inChunk = 0;
                }
            }
            try (Statement s = c.createStatement()) {
                // rows COPYed around the store: their day spans, which the search's partition bound reads (V160)
                s.execute("SELECT mpl_day_span_cover_stored()");
                s.execute("VACUUM ANALYZE mpl");
            }
        }
        return sample;
    }

    private static void row(StringBuilder csv, String tenant, String guid, String key, Instant end, String status,
                            String iflow) {
        Instant start = end.minusMillis(200 + Math.floorMod(guid.hashCode(), 5000));
        csv.append(tenant).append(',').append(guid).append(",corr-").append(guid).append(',').append(key).append(',')
                .append(start).append(',').append(end).append(",S4,CRM,").append(iflow).append(',').append(status)
                .append(",https://cpi.example/").append(guid).append(',').append(iflow).append(',').append(iflow)
                .append(",pkg,Package,").append(key).append(",\"{\"\"OrderId\"\":\"\"").append(key).append("\"\"}\",")
                .append("FAILED".equals(status) ? "HTTP 500 from receiver " + iflow : "").append(',')
                .append(LocalDate.ofInstant(start, ZoneOffset.UTC)).append('\n');
    }

    /** 24 h of probes every 30 s per tenant, 5 keystore entries and 10 artifacts each, some open alerts, a window. */
    private static void fillRest(Database db, int tenants, Instant now) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO probe_result (tenant_id, at, up, status_code, latency_millis, error)"
                    + " SELECT format('t%s', lpad(t::text, 3, '0')), at, random() > 0.01, 401,"
                    + " (40 + random() * 300)::bigint, NULL"
                    + " FROM generate_series(0, " + (tenants - 1) + ") t,"
                    + " generate_series(now() - interval '24 hours', now(), interval '30 seconds') at");
            s.execute("INSERT INTO keystore_entry (tenant_id, alias, type, valid_not_after, seen_at)"
                    + " SELECT format('t%s', lpad(t::text, 3, '0')), 'cert' || k, 'Certificate',"
                    + " now() + (k * 20 + t % 7) * interval '1 day', now()"
                    + " FROM generate_series(0, " + (tenants - 1) + ") t, generate_series(1, 5) k");
            s.execute("INSERT INTO runtime_artifact (tenant_id, artifact_id, version, name, type, status, seen_at)"
                    + " SELECT format('t%s', lpad(t::text, 3, '0')), 'iflow' || k, '1.0.' || (k + t % 2),"
                    + " 'iFlow ' || k,"
                    + " 'INTEGRATION_FLOW', 'STARTED', now()"
                    + " FROM generate_series(0, " + (tenants - 1) + ") t, generate_series(1, 10) k");
            s.execute("VACUUM ANALYZE probe_result");
        }
        for (int i = 0; i < tenants; i += 20) {
            db.alerts().open(new NewAlert("failover-" + i, "failover",
                    Map.of("rule", "failover", "pair", String.format("p%03d", i / 2)), Map.of("summary", "failover"),
                    AlertState.FIRING, now.minus(Duration.ofMinutes(30))), List.of());
            db.alerts().open(new NewAlert("down-" + i, "tenant_down", Map.of("rule", "tenant_down", "tenant", tenantId(i)),
                    Map.of("summary", "down"), AlertState.FIRING, now.minus(Duration.ofMinutes(31))), List.of());
        }
        db.silences().create(List.of(LabelMatcher.parse("tenant=\"t000\"")),
                now.plus(Duration.ofHours(4)), now.plus(Duration.ofHours(5)), "bench", "maintenance");
    }

    /** p95 in ms of {@code count} sequential GETs cycling through {@code paths}, after a warm-up of 10 % of them. */
    private static double p95(HttpClient http, String base, List<String> paths, int count, String what)
            throws Exception {
        int warmup = Math.max(5, count / 10);
        double[] ms = new double[count];
        long bytes = 0;
        for (int i = -warmup; i < count; i++) {
            String path = paths.get(Math.floorMod(i, paths.size()));
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                ms[i] = took;
                bytes += r.body().length();
            }
        }
        Arrays.sort(ms);
        double p50 = ms[count / 2];
        double p95 = ms[(int) Math.ceil(count * 0.95) - 1];
        System.out.printf("%-48s n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms (%,d bytes on average)%n", what, count, p50,
                p95, ms[count - 1], bytes / count);
        return p95;
    }

    /**
     * The page's timeline up to {@code overview-drawn}: the document, every file and API call it fetched (start, end,
     * bytes over the wire) and the page's own marks, in order.
     */
    private static final String TIMELINE = """
            () => {
              const drawn = performance.getEntriesByName('overview-drawn')[0].startTime;
              const nav = performance.getEntriesByType('navigation')[0];
              const rows = [['document', nav.startTime, nav.responseEnd, nav.transferSize]];
              performance.getEntriesByType('resource').filter((r) => r.startTime <= drawn)
                .forEach((r) => rows.push([new URL(r.name).pathname + new URL(r.name).search, r.startTime, r.responseEnd,
                  r.transferSize]));
              performance.getEntriesByType('mark').forEach((m) => rows.push(['mark ' + m.name, m.startTime, m.startTime, 0]));
              rows.sort((a, b) => a[1] - b[1]);
              return rows.map(([name, start, end, bytes]) => `  ${start.toFixed(0).padStart(6)} → ${end.toFixed(0)
                .padStart(6)}  ${bytes ? (bytes / 1024).toFixed(1).padStart(7) + ' KiB' : '           '}  ${name}`)
                .join('\\n');
            }""";

    /** Median over {@code renders} fresh pages of navigation start → the overview's {@code overview-drawn} mark. */
    private static double firstRender(String base, int renders) {
        Path chromium = Path.of(System.getenv().getOrDefault("CPIMON_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("the first-render measurement needs Chromium at " + chromium
                    + " (apt-get install chromium, or set CPIMON_CHROMIUM)");
        }
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")))) {
            double[] ms = new double[renders];
            for (int i = -1; i < renders; i++) {
                try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(1366, 768))) {
                    Page page = context.newPage();
                    page.navigate(base + "/");
                    page.waitForSelector("#app[data-drawn]", new Page.WaitForSelectorOptions().setTimeout(60_000));
                    double drawn = ((Number) page.evaluate(
                            "performance.getEntriesByName('overview-drawn')[0].startTime")).doubleValue();
                    if (i >= 0) {
                        ms[i] = drawn;
                    }
                    if (i == renders - 1) {
                        System.out.println("where the last render's time went (ms after navigation start):");
                        System.out.println(page.evaluate(TIMELINE));
                    }
                }
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            System.out.printf("%-48s n=%d median=%.0f ms max=%.0f ms%n", "first render of the overview (Chromium)",
                    renders, sorted[renders / 2], sorted[renders - 1]);
            return sorted[renders / 2];
        }
    }
}
