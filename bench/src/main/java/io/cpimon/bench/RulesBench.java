package io.cpimon.bench;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.lifecycle.AlertEvaluator;
import io.cpimon.alerting.lifecycle.Inhibitor;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.alerting.lifecycle.TimedRule;
import io.cpimon.alerting.lifecycle.Transition;
import io.cpimon.alerting.rules.BuiltInRules;
import io.cpimon.alerting.rules.Rule;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.ProbeResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * {@code ./cpimon bench rules [--mpls N] [--tenants T] [--days D] [--keep]}: one rule evaluation over a large MPL
 * table. Loads N MPLs (default 10,000,000) of T tenants (default 200, paired two by two, 10 iFlows each) spread over
 * D days (default 30) with {@code COPY} into the real schema (every index of the migrations in place), plus
 * artifacts, keystore entries, probes and poll cursors; then times {@code AlertEvaluator.evaluateOnce()} with every
 * built-in rule (the first evaluation opens the alerts; the second is the steady state) and, as the baseline, one
 * full scan of the MPL table ({@code count(*) … GROUP BY tenant_id}), which is what a rule that is neither
 * index-backed nor incremental would cost at least. Then the cold start: PostgreSQL is stopped and started again on
 * the same data (its shared buffers empty, every backend new), and the first evaluation of a new evaluator over the new
 * connections is timed against the evaluation interval, {@code --cold N} times (default 2). Ends with
 * {@code RESULT mpls=… tenants=… eval_s=… first_eval_s=… fullscan_s=… ratio_vs_fullscan=… cold_eval_s=…
 * cold_vs_interval=…} (cold: the slowest of the cold evaluations).
 */
final class RulesBench {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final int IFLOWS = 10;
    static final int BATCH = 250_000;

    private RulesBench() {}

    static void run(String[] args) throws Exception {
        int mpls = BenchSupport.intOption(args, "mpls", 10_000_000);
        int tenants = BenchSupport.intOption(args, "tenants", 200);
        int days = BenchSupport.intOption(args, "days", 30);
        boolean keep = List.of(args).contains("--keep");
        int colds = BenchSupport.intOption(args, "cold", 2);
        Path dir = BenchSupport.tempDir("cpimon-bench-rules");
        System.out.printf("rules bench: %,d MPLs of %d tenants over %d days, database in %s%n", mpls, tenants, days, dir);
        CpimonConfig config = config(tenants);
        DatabaseConfig dbConfig = new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 8);
        try {
            double evalS;
            double firstS;
            double scanS;
            try (Database db = Database.open(dbConfig)) {
                long t0 = System.nanoTime();
                load(db, mpls, tenants, days);
                double loadS = (System.nanoTime() - t0) / 1e9;
                System.out.printf("loaded %,d MPLs with COPY in %.1f s (%,.0f rows/s)%n", mpls, loadS, mpls / loadS);
                t0 = System.nanoTime();
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("VACUUM ANALYZE mpl");
                }
                System.out.printf("VACUUM ANALYZE in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                seedState(db, config, tenants);

                List<Rule> rules = BuiltInRules.of(config, db.probes(), db.cursors(), db.ruleQueries(), db.alerts());
                AlertEvaluator evaluator = evaluator(config, db, rules);
                t0 = System.nanoTime();
                List<Transition> first = evaluator.evaluateOnce();
                firstS = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                List<Transition> second = evaluator.evaluateOnce();
                evalS = (System.nanoTime() - t0) / 1e9;
                System.out.printf("first evaluation (%d rules, opens %d alerts): %.3f s%n", rules.size(),
                        first.stream().filter(t -> t.kind() == Transition.Kind.OPEN).count(), firstS);
                System.out.printf("steady evaluation (%d transitions): %.3f s%n", second.size(), evalS);
                for (Rule r : rules) {
                    long r0 = System.nanoTime();
                    try {
                        int n = r.evaluate(NOW).size();
                        System.out.printf("  %-22s %4d instances %8.1f ms%n", r.name(), n, (System.nanoTime() - r0) / 1e6);
                    } catch (RuntimeException e) {
                        // as the evaluator does: a rule that cannot answer yet (iflow_silent still learning its
                        // profiles) is reported, and the others go on
                        System.out.printf("  %-22s not evaluated after %.1f ms: %s%n", r.name(),
                                (System.nanoTime() - r0) / 1e6, e.getMessage());
                    }
                }

                t0 = System.nanoTime();
                long scanned = 0;
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT tenant_id, count(*) FILTER (WHERE status = 'FAILED'), count(*) FROM mpl GROUP BY tenant_id")) {
                    while (rs.next()) {
                        scanned += rs.getLong(3);
                    }
                }
                scanS = (System.nanoTime() - t0) / 1e9;
                System.out.printf("baseline: one full scan of %,d MPLs: %.3f s (evaluation interval %s)%n", scanned, scanS,
                        config.rules().evaluationInterval());
            }
            double coldS = 0;
            for (int k = 1; k <= colds; k++) {
                // a restart: a new PostgreSQL on the same data, new connections, a new evaluator
                try (Database db = Database.open(dbConfig)) {
                    // the server's own per-rule timer, here in a registry of this evaluator's
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    List<Rule> timed = BuiltInRules.of(config, db.probes(), db.cursors(), db.ruleQueries(), db.alerts())
                            .stream().<Rule>map(r -> new TimedRule(r, registry)).toList();
                    AlertEvaluator evaluator = evaluator(config, db, timed);
                    long t0 = System.nanoTime();
                    evaluator.evaluateOnce();
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("cold start %d: first evaluation after a restart: %.3f s (evaluation interval %s); slowest rules:",
                            k, s, config.rules().evaluationInterval());
                    Map<String, Double> msByRule = registry.find("cpimon.rule.evaluation.duration").timers().stream()
                            .collect(Collectors.groupingBy(t -> t.getId().getTag("rule"),
                                    Collectors.summingDouble(t -> t.totalTime(TimeUnit.MILLISECONDS))));
                    msByRule.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                            .forEach(e -> System.out.printf(" %s %.0f ms", e.getKey(), e.getValue()));
                    System.out.println();
                    coldS = Math.max(coldS, s);
                }
            }
            double interval = config.rules().evaluationInterval().toMillis() / 1e3;
            System.out.printf("RESULT mpls=%d tenants=%d eval_s=%s first_eval_s=%s fullscan_s=%s ratio_vs_fullscan=%s"
                            + " cold_eval_s=%s cold_vs_interval=%s%n",
                    mpls, tenants, BenchSupport.fmt2(evalS), BenchSupport.fmt2(firstS), BenchSupport.fmt2(scanS),
                    BenchSupport.fmt2(scanS / Math.max(evalS, 1e-6)), BenchSupport.fmt2(coldS), BenchSupport.fmt2(coldS / interval));
        } finally {
            if (!keep) {
                BenchSupport.deleteTree(dir);
            }
        }
    }

    private static AlertEvaluator evaluator(CpimonConfig config, Database db, List<Rule> rules) {
        return new AlertEvaluator(rules, db.alerts(), new NotificationPlanner(new Router(config.routes()), null),
                Clock.fixed(NOW, ZoneOffset.UTC), ChangeNotifier.NOOP, () -> {}, new Inhibitor(config.rules().inhibit()),
                db.silences(), db.notifications());
    }

    static String tenant(int i) {
        return String.format("t%03d", i);
    }

    static CpimonConfig config(int tenants) throws Exception {
        StringBuilder y = new StringBuilder("tenants:\n");
        for (int i = 0; i < tenants; i++) {
            y.append("  - { id: ").append(tenant(i)).append(", name: Tenant ").append(i)
                    .append(", api: { url: \"https://").append(tenant(i)).append(".example.com/api/v1\", auth: { basic: { user: u, password: p } } },")
                    .append(" probe: { url: \"https://").append(tenant(i)).append("-rt.example.com/http/health\" } }\n");
        }
        y.append("pairs:\n");
        for (int i = 0; i + 1 < tenants; i += 2) {
            y.append("  - { id: p").append(i / 2).append(", primary: ").append(tenant(i)).append(", dr: ").append(tenant(i + 1)).append(" }\n");
        }
        return new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(y.toString(), "bench-rules.yaml");
    }

    /**
     * N MPLs, uniformly over the days before NOW: 95% COMPLETED, 3% FAILED (with an error text), 1% PROCESSING, the
     * rest ESCALATED; one business key per message, but 1 in 20,000 messages of a primary repeated on its DR tenant.
     */
    static void load(Database db, int mpls, int tenants, int days) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        long span = Duration.ofDays(days).toMillis();
        long end = NOW.toEpochMilli();
        String columns = "tenant_id, message_guid, integration_flow_name, artifact_id, status, log_start, log_end, business_key,"
                + " error_text, alternate_web_link, part_day";
        // the day partitions retention keeps (V40), so that the rules read the table as it is in production
        db.mpls().maintainPartitions(NOW.minus(Duration.ofDays(days + 1)), NOW.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(3));
        try (Connection c = db.dataSource().getConnection()) {
            List<String> indexes = beginBulkLoad(c);
            copyRows(c, mpls, tenants, r, span, end, columns);
            endBulkLoad(c, indexes);
        }
    }

    /**
     * Readies mpl for a bulk load: drops its secondary indexes (all but the primary key), which {@link #endBulkLoad}
     * restores: each index is built once after the load instead of maintained row by row; the day spans of the loaded
     * rows are computed in one pass at the end.
     * @return the dropped indexes' definitions, for {@link #endBulkLoad}
     */
    static List<String> beginBulkLoad(Connection c) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'mpl' AND indexname <> 'mpl_pkey'")) {
            while (rs.next()) {
                indexes.add(rs.getString(2));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String def : indexes) {
                s.execute("DROP INDEX " + def.replaceFirst("(?i)^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2"));
            }
        }
        return indexes;
    }

    /** Ends {@link #beginBulkLoad}: the day spans of every loaded row, the indexes on every partition. */
    static void endBulkLoad(Connection c, List<String> indexes) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            // a bulk load writes mpl around the store: the spans of every loaded row, in one scan (V160)
            s.execute("SELECT mpl_day_span_cover_stored()");
            s.execute("SET maintenance_work_mem = '512MB'");
            for (String def : indexes) {
                // a partitioned index is listed "ON ONLY mpl": rebuilt without ONLY, so that every partition gets it
                s.execute(def.replace(" ON ONLY ", " ON "));
            }
        }
        System.out.printf("day spans and the %d secondary indexes of the migrations built in %.1f s%n", indexes.size(), (System.nanoTime() - t0) / 1e9);
    }

    private static void copyRows(Connection c, int mpls, int tenants, SplittableRandom r, long span, long end,
                                 String columns) throws Exception {
        {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder b = new StringBuilder(BATCH * 200);
            int inBatch = 0;
            for (int i = 0; i < mpls; i++) {
                int t = r.nextInt(tenants);
                String iflow = "Flow_" + r.nextInt(IFLOWS);
                long logEnd = end - (long) (r.nextDouble() * span);
                int roll = r.nextInt(100);
                String status = roll < 95 ? "COMPLETED" : roll < 98 ? "FAILED" : roll < 99 ? "ESCALATED" : "PROCESSING";
                if (status.equals("PROCESSING") && end - logEnd > Duration.ofMinutes(30).toMillis()) {
                    status = "COMPLETED"; // only recent messages are still running; a few older ones are stuck
                    if (r.nextInt(1000) == 0) {
                        status = "PROCESSING";
                    }
                }
                String key = "BK" + i;
                String guid = "G" + Long.toHexString(0x1000000000L + i);
                row(b, tenant(t), guid, iflow, status, logEnd - 800, logEnd, key,
                        status.equals("FAILED") ? "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: 500" : null);
                if (t % 2 == 0 && t + 1 < tenants && status.equals("COMPLETED") && r.nextInt(20_000) == 0) {
                    row(b, tenant(t + 1), guid + "D", iflow, "COMPLETED", logEnd - 500, logEnd + 300, key, null);
                }
                if (++inBatch == BATCH || i == mpls - 1) {
                    copy.copyIn("COPY mpl (" + columns + ") FROM STDIN", new StringReader(b.toString()));
                    b.setLength(0);
                    inBatch = 0;
                    if ((i + 1) % 1_000_000 == 0) {
                        System.out.printf("  %,d MPLs loaded%n", i + 1);
                    }
                }
            }
        }
    }

    private static void row(StringBuilder b, String tenant, String guid, String iflow, String status, long start, long end,
                            String key, String error) {
        b.append(tenant).append('\t').append(guid).append('\t').append(iflow).append('\t').append(iflow).append('\t')
                .append(status).append('\t').append(Instant.ofEpochMilli(start)).append('\t')
                .append(status.equals("PROCESSING") ? "\\N" : Instant.ofEpochMilli(end).toString()).append('\t')
                .append(key).append('\t').append(error == null ? "\\N" : error).append('\t')
                .append("https://").append(tenant).append(".example.com/shell/monitoring/Messages/").append(guid).append('\t')
                .append(Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC).toLocalDate()).append('\n');
    }

    /** What the other pollers keep: artifacts (a few drifted or in ERROR), keystore entries, probes, poll cursors. */
    static void seedState(Database db, CpimonConfig config, int tenants) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO runtime_artifact (tenant_id, artifact_id, name, version, status, seen_at)"
                    + " SELECT format('t%s', lpad(t::text, 3, '0')), 'Flow_' || f, 'Flow_' || f,"
                    + " CASE WHEN t % 50 = 1 AND f = 3 THEN '1.0.1' ELSE '1.0.0' END,"
                    + " CASE WHEN t % 70 = 5 AND f = 2 THEN 'ERROR' ELSE 'STARTED' END, '" + NOW + "'"
                    + " FROM generate_series(0, " + (tenants - 1) + ") t, generate_series(0, " + (IFLOWS - 1) + ") f");
            s.execute("INSERT INTO keystore_entry (tenant_id, alias, type, valid_not_after, seen_at)"
                    + " SELECT format('t%s', lpad(t::text, 3, '0')), 'cert' || k, 'Certificate',"
                    + " timestamptz '" + NOW + "' + (t * 3 + k * 40) * interval '1 day', '" + NOW + "'"
                    + " FROM generate_series(0, " + (tenants - 1) + ") t, generate_series(0, 2) k");
        }
        for (CpimonConfig.TenantConfig t : config.tenants()) {
            boolean down = t.id().equals(tenant(3));
            db.probes().record(new ProbeResult(t.id(), NOW.minusSeconds(20), !down, down ? null : 401, 40, down ? "connection refused" : null));
            db.probes().record(new ProbeResult(t.id(), NOW.minusSeconds(10), !down, down ? null : 401, 40, down ? "connection refused" : null));
            db.cursors().recordSuccess(t.id(), "mpl", NOW.minusSeconds(30));
        }
    }
}
