package io.cpimon.bench;

import static io.cpimon.bench.BenchSupport.fmt;
import static io.cpimon.bench.BenchSupport.fmt2;
import static io.cpimon.bench.BenchSupport.intOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.ingest.IngestService;
import io.cpimon.ingest.MplPoller;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.SimulatedTenant;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.TenantSpec;
import io.vertx.core.Vertx;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;

/**
 * {@code ./cpimon bench ingest [--rows N] [--tenants T] [--naive-rows M]}: the same MPL rows loaded three ways
 * into the same (embedded, synchronous-commit) PostgreSQL in one run:
 * <ol>
 * <li>cpimon: one {@link MplPoller} per simulated tenant, in parallel, over loopback HTTP (OData JSON parsed
 * strictly, custom headers expanded), pages of 1000 upserted with their watermark — what production does;</li>
 * <li>raw {@code COPY FROM STDIN} of the same rows into an identical table (same columns and indexes): the
 * physical limit of the write path;</li>
 * <li>a naive per-row autocommit {@code INSERT … ON CONFLICT DO UPDATE} into another identical table; measured on
 * the first {@code --naive-rows} rows (default 20,000: at a few thousand rows/s the whole set would take minutes;
 * the rate of a per-row autocommit loop does not depend on how many rows follow).</li>
 * </ol>
 * Also printed, not in RESULT: the same page queries fetched and dropped (the simulator runs in this JVM on the
 * same cores and evaluates every page query over its whole ledger: its share bounds (a)).
 * The simulated traffic has no failures (error texts are one extra GET each, not part of the write path) and no
 * long-running messages. Ends with {@code RESULT ingest_rows_per_s=… copy_rows_per_s=… ratio_vs_copy=… ratio_vs_naive=…}.
 */
public final class IngestBench {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(60);
    private static final int IFLOWS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "tenant_id, message_guid, correlation_id, application_message_id, application_message_type,"
            + " predecessor_message_guid, log_start, log_end, sender, receiver, integration_flow_name, status, custom_status,"
            + " alternate_web_link, artifact_id, artifact_name, artifact_type, package_id, package_name, log_level,"
            + " archiving_status, transaction_id, previous_component_name, local_component_name, origin_component_name,"
            + " business_key, custom_headers, error_text";

    private IngestBench() {}

    public static void run(String[] args) throws Exception {
        int rows = intOption(args, "rows", 500_000);
        int tenantCount = intOption(args, "tenants", 4);
        int naiveRows = intOption(args, "naive-rows", Math.min(rows, 20_000));
        Path dir = BenchSupport.tempDir("cpimon-bench-ingest");
        SimClock clock = SimClock.fixed(T0);
        Vertx vertx = Vertx.vertx();
        try (Simulator sim = Simulator.start(clock);
             Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 8))) {
            System.out.printf("database: %s%n", db.describe());
            double perIflowPerMinute = rows / (double) tenantCount / IFLOWS / WINDOW.toMinutes();
            List<SimulatedTenant> tenants = new ArrayList<>();
            List<TenantConfig> configs = new ArrayList<>();
            PollConfig poll = new PollConfig(Duration.ofSeconds(30), Duration.ofMinutes(5), 1000, WINDOW.plusHours(1));
            long t = System.nanoTime();
            long truth = 0;
            for (int i = 0; i < tenantCount; i++) {
                SimulatedTenant tenant = sim.addTenant(TenantSpec.of("bench-" + i).withIflows(TenantSpec.manyIflows(IFLOWS, perIflowPerMinute, 0.0)));
                tenant.generate(T0.minus(WINDOW), T0);
                truth += tenant.groundTruth().size();
                tenants.add(tenant);
                configs.add(BenchSupport.tenant(tenant, poll, Duration.ofSeconds(10)));
            }
            System.out.printf("simulated %d tenants with %,d MPLs in %.1f s%n", tenantCount, truth, (System.nanoTime() - t) / 1e9);

            // (a) cpimon's pollers, end to end
            double ingestRate;
            try (IngestService ingest = new IngestService(vertx, BenchSupport.config(configs, dir.toString()), db, clock, ChangeNotifier.NOOP)) {
                List<MplPoller> pollers = configs.stream().map(ingest::poller).toList();
                List<Thread> threads = new ArrayList<>();
                AtomicLong pages = new AtomicLong();
                long t0 = System.nanoTime();
                for (MplPoller p : pollers) {
                    threads.add(Thread.ofVirtual().start(() -> pages.addAndGet(p.pollOnce().pages())));
                }
                for (Thread th : threads) {
                    th.join();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long stored = tenants.stream().mapToLong(x -> db.mpls().count(x.id())).sum();
                if (stored != truth) {
                    throw new IllegalStateException("cpimon stored " + stored + " rows, the simulator holds " + truth);
                }
                ingestRate = stored / seconds;
                System.out.printf("cpimon poller  : %,d rows in %,d pages in %.2f s = %s rows/s%n", stored, pages.get(), seconds, fmt(ingestRate));
            }

            // (a') the same keyset page queries, bodies fetched and dropped: what the simulator and HTTP alone cost
            double fetchRate = fetchOnly(tenants, poll.pageSize());
            System.out.printf("fetch only     : the same page queries without parsing or writing = %s rows/s (the simulator's share)%n", fmt(fetchRate));

            List<MplRecord> all = new ArrayList<>();
            for (SimulatedTenant tenant : tenants) {
                all.addAll(db.mpls().allOf(tenant.id()));
            }
            // (a'') cpimon's store alone: the same rows, pages of 1000, one writer per tenant, under other tenant ids
            {
                List<Thread> writers = new ArrayList<>();
                long t0 = System.nanoTime();
                for (SimulatedTenant tenant : tenants) {
                    List<MplRecord> mine = all.stream().filter(r -> r.tenantId().equals(tenant.id()))
                            .map(r -> withTenant(r, "store-" + r.tenantId())).toList();
                    writers.add(Thread.ofVirtual().start(() -> {
                        for (int from = 0; from < mine.size(); from += 1000) {
                            db.mpls().upsertPage("store-" + tenant.id(), mine.subList(from, Math.min(mine.size(), from + 1000)), null);
                        }
                    }));
                }
                for (Thread w : writers) {
                    w.join();
                }
                double storeRate = all.size() / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("store only     : the same rows through MplStore.upsertPage (pages of 1000) = %s rows/s%n", fmt(storeRate));
            }
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_copy (LIKE mpl INCLUDING ALL)");
                s.execute("CREATE TABLE bench_naive (LIKE mpl INCLUDING ALL)");
            }

            // (b) raw COPY
            double copyRate;
            try (Connection c = db.dataSource().getConnection()) {
                String text = copyText(all);
                long t0 = System.nanoTime();
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_copy (" + COLUMNS + ") FROM STDIN", new StringReader(text));
                double seconds = (System.nanoTime() - t0) / 1e9;
                copyRate = all.size() / seconds;
                System.out.printf("raw COPY       : %,d rows in %.2f s = %s rows/s%n", all.size(), seconds, fmt(copyRate));
            }

            // (c) naive per-row autocommit upsert
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
                String sql = "INSERT INTO bench_naive (" + COLUMNS + ") VALUES (" + values + ") ON CONFLICT (tenant_id, message_guid) DO UPDATE SET " + set;
                long t0 = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (MplRecord r : naive) {
                        Object[] v = values(r);
                        for (int i = 0; i < v.length; i++) {
                            ps.setObject(i + 1, v[i] instanceof Instant x ? x.atOffset(ZoneOffset.UTC) : v[i]);
                        }
                        ps.executeUpdate();
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                naiveRate = naive.size() / seconds;
                System.out.printf("naive INSERT   : %,d rows (per-row autocommit) in %.2f s = %s rows/s%n", naive.size(), seconds, fmt(naiveRate));
            }
            System.out.printf("cpimon vs fetch only: %s (how much of the simulator's pace the poller keeps while parsing and writing)%n", fmt2(ingestRate / fetchRate));
            System.out.printf("RESULT ingest_rows_per_s=%s copy_rows_per_s=%s ratio_vs_copy=%s ratio_vs_naive=%s%n",
                    fmt(ingestRate), fmt(copyRate), fmt2(ingestRate / copyRate), fmt2(ingestRate / naiveRate));
        } finally {
            vertx.close().await();
            BenchSupport.deleteTree(dir);
        }
    }

    private static final java.util.regex.Pattern LOG_END = java.util.regex.Pattern.compile("\"LogEnd\":\"/Date\\((\\d+)\\)/\"");

    /** Pages through every tenant like the poller (keyset on LogEnd), keeping only the row count and the last LogEnd. */
    private static double fetchOnly(List<SimulatedTenant> tenants, int pageSize) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        AtomicLong rows = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (SimulatedTenant t : tenants) {
            threads.add(Thread.ofVirtual().start(() -> {
                String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((t.basicUser() + ":" + t.basicPassword()).getBytes());
                Instant bound = T0.minus(WINDOW).minus(Duration.ofHours(1));
                int skip = 0;
                try {
                    while (true) {
                        String filter = java.net.URLEncoder.encode("LogEnd ge " + io.cpimon.ingest.ODataTime.literal(bound), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
                        String url = t.apiUrl() + "/MessageProcessingLogs?$format=json&$filter=" + filter + "&$orderby=LogEnd%20asc&$top=" + pageSize
                                + "&$expand=CustomHeaderProperties" + (skip > 0 ? "&$skip=" + skip : "");
                        String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Authorization", auth).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                        java.util.regex.Matcher m = LOG_END.matcher(body);
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
            sb.append('\n');
        }
        return sb.toString();
    }
}
