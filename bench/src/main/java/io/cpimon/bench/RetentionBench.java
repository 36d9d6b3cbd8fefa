package io.cpimon.bench;

import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.db.Database;
import io.cpimon.ingest.RetentionJob;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code ./cpimon bench retention [--rows N] [--days D] [--keep]}: N MPLs (default 2,000,000) spread evenly over D days
 * (default 30) of 20 tenants, generated in SQL ({@code INSERT … SELECT generate_series}) into the real, day-partitioned
 * {@code mpl}, and copied into an identical unpartitioned table with the same indexes. Then the oldest day expires:
 * (a) cpimon's {@link RetentionJob#runOnce()} (drops the day's partition, keeping its rows that ended after the cutoff),
 * (b) the baseline: the batched {@code DELETE … WHERE log_end < cutoff} (10,000 rows per transaction, the retention
 * before partitions) of the same rows from the unpartitioned copy. Dropping costs O(partitions); deleting costs
 * O(rows expiring) plus the vacuum that follows (not timed here).
 * Prints {@code RESULT rows=… days=… drop_ms=… delete_ms=… ratio=…}.
 */
final class RetentionBench {
    private static final int BATCH = 10_000;
    private static final String EXPIRED = "(log_end < ? OR (log_end IS NULL AND first_seen < ?))";

    private RetentionBench() {}

    static void run(String[] args) throws Exception {
        int rows = BenchSupport.intOption(args, "rows", 2_000_000);
        int days = BenchSupport.intOption(args, "days", 30);
        if (days < 2) {
            throw new IllegalArgumentException("--days must be at least 2");
        }
        boolean keep = List.of(args).contains("--keep");
        Path dir = BenchSupport.tempDir("cpimon-bench-retention");
        // the days: [first, first + days); "today" is the last of them; the run happens when the first one expired
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1);
        Duration retention = Duration.ofDays(days - 1);
        Instant runAt = first.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(retention);
        Instant cutoff = runAt.minus(retention);
        System.out.printf("retention bench: %,d MPLs over %d days (%s … %s), database in %s%n", rows, days, first, today, dir);
        try (Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 4))) {
            db.mpls().maintainPartitions(first.atStartOfDay(ZoneOffset.UTC).toInstant(), today.plusDays(3));
            long t0 = System.nanoTime();
            fill(db, rows, days, first);
            System.out.printf("filled mpl (%d partitions) in %.1f s%n", db.mpls().partitionDays().size(), (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE mpl_flat (LIKE mpl INCLUDING ALL)");
                s.execute("INSERT INTO mpl_flat SELECT * FROM mpl");
                s.execute("VACUUM ANALYZE mpl");
                s.execute("VACUUM ANALYZE mpl_flat");
            }
            System.out.printf("copied into the unpartitioned mpl_flat (same indexes) and vacuumed both in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            long expiring = count(db, "SELECT count(*) FROM mpl_flat WHERE " + EXPIRED, cutoff);
            long inFirstDay = count(db, "SELECT count(*) FROM mpl WHERE part_day = ?", first);

            t0 = System.nanoTime();
            RetentionJob.Outcome outcome = new RetentionJob(db.mpls(), retention, Clock.fixed(runAt, ZoneOffset.UTC)).runOnce();
            double dropMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("(a) cpimon retention at %s (cutoff %s): dropped %s (%,d rows of that day; %,d ended after the cutoff,"
                            + " kept in the default partition), created %s, deleted %,d from the default partition: %.1f ms%n",
                    runAt, cutoff, outcome.partitions().dropped(), inFirstDay, outcome.partitions().rowsKept(),
                    outcome.partitions().created(), outcome.deletedFromDefault(), dropMs);
            long left = count(db, "SELECT count(*) FROM mpl WHERE " + EXPIRED, cutoff);
            if (left != 0 || outcome.partitions().dropped().size() != 1) {
                throw new IllegalStateException("retention left " + left + " expired rows / dropped " + outcome.partitions().dropped());
            }

            t0 = System.nanoTime();
            long deleted = 0;
            int batches = 0;
            // the retention before partitions (MplStore.deleteEndedBefore of V11), verbatim on the copy
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM mpl_flat WHERE ctid = ANY (ARRAY(SELECT ctid FROM ("
                            + "(SELECT ctid FROM mpl_flat WHERE log_end < ? ORDER BY log_end LIMIT ?)"
                            + " UNION ALL (SELECT ctid FROM mpl_flat WHERE log_end IS NULL AND first_seen < ? ORDER BY first_seen LIMIT ?)"
                            + ") due LIMIT ?))")) {
                int n;
                do {
                    ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                    ps.setInt(2, BATCH);
                    ps.setObject(3, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                    ps.setInt(4, BATCH);
                    ps.setInt(5, BATCH);
                    n = ps.executeUpdate();
                    deleted += n;
                    batches++;
                } while (n == BATCH);
            }
            double deleteMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("(b) baseline: batched DELETE of the expired rows from mpl_flat: %,d rows in %d batches: %.1f ms"
                    + " (and leaves %,d dead rows and their index entries to VACUUM)%n", deleted, batches, deleteMs, deleted);
            if (deleted != expiring) {
                throw new IllegalStateException("baseline deleted " + deleted + " of " + expiring + " expiring rows");
            }
            System.out.printf("RESULT rows=%d days=%d drop_ms=%s delete_ms=%s ratio=%s%n", rows, days, BenchSupport.fmt2(dropMs),
                    BenchSupport.fmt2(deleteMs), BenchSupport.fmt2(deleteMs / Math.max(dropMs, 1e-3)));
        } finally {
            if (!keep) {
                BenchSupport.deleteTree(dir);
            }
        }
    }

    /**
     * One INSERT … SELECT per day: 20 tenants, 10 iFlows, 95% COMPLETED / 3% FAILED (with an error text) / 1% ESCALATED
     * / 1% PROCESSING, GUIDs and ids shaped like CPI's, durations up to 5 minutes, custom headers on one in ten.
     */
    private static void fill(Database db, int rows, int days, LocalDate first) throws SQLException {
        int perDay = rows / days;
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mpl (tenant_id, message_guid, correlation_id, application_message_id, application_message_type,
                                 log_start, log_end, sender, receiver, integration_flow_name, status, custom_status,
                                 alternate_web_link, artifact_id, artifact_name, artifact_type, package_id, package_name,
                                 log_level, archiving_status, transaction_id, business_key, custom_headers, error_text,
                                 first_seen, updated_at, error_fetched_at, part_day)
                SELECT tenant, guid, 'AGT' || substr(h, 1, 25), 'app-' || g, 'Order', start,
                       CASE WHEN status = 'PROCESSING' THEN NULL ELSE start + (g % 300000) * interval '1 millisecond' END,
                       'S4HANA', 'Salesforce', flow, status, status,
                       'https://' || tenant || '.it-cpi.example.com/shell/monitoring/Messages/' || guid,
                       flow, flow, 'INTEGRATION_FLOW', 'orders', 'Orders', 'INFO', 'NOT_RELEVANT', substr(h, 3, 32), 'BK' || g,
                       CASE WHEN g % 10 = 0 THEN jsonb_build_object('OrderId', g::text) END,
                       CASE WHEN status = 'FAILED' THEN 'com.sap.it.rt.adapter.http.api.exception.HttpResponseException: 500' END,
                       start + interval '40 seconds', start + interval '40 seconds',
                       CASE WHEN status IN ('FAILED', 'ESCALATED') THEN start + interval '50 seconds' END,
                       (start AT TIME ZONE 'UTC')::date
                FROM (SELECT g, md5(g::text) AS h,
                             'AF' || upper(substr(md5(g::text), 1, 26)) AS guid,
                             format('t%s', lpad((g % 20)::text, 3, '0')) AS tenant,
                             'Flow_' || (g / 7 % 10) AS flow,
                             CASE WHEN g % 100 < 95 THEN 'COMPLETED' WHEN g % 100 < 98 THEN 'FAILED'
                                  WHEN g % 100 < 99 THEN 'ESCALATED' ELSE 'PROCESSING' END AS status,
                             ?::timestamptz + (g - ?) * (interval '1 day' / ?) AS start
                      FROM generate_series(?::bigint, ?::bigint) g) x""")) {
            for (int d = 0; d < days; d++) {
                long from = (long) d * perDay;
                ps.setObject(1, first.plusDays(d).atStartOfDay().atOffset(ZoneOffset.UTC));
                ps.setLong(2, from);
                ps.setInt(3, perDay);
                ps.setLong(4, from);
                ps.setLong(5, from + perDay - 1);
                ps.executeUpdate();
                if ((d + 1) % 10 == 0 || d == days - 1) {
                    System.out.printf("  %d of %d days filled%n", d + 1, days);
                }
            }
            // rows written around the store: their day spans, as the store writes them with its rows (V160)
            try (PreparedStatement spans = c.prepareStatement("SELECT mpl_day_span_cover_stored()")) {
                spans.execute();
            }
        }
    }

    private static long count(Database db, String sql, Object param) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Object value = param instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : param;
            for (int i = 1; i <= sql.chars().filter(ch -> ch == '?').count(); i++) {
                ps.setObject(i, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
