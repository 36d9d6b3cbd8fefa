package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.tenantId;
import static io.cpimon.bench.BenchSupport.verdict;

import io.cpimon.api.ApiAuth;
import io.cpimon.api.ApiServer;
import io.cpimon.api.routes.MessageRoutes;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.db.Database;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.MplKeys;
import io.cpimon.db.MplStore.MplQuery;
import io.cpimon.db.TenantRow;
import io.cpimon.db.jdbc.JdbcMplStore;
import io.cpimon.db.jdbc.JdbcTransactions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * {@code ./cpimon bench search [--mpls N] [--tenants T] [--days D] [--requests R] [--explain] [--keep]}: the message
 * searches the dashboard offers over N stored MPLs (default 10,000,000) of T tenants (default 200) spread over D
 * daily partitions (default 90), written straight into PostgreSQL with {@code COPY} (the secondary indexes and day
 * spans built after the load). Each search shape is sent R times (default 100, after a warm-up of 10 %) to {@code
 * GET /api/v1/messages} on loopback, each time with other keys: by MessageGuid, by ApplicationMessageId, by
 * CorrelationId, by a custom header value, status + iFlow + a one-day range, words of the error text (a rare word
 * and a frequent one, in the window the page searches by default), the newest page of one tenant and of every
 * tenant. Baseline: the lookup of one message by its primary key ({@code GET /api/v1/messages/{tenant}/{guid}}).
 * Prints p50/p95 per shape and {@code RESULT mpls=… p95_ms=… worst=… baseline_p95_ms=…} (the worst shape's p95);
 * target p95 &lt; 200 ms. {@code --explain} prints each shape's plan ({@code EXPLAIN ANALYZE} through auto_explain)
 * once.
 */
final class SearchBench {
    private static final String[] IFLOWS = {"Orders_Replicate", "Invoices_Send", "Shipments_Receive", "Partners_Sync",
        "Payments_Post", "Stock_Update", "Prices_Load", "Returns_Book", "Leads_Push", "Assets_Archive"};
    private static final String[] RECEIVERS = {"ERP", "CRM", "WMS", "Ariba", "Bank"};
    /** The window the message page searches when no key and no range is given. */
    private static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    private static final int CHUNK = 50_000;
    private static final int PAGE = 50;

    private SearchBench() {}

    static void run(String[] args) throws Exception {
        int mpls = BenchSupport.intOption(args, "mpls", 10_000_000);
        int tenants = BenchSupport.intOption(args, "tenants", 200);
        int days = BenchSupport.intOption(args, "days", 90);
        int requests = BenchSupport.intOption(args, "requests", 100);
        boolean explain = List.of(args).contains("--explain");
        boolean keep = List.of(args).contains("--keep");
        Path dir = BenchSupport.tempDir("cpimon-bench-search");
        System.out.printf("search bench: %,d MPLs of %d tenants over %d daily partitions, database in %s%n", mpls,
                tenants, days, dir);
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 8))) {
            Instant now = Instant.now();
            List<TenantRow> rows = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < tenants; i++) {
                rows.add(new TenantRow(tenantId(i), "Tenant " + tenantId(i), Map.of(), null, null, null, null));
                ids.add(tenantId(i));
            }
            db.tenants().sync(rows);
            db.mpls().maintainPartitions(now.minus(Duration.ofDays(days)), LocalDate.now(ZoneOffset.UTC).plusDays(3));
            long t0 = System.nanoTime();
            fill(db, tenants, mpls, days, now);
            System.out.printf("stored %,d MPLs with COPY (indexes built after it) in %.1f s; %s%n", mpls,
                    (System.nanoTime() - t0) / 1e9, sizes(db));

            Clock clock = Clock.systemUTC();
            ApiServer api = new ApiServer(vertx, "127.0.0.1", 0, new ApiAuth(List.of(), clock),
                    List.of(new MessageRoutes(db.mpls(), ids)));
            api.start();
            try {
                String base = "http://127.0.0.1:" + api.port();
                HttpClient http = HttpClient.newHttpClient();
                Random random = new Random(11);
                // message i has GUID G<i>, ApplicationMessageId K<i>, CorrelationId C<i>, header OrderId=O<i>
                IntFunction<Integer> any = k -> random.nextInt(mpls);
                String since = now.minus(DEFAULT_WINDOW).toString();
                Map<String, IntFunction<String>> shapes = new LinkedHashMap<>();
                shapes.put("MessageGuid", k -> "messageGuid=G" + any.apply(k));
                shapes.put("ApplicationMessageId (business key)", k -> "applicationMessageId=K" + any.apply(k));
                shapes.put("CorrelationId", k -> "correlationId=C" + any.apply(k));
                shapes.put("custom header OrderId=value", k -> "header=" + enc("OrderId=O" + any.apply(k)));
                shapes.put("status + iFlow + one day", k -> {
                    Instant to = now.minus(Duration.ofHours(random.nextInt(days * 24 - 24) + 1));
                    return "status=FAILED&iflow=" + IFLOWS[random.nextInt(IFLOWS.length)] + "&since="
                            + to.minus(Duration.ofDays(1)) + "&until=" + to;
                });
                shapes.put("status, default window (24 h)", k -> "status=FAILED&since=" + since);
                shapes.put("error words, rare, default window", k -> "errorText="
                        + enc("refused erp" + random.nextInt(1000)) + "&since=" + since);
                shapes.put("error words, frequent, default window", k -> "errorText=timeout&since=" + since);
                shapes.put("error words, rare, all time", k -> "errorText=" + enc("order " + (any.apply(k) / 97 * 97)));
                shapes.put("newest page of one tenant", k -> "tenant=" + tenantId(random.nextInt(tenants)));
                shapes.put("newest page of all tenants", k -> "");
                double baseline = p95(http, base, k -> {
                    int i = any.apply(k);
                    return "/api/v1/messages/" + tenantId(i % tenants) + "/G" + i;
                }, requests, "one message by tenant and GUID (baseline)")[1];
                double worst = 0;
                String worstName = "";
                for (Map.Entry<String, IntFunction<String>> s : shapes.entrySet()) {
                    double[] p = p95(http, base, k -> "/api/v1/messages?limit=" + PAGE + "&" + s.getValue().apply(k),
                            requests, s.getKey());
                    if (p[1] > worst) {
                        worst = p[1];
                        worstName = s.getKey();
                    }
                }
                if (explain) {
                    explain(db, now, tenants);
                }
                System.out.printf("target: every search p95 < 200 ms (%s); worst: %s, %.1fx the primary-key lookup%n",
                        verdict(worst < 200), worstName, worst / baseline);
                System.out.printf("RESULT mpls=%d p95_ms=%s worst=%s baseline_p95_ms=%s%n", mpls,
                        BenchSupport.fmt(worst), worstName.replaceAll("[^A-Za-z0-9]+", "_"),
                        BenchSupport.fmt(baseline));
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * N MPLs through {@code COPY … FROM STDIN} in chunks: message i of tenant i mod T, LogEnd spread evenly over the
     * days, 3 % FAILED (an error text from a few templates: a frequent "timeout", a rarer host name, an order number),
     * 1 % PROCESSING, 0.5 % RETRY, two custom headers.
     */
    private static void fill(Database db, int tenants, int mpls, int days, Instant now) throws Exception {
        Random random = new Random(42);
        long span = Duration.ofDays(days).toMillis() - Duration.ofHours(1).toMillis();
        String copy = "COPY mpl (tenant_id, message_guid, correlation_id, application_message_id, log_start, log_end,"
                + " sender, receiver, integration_flow_name, status, alternate_web_link, artifact_id, artifact_name,"
                + " package_id, package_name, business_key, custom_headers, error_text, part_day)"
                + " FROM STDIN WITH (FORMAT csv)";
        try (Connection c = db.dataSource().getConnection()) {
            // every index of the migrations (the GIN index on every row's custom headers among them) and the day spans
            // are built once after the load instead of maintained row by row, as RulesBench loads
            List<String> indexes = RulesBench.beginBulkLoad(c);
            PGConnection pg = c.unwrap(PGConnection.class);
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < mpls; i++) {
                Instant end = now.minusMillis((long) (random.nextDouble() * span));
                Instant start = end.minusMillis(200 + random.nextInt(5000));
                double r = random.nextDouble();
                String status = r < 0.03 ? "FAILED" : r < 0.04 ? "PROCESSING" : r < 0.045 ? "RETRY" : "COMPLETED";
                String iflow = IFLOWS[random.nextInt(IFLOWS.length)];
                String receiver = RECEIVERS[i % RECEIVERS.length];
                String error = "";
                if ("FAILED".equals(status)) {
                    error = switch (random.nextInt(3)) {
                        case 0 -> "Timeout after 60000 ms waiting for " + receiver + " at /sap/bc/srt/" + iflow;
                        case 1 -> "java.net.ConnectException: Connection refused by host erp"
                                + random.nextInt(1000) + " port 443";
                        default -> "HTTP 500 from " + receiver + ": order " + i + " rejected, invalid partner";
                    };
                }
                csv.append(tenantId(i % tenants)).append(",G").append(i).append(",C").append(i).append(",K").append(i)
                        .append(',').append(start).append(',').append(end).append(",S4,").append(receiver).append(',')
                        .append(iflow).append(',').append(status).append(",https://cpi.example/G").append(i).append(',')
                        .append(iflow).append(',').append(iflow).append(",pkg,Package,K").append(i)
                        .append(",\"{\"\"OrderId\"\":\"\"O").append(i).append("\"\",\"\"Region\"\":\"\"EU\"\"}\",")
                        .append(error.isEmpty() ? "" : '"' + error + '"').append(',')
                        .append(LocalDate.ofInstant(start, ZoneOffset.UTC)).append('\n');
                if ((i + 1) % CHUNK == 0 || i == mpls - 1) {
                    pg.getCopyAPI().copyIn(copy, new StringReader(csv.toString()));
                    csv.setLength(0);
                }
            }
            RulesBench.endBulkLoad(c, indexes);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE mpl");
            }
        }
    }

    /** The size of the MPL table and of each search index (all partitions). */
    private static String sizes(Database db) throws Exception {
        StringBuilder out = new StringBuilder("sizes:");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT p.relname, pg_size_pretty(sum(pg_relation_size(i.inhrelid)))"
                     + " FROM pg_class p JOIN pg_inherits i ON i.inhparent = p.oid"
                     + " WHERE p.relname = 'mpl' OR (p.relkind = 'I' AND p.relname LIKE 'mpl%')"
                     + " GROUP BY p.relname ORDER BY sum(pg_relation_size(i.inhrelid)) DESC")) {
            while (rs.next()) {
                out.append(' ').append(rs.getString(1)).append('=').append(rs.getString(2));
            }
        }
        return out.toString();
    }

    /** p50 and p95 in ms of {@code count} sequential GETs of {@code path.apply(k)}, after a warm-up of 10 %. */
    private static double[] p95(HttpClient http, String base, IntFunction<String> path, int count, String what)
            throws Exception {
        int warmup = Math.max(5, count / 10);
        double[] ms = new double[count];
        long found = 0;
        for (int i = -warmup; i < count; i++) {
            String p = path.apply(i);
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + p)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(p + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                ms[i] = took;
                found += r.body().startsWith("[") ? r.body().split("\"messageGuid\"", -1).length - 1 : 1;
            }
        }
        Arrays.sort(ms);
        double p50 = ms[count / 2];
        double p95 = ms[(int) Math.ceil(count * 0.95) - 1];
        System.out.printf("%-44s n=%d p50=%7.1f ms p95=%7.1f ms max=%7.1f ms (%.1f rows per answer)%n", what, count,
                p50, p95, ms[count - 1], (double) found / count);
        return new double[] {p50, p95};
    }

    /** Each shape's plan once, through auto_explain on one connection of its own. */
    private static void explain(Database db, Instant now, int tenants) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("LOAD 'auto_explain'");
                s.execute("SET auto_explain.log_min_duration = 0");
                s.execute("SET auto_explain.log_analyze = on");
                s.execute("SET auto_explain.log_buffers = on");
                s.execute("SET client_min_messages = log");
            }
            List<String> plans = new ArrayList<>();
            MplStore store = new JdbcMplStore(new JdbcTransactions(single(c, plans)));
            Instant since = now.minus(DEFAULT_WINDOW);
            MplKeys none = new MplKeys(null, null, null, null, null, null, null, null);
            Map<String, MplQuery> queries = new LinkedHashMap<>();
            queries.put("MessageGuid", new MplQuery(null, null, null, null, "G12345", null, null, null, PAGE, none));
            queries.put("ApplicationMessageId", new MplQuery(null, null, null, null, null, null, null, null, PAGE,
                    new MplKeys(null, null, null, null, "K12345", null, null, null)));
            queries.put("header", new MplQuery(null, null, null, null, null, null, null, null, PAGE,
                    new MplKeys(null, null, null, null, null, "OrderId", "O12345", null)));
            queries.put("status + iFlow + day", new MplQuery(null, "FAILED", IFLOWS[3], null, null,
                    now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)), null, PAGE, none));
            queries.put("status, 24 h", new MplQuery(null, "FAILED", null, null, null, since, null, null, PAGE, none));
            queries.put("error words rare, 24 h", new MplQuery(null, null, null, null, null, since, null, null, PAGE,
                    new MplKeys(null, null, null, null, null, null, null, "refused erp17")));
            queries.put("error words frequent, 24 h", new MplQuery(null, null, null, null, null, since, null, null,
                    PAGE, new MplKeys(null, null, null, null, null, null, null, "timeout")));
            queries.put("error words rare, all time", new MplQuery(null, null, null, null, null, null, null, null,
                    PAGE, new MplKeys(null, null, null, null, null, null, null, "order 9797")));
            queries.put("one tenant", new MplQuery(tenantId(tenants / 2), null, null, null, null, null, null, null, PAGE,
                    none));
            PrintWriter out = new PrintWriter(System.out, true);
            for (Map.Entry<String, MplQuery> q : queries.entrySet()) {
                plans.clear();
                store.search(q.getValue());
                out.println("---- plan: " + q.getKey());
                plans.forEach(out::println);
            }
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A data source that hands out {@code c} and ignores its close (so that the store's work runs on it); the notices
     * of each statement (auto_explain's plans arrive as such) are added to {@code plans} when it closes.
     */
    private static DataSource single(Connection c, List<String> plans) {
        Connection shared = (Connection) Proxy.newProxyInstance(SearchBench.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, margs) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    Object result = invoke(c, method, margs);
                    if (result instanceof PreparedStatement ps) {
                        return Proxy.newProxyInstance(SearchBench.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class}, (p2, m2, a2) -> {
                                    if (m2.getName().equals("close")) {
                                        for (SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
                                            plans.add(w.getMessage());
                                        }
                                    }
                                    return invoke(ps, m2, a2);
                                });
                    }
                    return result;
                });
        return (DataSource) Proxy.newProxyInstance(SearchBench.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, margs) -> switch (method.getName()) {
                    case "getConnection" -> shared;
                    case "getParentLogger" -> Logger.getGlobal();
                    default -> throw new UnsupportedOperationException(
                            "the plan printer's data source serves connections only, not " + method.getName());
                });
    }
}
