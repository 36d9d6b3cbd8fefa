package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.fmt;
import static io.cpimon.bench.BenchSupport.fmt2;
import static io.cpimon.bench.BenchSupport.intOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.ingest.IngestService;
import io.cpimon.ingest.MplPoller;
import io.cpimon.ingest.ODataTime;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.Vertx;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * {@code ./cpimon bench ingest [--rows N] [--tenants T] [--naive-rows M] [--trials K]}: the same MPL rows loaded three
 * ways into the same (embedded, synchronous-commit) PostgreSQL in one run:
 * <ol>
 * <li>cpimon: one {@link MplPoller} per simulated tenant, in parallel, over loopback HTTP (OData JSON parsed
 * strictly, custom headers expanded), pages of 1000 upserted with their watermark — what production does;</li>
 * <li>raw {@code COPY FROM STDIN} of the same rows into an identical table (same columns and indexes, not
 * partitioned: the stronger baseline): the physical limit of the write path;</li>
 * <li>a naive per-row autocommit {@code INSERT … ON CONFLICT DO UPDATE} into another identical table; measured on
 * the first {@code --naive-rows} rows (default 20,000: the rate of a per-row autocommit loop does not depend on how
 * many rows follow).</li>
 * </ol>
 * The three run one after the other inside each of {@code --trials} trials (default 3, each on fresh tenants and
 * fresh tables), after one smaller warm-up trial that is not counted: every ratio compares figures taken within a
 * minute of each other, so a load that comes and goes on a shared machine moves both sides; RESULT gives the
 * medians (rates) and the medians of the per-trial ratios.
 * Before each trial every simulated entry is pre-rendered into the simulator's JSON cache and the rate the simulator
 * serves the poller's page queries at is measured (printed per trial; its median is RESULT's {@code sim_serve_rows_per_s}):
 * the simulator runs in this JVM on the same cores, and real CPI renders its pages on its own machines. Per trial the
 * CPU per 1,000 rows of this JVM and of PostgreSQL ({@link CpuMeter}) is printed for cpimon and for COPY.
 * Also printed, not in RESULT: the same page queries fetched and dropped with every entry serialized per request, and
 * the same rows through {@code MplStore.upsertPage} alone.
 * The simulated traffic has no failures (error texts are one extra GET each, not part of the write path) and no
 * long-running messages. Ends with {@code RESULT ingest_rows_per_s=… copy_rows_per_s=… ratio_vs_copy=… ratio_vs_naive=… sim_serve_rows_per_s=…}.
 */
public final class IngestBench {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(60);
    static final int IFLOWS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "tenant_id, message_guid, correlation_id, application_message_id, application_message_type,"
            + " predecessor_message_guid, log_start, log_end, sender, receiver, integration_flow_name, status, custom_status,"
            + " alternate_web_link, artifact_id, artifact_name, artifact_type, package_id, package_name, log_level,"
            + " archiving_status, transaction_id, previous_component_name, local_component_name, origin_component_name,"
            + " business_key, custom_headers, error_text";

    private IngestBench() {}

    /** One trial's figures, rows per second. */
    private record Trial(double ingest, double copy, double naive, double serve) {}

    public static void run(String[] args) throws Exception {
        int rows = intOption(args, "rows", 500_000);
        int tenantCount = intOption(args, "tenants", 4);
        int naiveRows = intOption(args, "naive-rows", Math.min(rows, 20_000));
        int trials = intOption(args, "trials", 3);
        Path dir = BenchSupport.tempDir("cpimon-bench-ingest");
        SimClock clock = SimClock.fixed(T0);
        Vertx vertx = Vertx.vertx();
        try (Simulator sim = Simulator.start(clock);
             Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 8))) {
            System.out.printf("database: %s%n", db.describe());
            // the day partitions production's RetentionJob keeps ready (the rows' LogStart days); otherwise every row
            // would land in the default partition
            System.out.printf("partitions: %s%n", db.mpls().maintainPartitions(T0.minus(Duration.ofDays(2)),
                    LocalDate.ofInstant(T0, ZoneOffset.UTC).plusDays(1)).created());
            PollConfig poll = new PollConfig(Duration.ofSeconds(30), Duration.ofMinutes(5), 1000, WINDOW.plusHours(1));
            List<Trial> results = new ArrayList<>();
            List<SimulatedTenant> last = List.of();
            for (int trial = 0; trial <= trials; trial++) {
                boolean warmUp = trial == 0;
                int trialRows = warmUp ? Math.max(rows / 5, 10_000) : rows;
                List<SimulatedTenant> tenants = new ArrayList<>();
                List<TenantConfig> configs = new ArrayList<>();
                double perIflowPerMinute = trialRows / (double) tenantCount / IFLOWS / WINDOW.toMinutes();
                long truth = 0;
                for (int i = 0; i < tenantCount; i++) {
                    SimulatedTenant tenant = sim.addTenant(TenantSpec.of("bench-" + trial + "-" + i)
                            .withIflows(TenantSpec.manyIflows(IFLOWS, perIflowPerMinute, 0.0)));
                    tenant.generate(T0.minus(WINDOW), T0);
                    truth += tenant.groundTruth().size();
                    tenants.add(tenant);
                    configs.add(BenchSupport.tenant(tenant, poll, Duration.ofSeconds(10)));
                }
                double serve = prerender(tenants, truth, poll.pageSize());
                Trial r = trial(vertx, db, clock, dir, trial, tenants, configs, truth, naiveRows, serve);
                System.out.printf("%s: cpimon %s rows/s, COPY %s rows/s, naive %s rows/s: ratio_vs_copy %s, ratio_vs_naive %s"
                                + " (the simulator serves %s rows/s)%n",
                        warmUp ? "warm-up (not counted)" : "trial " + trial, fmt(r.ingest()), fmt(r.copy()), fmt(r.naive()),
                        fmt2(r.ingest() / r.copy()), fmt2(r.ingest() / r.naive()), fmt(r.serve()));
                if (!warmUp) {
                    results.add(r);
                }
                for (SimulatedTenant t : last) {
                    t.jsonCacheBytes(0);
                }
                last = tenants;
            }

            // diagnostics on the last trial's tenants: what the simulator alone and the store alone manage
            for (SimulatedTenant t : last) {
                t.jsonCacheBytes(0);
            }
            double fetchRate = fetchOnly(last, poll.pageSize());
            System.out.printf("fetch only     : the same page queries, every entry serialized per request (not pre-rendered), without parsing"
                    + " or writing = %s rows/s%n", fmt(fetchRate));
            List<MplRecord> all = new ArrayList<>();
            for (SimulatedTenant tenant : last) {
                all.addAll(db.mpls().allOf(tenant.id()));
            }
            emptyTables(db, trials + 1);
            List<Thread> writers = new ArrayList<>();
            long t0 = System.nanoTime();
            for (SimulatedTenant tenant : last) {
                List<MplRecord> mine = all.stream().filter(x -> x.tenantId().equals(tenant.id()))
                        .map(x -> withTenant(x, "store-" + x.tenantId())).toList();
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int from = 0; from < mine.size(); from += 1000) {
                        db.mpls().upsertPage("store-" + tenant.id(), mine.subList(from, Math.min(mine.size(), from + 1000)), null);
                    }
                }));
            }
            for (Thread w : writers) {
                w.join();
            }
            System.out.printf("store only     : the same rows through MplStore.upsertPage (pages of 1000) = %s rows/s%n",
                    fmt(all.size() / ((System.nanoTime() - t0) / 1e9)));
            emptyTables(db, trials + 1);
            copyIntoMpl(db, all, true);
            copyIntoMpl(db, all, false);

            double ingest = median(results.stream().map(Trial::ingest).toList());
            double copy = median(results.stream().map(Trial::copy).toList());
            double naive = median(results.stream().map(Trial::naive).toList());
            double vsCopy = median(results.stream().map(x -> x.ingest() / x.copy()).toList());
            double vsNaive = median(results.stream().map(x -> x.ingest() / x.naive()).toList());
            double serve = median(results.stream().map(Trial::serve).toList());
            System.out.printf("medians of %d trials: cpimon %s, COPY %s, naive %s rows/s; COPY is %s× naive on this machine%n",
                    results.size(), fmt(ingest), fmt(copy), fmt(naive), fmt2(copy / naive));
            System.out.printf("RESULT ingest_rows_per_s=%s copy_rows_per_s=%s ratio_vs_copy=%s ratio_vs_naive=%s sim_serve_rows_per_s=%s%n",
                    fmt(ingest), fmt(copy), fmt2(vsCopy), fmt2(vsNaive), fmt(serve));
        } finally {
            vertx.close().await();
            BenchSupport.deleteTree(dir);
        }
    }

    /**
     * Every measurement writes into empty tables: {@code mpl} and its companions are emptied and the previous trial's
     * COPY and naive tables dropped, then a checkpoint writes out what the last one left dirty. Otherwise {@code mpl}
     * would grow trial by trial (larger indexes to insert into) while each baseline starts on a fresh table.
     */
    private static void emptyTables(Database db, int trial) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE mpl, mpl_undated, mpl_day_span, mpl_change");
            if (trial > 0) {
                s.execute("DROP TABLE IF EXISTS bench_copy_" + (trial - 1) + ", bench_naive_" + (trial - 1));
            }
            s.execute("CHECKPOINT");
        }
    }

    /** One trial: cpimon's pollers over the trial's tenants, then COPY and the naive loop of the same rows into fresh tables. */
    private static Trial trial(Vertx vertx, Database db, SimClock clock, Path dir, int n, List<SimulatedTenant> tenants,
                               List<TenantConfig> configs, long truth, int naiveRows, double serve) throws Exception {
        emptyTables(db, n);
        double ingestRate;
        try (IngestService ingest = new IngestService(vertx, BenchSupport.config(configs, dir.toString()), db, clock, ChangeNotifier.NOOP)) {
            AtomicLong pages = new AtomicLong();
            CpuMeter cpu = new CpuMeter(db);
            long t0 = System.nanoTime();
            pollAll(configs.stream().map(ingest::poller).toList(), pages);
            double seconds = (System.nanoTime() - t0) / 1e9;
            CpuMeter.Used used = cpu.used();
            long stored = tenants.stream().mapToLong(x -> db.mpls().count(x.id())).sum();
            if (stored != truth) {
                throw new IllegalStateException("cpimon stored " + stored + " rows, the simulator holds " + truth);
            }
            ingestRate = stored / seconds;
            System.out.printf("  cpimon poller: %,d rows in %,d pages in %.2f s; CPU per 1,000 rows: this JVM %s ms (of which Vert.x event loops,"
                    + " the simulator's and cpimon's HTTP, %s ms), PostgreSQL %s ms%n", stored, pages.get(), seconds, fmt2(used.jvmMs() * 1000 / stored),
                    fmt2(used.vertxMs() * 1000 / stored), fmt2(used.postgresMs() * 1000 / stored));
        }
        List<MplRecord> all = new ArrayList<>();
        for (SimulatedTenant tenant : tenants) {
            all.addAll(db.mpls().allOf(tenant.id()));
        }
        String copyTable = "bench_copy_" + n;
        String naiveTable = "bench_naive_" + n;
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + copyTable + " (LIKE mpl INCLUDING ALL)");
            s.execute("CREATE TABLE " + naiveTable + " (LIKE mpl INCLUDING ALL)");
        }
        double copyRate;
        try (Connection c = db.dataSource().getConnection()) {
            String text = copyText(all);
            CpuMeter cpu = new CpuMeter(db);
            long t0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + copyTable + " (" + COLUMNS + ") FROM STDIN", new StringReader(text));
            double seconds = (System.nanoTime() - t0) / 1e9;
            CpuMeter.Used used = cpu.used();
            copyRate = all.size() / seconds;
            System.out.printf("  raw COPY     : %,d rows in %.2f s; CPU per 1,000 rows: this JVM %s ms, PostgreSQL %s ms%n", all.size(), seconds,
                    fmt2(used.jvmMs() * 1000 / all.size()), fmt2(used.postgresMs() * 1000 / all.size()));
        }
        double naiveRate;
        List<MplRecord> naive = all.subList(0, Math.min(naiveRows, all.size()));
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(true);
            String[] cols = COLUMNS.split(",\\s*");
            StringBuilder set = new StringBuilder();
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < cols.length; i++) {
                values.append(i == 0 ? "" : ", ").append(cols[i].equals("custom_headers") ? "?::jsonb" : "?");
                if (i >= 2) {
                    set.append(set.isEmpty() ? "" : ", ").append(cols[i]).append(" = EXCLUDED.").append(cols[i]);
                }
            }
            String sql = "INSERT INTO " + naiveTable + " (" + COLUMNS + ") VALUES (" + values + ") ON CONFLICT (" + conflictKey(c, naiveTable)
                    + ") DO UPDATE SET " + set;
            long t0 = System.nanoTime();
            naiveLoop(c, sql, naive);
            double seconds = (System.nanoTime() - t0) / 1e9;
            naiveRate = naive.size() / seconds;
            System.out.printf("  naive INSERT : %,d rows (per-row autocommit) in %.2f s%n", naive.size(), seconds);
        }
        return new Trial(ingestRate, copyRate, naiveRate, serve);
    }

    /**
     * Serializes every entry of the trial's tenants into their JSON caches, then drains them once as the poller would
     * without parsing or writing: the rate the simulator serves pre-rendered pages at (in this JVM, on the same cores),
     * printed so that it can be seen to be far above what is measured. Real CPI renders its pages on its own machines.
     */
    private static double prerender(List<SimulatedTenant> tenants, long truth, int pageSize) throws Exception {
        long budget = Runtime.getRuntime().maxMemory() / 4 / tenants.size();
        long t0 = System.nanoTime();
        long cached = 0;
        for (SimulatedTenant t : tenants) {
            cached += t.prerenderMpls(budget);
        }
        double rendered = (System.nanoTime() - t0) / 1e9;
        double serve = fetchOnly(tenants, pageSize);
        System.out.printf("  simulator    : %,d of %,d entries pre-rendered in %.2f s, then served at %s rows/s%n", cached, truth, rendered, fmt(serve));
        return serve;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Polls every tenant once, in parallel, one virtual thread each (what IngestService's workers do). */
    static void pollAll(List<MplPoller> pollers, AtomicLong pages) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (MplPoller p : pollers) {
            threads.add(Thread.ofVirtual().start(() -> pages.addAndGet(p.pollOnce().pages())));
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    /** Per row one autocommitted INSERT … ON CONFLICT, as a quick script does. */
    private static void naiveLoop(Connection c, String sql, List<MplRecord> rows) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (MplRecord r : rows) {
                Object[] v = values(r);
                for (int i = 0; i < v.length; i++) {
                    ps.setObject(i + 1, v[i] instanceof Instant x ? x.atOffset(ZoneOffset.UTC) : v[i]);
                }
                ps.executeUpdate();
            }
        }
    }

    /** The columns of mpl's primary key (the upsert's conflict target), read from the catalog: it may hold a partition key. */
    private static String conflictKey(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM pg_index i"
                     + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                     + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                     + " WHERE i.indrelid = '" + table + "'::regclass AND i.indisprimary")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static final Pattern LOG_END = Pattern.compile("\"LogEnd\":\"/Date\\((\\d+)\\)/\"");

    /** Pages through every tenant like the poller (keyset on LogEnd), keeping only the row count and the last LogEnd. */
    private static double fetchOnly(List<SimulatedTenant> tenants, int pageSize) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong rows = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (SimulatedTenant t : tenants) {
            threads.add(Thread.ofVirtual().start(() -> {
                String auth = "Basic " + Base64.getEncoder().encodeToString((t.basicUser() + ":" + t.basicPassword()).getBytes());
                Instant bound = T0.minus(WINDOW).minus(Duration.ofHours(1));
                int skip = 0;
                try {
                    while (true) {
                        String filter = URLEncoder.encode("LogEnd ge " + ODataTime.literal(bound), StandardCharsets.UTF_8).replace("+", "%20");
                        String url = t.apiUrl() + "/MessageProcessingLogs?$format=json&$filter=" + filter + "&$orderby=LogEnd%20asc&$top=" + pageSize
                                + "&$expand=CustomHeaderProperties" + (skip > 0 ? "&$skip=" + skip : "");
                        String body = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                        Matcher m = LOG_END.matcher(body);
                        int n = 0;
                        long last = -1;
                        while (m.find()) {
                            n++;
                            last = Long.parseLong(m.group(1));
                        }
                        rows.addAndGet(n);
                        if (n < pageSize) {
                            return;
                        }
                        Instant max = Instant.ofEpochMilli(last);
                        if (max.isAfter(bound)) {
                            bound = max;
                            skip = 0;
                        } else {
                            skip += n;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        return rows.get() / ((System.nanoTime() - t0) / 1e9);
    }

    private static MplRecord withTenant(MplRecord r, String tenant) {
        return new MplRecord(tenant, r.messageGuid(), r.correlationId(), r.applicationMessageId(), r.applicationMessageType(),
                r.predecessorMessageGuid(), r.logStart(), r.logEnd(), r.sender(), r.receiver(), r.integrationFlowName(), r.status(),
                r.customStatus(), r.alternateWebLink(), r.artifactId(), r.artifactName(), r.artifactType(), r.packageId(),
                r.packageName(), r.logLevel(), r.archivingStatus(), r.transactionId(), r.previousComponentName(),
                r.localComponentName(), r.originComponentName(), r.businessKey(), r.customHeaders(), r.errorText());
    }

    private static Object[] values(MplRecord r) throws Exception {
        return new Object[] {r.tenantId(), r.messageGuid(), r.correlationId(), r.applicationMessageId(), r.applicationMessageType(),
                r.predecessorMessageGuid(), r.logStart(), r.logEnd(), r.sender(), r.receiver(), r.integrationFlowName(), r.status(),
                r.customStatus(), r.alternateWebLink(), r.artifactId(), r.artifactName(), r.artifactType(), r.packageId(),
                r.packageName(), r.logLevel(), r.archivingStatus(), r.transactionId(), r.previousComponentName(),
                r.localComponentName(), r.originComponentName(), r.businessKey(),
                r.customHeaders() == null ? null : JSON.writeValueAsString(r.customHeaders()), r.errorText()};
    }

    private static String copyText(List<MplRecord> rows) throws Exception {
        return copyText(rows, false);
    }

    /** @param withPartDay append the row's part_day (the UTC day of its LogStart), for a COPY into mpl itself */
    private static String copyText(List<MplRecord> rows, boolean withPartDay) throws Exception {
        StringBuilder sb = new StringBuilder(rows.size() * 600);
        for (MplRecord r : rows) {
            Object[] v = values(r);
            for (int i = 0; i < v.length; i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                if (v[i] == null) {
                    sb.append("\\N");
                } else {
                    String s = v[i].toString();
                    for (int k = 0; k < s.length(); k++) {
                        char ch = s.charAt(k);
                        switch (ch) {
                            case '\\' -> sb.append("\\\\");
                            case '\t' -> sb.append("\\t");
                            case '\n' -> sb.append("\\n");
                            case '\r' -> sb.append("\\r");
                            default -> sb.append(ch);
                        }
                    }
                }
            }
            if (withPartDay) {
                sb.append('\t').append(LocalDate.ofInstant(r.logStart(), ZoneOffset.UTC));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The rate of one COPY of {@code rows} into {@code mpl} itself (partitioned by day, the change-position defaults)
     * and of the day spans written as the store writes them (one statement per tenant: the latest LogEnd per part_day),
     * or with V116's statement trigger on insert instead (the design before V160, re-created for the measurement), in a
     * transaction that is rolled back: what the table's design costs beside the baseline's plain copy of it. The CPU
     * per 1,000 rows of PostgreSQL is printed.
     */
    private static double copyIntoMpl(Database db, List<MplRecord> rows, boolean spansByWriter) throws Exception {
        List<MplRecord> dated = rows.stream().filter(r -> r.logStart() != null).map(r -> withTenant(r, "copy-" + r.tenantId())).toList();
        String text = copyText(dated, true);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (!spansByWriter) {
                    s.execute(V116_TRIGGER);
                }
                CpuMeter cpu = new CpuMeter(db);
                long t0 = System.nanoTime();
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY mpl (" + COLUMNS + ", part_day) FROM STDIN", new StringReader(text));
                if (spansByWriter) {
                    raiseSpans(c, dated);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("COPY into mpl  : the same %,d rows into mpl itself%s in %.2f s = %s rows/s; PostgreSQL CPU per 1,000 rows %s ms%n",
                        dated.size(), spansByWriter ? " (partitions, defaults) and their day spans"
                                : " with V116's day-span trigger on insert (before V160)", seconds,
                        fmt(dated.size() / seconds), fmt2(cpu.used().postgresMs() * 1000 / dated.size()));
                return dated.size() / seconds;
            } finally {
                c.rollback();
            }
        }
    }

    /** V116's statement trigger on insert, as it was before V160 dropped it, its function created in the same rolled-back transaction. */
    private static final String V116_TRIGGER = """
            CREATE FUNCTION mpl_day_span_note_v116() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM mpl_day_span_raise(array_agg(tenant_id), array_agg(part_day), array_agg(log_end)) FROM written;
                RETURN NULL;
            END $$;
            CREATE TRIGGER mpl_day_span_on_insert AFTER INSERT ON mpl REFERENCING NEW TABLE AS written
                FOR EACH STATEMENT EXECUTE FUNCTION mpl_day_span_note_v116();
            """;

    /** The day spans of {@code rows}, as {@code JdbcMplStore} writes them after its COPY: one statement per tenant. */
    private static void raiseSpans(Connection c, List<MplRecord> rows) throws Exception {
        Map<String, Map<LocalDate, Instant>> latest = new TreeMap<>();
        for (MplRecord r : rows) {
            if (r.logEnd() != null) {
                latest.computeIfAbsent(r.tenantId(), t -> new TreeMap<>())
                        .merge(LocalDate.ofInstant(r.logStart(), ZoneOffset.UTC), r.logEnd(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT mpl_day_span_raise(CAST(? AS text[]), CAST(? AS date[]), CAST(? AS timestamptz[]))")) {
            for (Map.Entry<String, Map<LocalDate, Instant>> t : latest.entrySet()) {
                Map<LocalDate, Instant> days = t.getValue();
                ps.setArray(1, c.createArrayOf("text", Collections.nCopies(days.size(), t.getKey()).toArray()));
                ps.setArray(2, c.createArrayOf("text", days.keySet().stream().map(LocalDate::toString).toArray()));
                ps.setArray(3, c.createArrayOf("text", days.values().stream().map(Instant::toString).toArray()));
                ps.execute();
            }
        }
    }
}
