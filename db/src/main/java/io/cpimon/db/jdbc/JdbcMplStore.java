package io.cpimon.db.jdbc;

import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bulk MPL writer and reader. A page is written in one transaction: its new dated rows as one COPY straight into
 * {@code mpl}, the others (stored already, or undated) as one COPY into a per-session temporary staging table plus one
 * {@code INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE changed}, and the cursor upsert. {@code mpl} is partitioned
 * by day ({@code part_day}, V40): the upsert finds the part_day a message is stored under, and retention drops whole
 * partitions ({@link JdbcMplPartitions}). Thread-safe; blocking.
 */
public final class JdbcMplStore implements MplStore {

    /** A column of {@code mpl} fed from an {@link MplRecord}; order = COPY order. */
    private record Column(String name, String type, Function<MplRecord, Object> value) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("tenant_id", "text", MplRecord::tenantId),
            new Column("message_guid", "text", MplRecord::messageGuid),
            new Column("correlation_id", "text", MplRecord::correlationId),
            new Column("application_message_id", "text", MplRecord::applicationMessageId),
            new Column("application_message_type", "text", MplRecord::applicationMessageType),
            new Column("predecessor_message_guid", "text", MplRecord::predecessorMessageGuid),
            new Column("log_start", "timestamptz", MplRecord::logStart),
            new Column("log_end", "timestamptz", MplRecord::logEnd),
            new Column("sender", "text", MplRecord::sender),
            new Column("receiver", "text", MplRecord::receiver),
            new Column("integration_flow_name", "text", MplRecord::integrationFlowName),
            new Column("status", "text", MplRecord::status),
            new Column("custom_status", "text", MplRecord::customStatus),
            new Column("alternate_web_link", "text", MplRecord::alternateWebLink),
            new Column("artifact_id", "text", MplRecord::artifactId),
            new Column("artifact_name", "text", MplRecord::artifactName),
            new Column("artifact_type", "text", MplRecord::artifactType),
            new Column("package_id", "text", MplRecord::packageId),
            new Column("package_name", "text", MplRecord::packageName),
            new Column("log_level", "text", MplRecord::logLevel),
            new Column("archiving_status", "text", MplRecord::archivingStatus),
            new Column("transaction_id", "text", MplRecord::transactionId),
            new Column("previous_component_name", "text", MplRecord::previousComponentName),
            new Column("local_component_name", "text", MplRecord::localComponentName),
            new Column("origin_component_name", "text", MplRecord::originComponentName),
            new Column("business_key", "text", MplRecord::businessKey),
            new Column("custom_headers", "jsonb", r -> Json.write(r.customHeaders())),
            new Column("error_text", "text", MplRecord::errorText));

    /** The instants {@link #appendTimestamp} writes itself: years 1 to 9999. */
    private static final long MIN_TIMESTAMP = LocalDate.of(1, 1, 1).toEpochDay() * 86_400L;
    private static final long MAX_TIMESTAMP = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L;
    private static final String FINAL_STATUSES = "('COMPLETED', 'FAILED', 'ESCALATED', 'DISCARDED', 'CANCELLED')";
    private static final String COLUMN_LIST = String.join(", ", COLUMNS.stream().map(Column::name).toList());
    private static final String SELECT_COLUMNS = COLUMN_LIST;
    /** The columns a search's free text is looked for in. */
    private static final List<String> SEARCHED_COLUMNS = List.of("message_guid", "correlation_id",
            "application_message_id", "business_key", "integration_flow_name", "sender", "receiver", "custom_status",
            "error_text");

    /** Created once per session; ON COMMIT DELETE ROWS empties it after every page. */
    private static final String CREATE_STAGE = "CREATE TEMP TABLE IF NOT EXISTS mpl_stage ("
            + String.join(", ", COLUMNS.stream().map(c -> c.name() + " " + c.type()).toList())
            + ") ON COMMIT DELETE ROWS";

    private static final String COPY_STAGE = "COPY mpl_stage (" + COLUMN_LIST + ") FROM STDIN";

    /** The fast path of a page of new dated messages (see {@code allNew}); first_seen and updated_at default to now(). */
    private static final String COPY_MPL = "COPY mpl (" + COLUMN_LIST + ", part_day) FROM STDIN";

    /** The GUIDs of a page that are stored: in the partitions of the page's LogStart days, or first stored undated. */
    private static final String STORED = "SELECT message_guid FROM mpl WHERE tenant_id = ? AND part_day = ANY(?)"
            + " AND message_guid = ANY(?) UNION SELECT message_guid FROM mpl_undated WHERE tenant_id = ? AND message_guid = ANY(?)";

    /**
     * The head of the multi-row write of replaced states into {@code mpl_change} (V44): an {@code INSERT … SELECT} over
     * the stored rows {@code p}, completed by the caller's {@code FROM … WHERE}.
     */
    private static final String LOG_REPLACED = "INSERT INTO mpl_change (change_xid, change_seq, " + COLUMN_LIST
            + ", stored_at) SELECT p.change_xid, p.change_seq, "
            + String.join(", ", COLUMNS.stream().map(c -> "p." + c.name()).toList()) + ", p.updated_at";

    /**
     * Whether the stored row {@code p} holds a state some configured forwarder has not passed yet (false when no
     * forwarder is configured: nothing is kept for nobody).
     */
    private static final String NOT_PASSED = "(p.change_xid, p.change_seq) > (SELECT position_xid, position_seq"
            + " FROM forward_cursor WHERE configured ORDER BY position_xid, position_seq LIMIT 1)";

    /** V160's function that raises the day spans ({@code mpl_day_span}) to cover rows written to {@code mpl}. */
    private static final String RAISE_SPANS = "mpl_day_span_raise";

    /** The COPY path's spans: one (part_day, latest LogEnd) per day of the page, LogEnds as COPY's timestamptz text. */
    private static final String RAISE_PAGE_SPANS = "SELECT " + RAISE_SPANS
            + "(CAST(? AS text[]), CAST(? AS date[]), CAST(CAST(? AS text[]) AS timestamptz[]))";

    private static final String UPSERT = upsertSql();

    private static final String UPSERT_CURSOR = """
            INSERT INTO poll_cursor AS c (tenant_id, stream, watermark, last_success, last_attempt, last_error,
                                          consecutive_failures, rows_total)
            VALUES (?, ?, ?, ?, ?, NULL, 0, ?)
            ON CONFLICT (tenant_id, stream) DO UPDATE SET
                watermark = GREATEST(c.watermark, EXCLUDED.watermark),
                last_success = EXCLUDED.last_success,
                last_attempt = EXCLUDED.last_attempt,
                last_error = NULL,
                consecutive_failures = 0,
                rows_total = c.rows_total + EXCLUDED.rows_total""";

    private final JdbcTransactions tx;
    private final JdbcMplPartitions partitions;

    public JdbcMplStore(JdbcTransactions tx) {
        this.tx = tx;
        this.partitions = new JdbcMplPartitions(tx);
    }

    private static String upsertSql() {
        List<String> updatable = COLUMNS.stream().map(Column::name)
                .filter(n -> !n.equals("tenant_id") && !n.equals("message_guid")).toList();
        List<String> set = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        List<String> incoming = new ArrayList<>();
        for (String n : updatable) {
            String value = switch (n) {
                // a page without the error text or headers (not fetched this time) keeps what is stored
                case "custom_headers", "error_text" -> "COALESCE(EXCLUDED." + n + ", m." + n + ")";
                default -> "EXCLUDED." + n;
            };
            set.add(n + " = " + value);
            stored.add("m." + n);
            incoming.add(value);
        }
        // ORDER BY: concurrent writers of overlapping pages lock rows in the same order (no deadlock).
        // Newer-or-equal LogEnd wins, so replaying pages in any order converges; on a tie a stored final
        // status beats a non-final one. See RATIONALE.md.
        String notOlder = "(m.log_end IS NULL OR (EXCLUDED.log_end IS NOT NULL AND (EXCLUDED.log_end > m.log_end"
                + " OR (EXCLUDED.log_end = m.log_end AND NOT (m.status IN " + FINAL_STATUSES
                + " AND (EXCLUDED.status IS NULL OR EXCLUDED.status NOT IN " + FINAL_STATUSES + "))))))";
        // part_day (V40, immutable): where an undated-first message was stored (mpl_undated); for an undated row, where
        // the message is stored if it is (a probe of every partition's primary key, rare rows only); else the day of
        // LogStart; else the day of first sighting. See RATIONALE.md, "Daily partitions".
        String partDay = "COALESCE(u.part_day, CASE WHEN s.log_start IS NULL THEN (SELECT x.part_day FROM mpl x"
                + " WHERE x.tenant_id = s.tenant_id AND x.message_guid = s.message_guid LIMIT 1) END,"
                + " (s.log_start AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date)";
        String staged = String.join(", ", COLUMNS.stream().map(c -> "s." + c.name()).toList());
        return "WITH up AS (INSERT INTO mpl AS m (" + COLUMN_LIST + ", part_day, first_seen, updated_at)"
                + " SELECT " + staged + ", " + partDay + ", now(), now() FROM mpl_stage s"
                + " LEFT JOIN mpl_undated u ON u.tenant_id = s.tenant_id AND u.message_guid = s.message_guid"
                + " ORDER BY s.message_guid"
                + " ON CONFLICT (tenant_id, message_guid, part_day) DO UPDATE SET "
                + String.join(", ", set) + ", updated_at = now()"
                // a status that moves on (e.g. ESCALATED → FAILED) makes its error text due again
                + ", error_fetched_at = CASE WHEN EXCLUDED.status IS DISTINCT FROM m.status THEN NULL ELSE m.error_fetched_at END"
                + " WHERE " + notOlder
                + " AND (" + String.join(", ", stored) + ") IS DISTINCT FROM ("
                + String.join(", ", incoming) + ")"
                // xmax is not available from a partitioned table: a row inserted now has first_seen = now() (the
                // transaction's start), an updated row keeps its earlier first_seen
                + " RETURNING (m.first_seen = now()) AS inserted, m.tenant_id, m.message_guid, m.part_day, m.log_start,"
                + " m.log_end, m.change_seq),"
                // the states this statement replaced, read from the statement's snapshot (before the update), into
                // the forwarders' change log unless every configured forwarder has passed them (V44)
                + " logged AS (" + LOG_REPLACED + " FROM up JOIN mpl p ON p.tenant_id = up.tenant_id"
                + " AND p.message_guid = up.message_guid AND p.part_day = up.part_day"
                + " WHERE NOT up.inserted AND p.change_seq <> up.change_seq AND " + NOT_PASSED + " ON CONFLICT DO NOTHING),"
                // a message stored without LogStart: remember its part_day for when it comes back dated
                + " undated AS (INSERT INTO mpl_undated (tenant_id, message_guid, part_day)"
                + " SELECT tenant_id, message_guid, part_day FROM up WHERE inserted AND log_start IS NULL ON CONFLICT DO NOTHING),"
                // the day spans (V116) of the rows written, in the same transaction (V160: no trigger keeps them)
                + " spans AS (SELECT " + RAISE_SPANS + "(array_agg(tenant_id), array_agg(part_day), array_agg(log_end))"
                + " FROM up WHERE log_end IS NOT NULL)"
                + " SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up, spans";
    }

    @Override
    public UpsertResult upsertPage(String tenantId, List<MplRecord> rows, CursorAdvance advance) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(rows, "rows");
        // last one wins for a GUID repeated within the page (ON CONFLICT cannot touch a row twice)
        Map<String, MplRecord> byGuid = new LinkedHashMap<>();
        for (MplRecord r : rows) {
            if (r.tenantId() != null && !r.tenantId().equals(tenantId)) {
                throw new IllegalArgumentException("row " + r.messageGuid() + " belongs to tenant " + r.tenantId()
                        + ", not to " + tenantId);
            }
            if (r.messageGuid() == null) {
                throw new IllegalArgumentException("row without messageGuid in page of tenant " + tenantId);
            }
            byGuid.remove(r.messageGuid());
            byGuid.put(r.messageGuid(), r);
        }
        if (byGuid.isEmpty() && advance == null) {
            return new UpsertResult(0, 0, 0);
        }
        return tx.inTransaction(c -> {
            if (advance != null && advance.lease() != null) {
                // a holder that lost the tenant's lease must not move the watermark its successor owns
                JdbcLeaseStore.fence(c, advance.lease());
            }
            int inserted = 0;
            int updated = 0;
            if (!byGuid.isEmpty()) {
                // one writer per tenant at a time: an undated-first row and its dated re-read, written concurrently,
                // would not see each other's part_day and become two rows
                lockTenant(c, tenantId);
                // keyset paging re-reads the rows at each page's last LogEnd, so a page of a backlog holds a few stored
                // rows among many new ones: the new go straight into mpl, only the rest through the staged upsert
                List<MplRecord> fresh = newRows(c, tenantId, byGuid.values());
                if (!fresh.isEmpty()) {
                    copy(c, COPY_MPL, copyText(tenantId, fresh, true));
                    raiseSpans(c, tenantId, fresh);
                    inserted = fresh.size();
                }
                if (fresh.size() < byGuid.size()) {
                    List<MplRecord> rest = new ArrayList<>(byGuid.size() - fresh.size());
                    Set<String> copied = new HashSet<>(fresh.size() * 2);
                    fresh.forEach(r -> copied.add(r.messageGuid()));
                    byGuid.values().stream().filter(r -> !copied.contains(r.messageGuid())).forEach(rest::add);
                    try (Statement s = c.createStatement()) {
                        s.execute(CREATE_STAGE);
                    }
                    copy(c, COPY_STAGE, copyText(tenantId, rest, false));
                    try (PreparedStatement ps = prepareGeneric(c, UPSERT); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        inserted += rs.getInt(1);
                        updated = rs.getInt(2);
                    }
                }
            }
            if (advance != null) {
                try (PreparedStatement ps = c.prepareStatement(UPSERT_CURSOR)) {
                    ps.setString(1, tenantId);
                    ps.setString(2, Objects.requireNonNull(advance.stream(), "advance.stream"));
                    SqlTypes.setInstant(ps, 3, advance.watermark());
                    SqlTypes.setInstant(ps, 4, Objects.requireNonNull(advance.at(), "advance.at"));
                    SqlTypes.setInstant(ps, 5, advance.at());
                    ps.setLong(6, inserted);
                    ps.executeUpdate();
                }
            }
            return new UpsertResult(inserted, updated, byGuid.size() - inserted - updated);
        });
    }

    /**
     * Raises the day spans (V116, {@code mpl_day_span}) to cover {@code rows}, COPYed into {@code mpl} by this
     * transaction: the latest LogEnd per part_day of the page, computed here, in one statement (a few days per page).
     */
    static void raiseSpans(Connection c, String tenantId, Collection<MplRecord> rows) throws SQLException {
        Map<LocalDate, Instant> latest = new TreeMap<>();
        for (MplRecord r : rows) {
            if (r.logEnd() != null) {
                latest.merge(partDay(r.logStart()), r.logEnd(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        List<String> ends = new ArrayList<>(latest.size());
        StringBuilder sb = new StringBuilder(32);
        for (Instant end : latest.values()) {
            sb.setLength(0);
            appendTimestamp(sb, end);
            ends.add(sb.toString());
        }
        try (PreparedStatement ps = c.prepareStatement(RAISE_PAGE_SPANS)) {
            ps.setArray(1, c.createArrayOf("text", Collections.nCopies(latest.size(), tenantId).toArray()));
            ps.setArray(2, c.createArrayOf("date", latest.keySet().stream().map(Date::valueOf).toArray()));
            ps.setArray(3, c.createArrayOf("text", ends.toArray()));
            ps.execute();
        }
    }

    /** The tenant's transaction lock: one writer of its MPLs at a time. */
    private static void lockTenant(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, "mpl:" + tenantId);
            ps.execute();
        }
    }

    /**
     * The rows of a page that can be COPYed straight into {@code mpl} (the bulk of a first load or a backlog) instead
     * of staged and upserted: dated, not first stored undated ({@code mpl_undated}), and not in the partition of their
     * LogStart's day. A dated message has one possible home only, that partition (V40), and the caller holds the
     * tenant's advisory lock, so no other writer can store one of these GUIDs before the COPY.
     */
    static List<MplRecord> newRows(Connection c, String tenantId, Collection<MplRecord> rows) throws SQLException {
        Set<LocalDate> days = new TreeSet<>();
        List<String> guids = new ArrayList<>(rows.size());
        for (MplRecord r : rows) {
            if (r.logStart() != null) {
                days.add(partDay(r.logStart()));
            }
            guids.add(r.messageGuid());
        }
        Set<String> stored = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(STORED)) {
            Array guidArray = c.createArrayOf("text", guids.toArray());
            ps.setString(1, tenantId);
            ps.setArray(2, c.createArrayOf("date", days.stream().map(Date::valueOf).toArray()));
            ps.setArray(3, guidArray);
            ps.setString(4, tenantId);
            ps.setArray(5, guidArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        List<MplRecord> fresh = new ArrayList<>(rows.size());
        for (MplRecord r : rows) {
            if (r.logStart() != null && !stored.contains(r.messageGuid())) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    /** The partition day of a message first stored with this LogStart: its UTC day (V40, {@code (log_start AT TIME ZONE 'UTC')::date}). */
    static LocalDate partDay(Instant logStart) {
        return LocalDate.ofInstant(logStart, ZoneOffset.UTC);
    }

    /** Sends {@code text} as one COPY: its UTF-8 bytes in one write, no character stream for the driver to re-encode. */
    private static void copy(Connection c, String sql, String text) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /**
     * COPY text format: tab-separated, {@code \N} for null, backslash escapes.
     * @param withPartDay append each row's {@link #partDay} (for {@link #COPY_MPL}; every row dated) */
    private static String copyText(String tenantId, Iterable<MplRecord> rows, boolean withPartDay) {
        StringBuilder sb = new StringBuilder(16 * 1024);
        for (MplRecord r : rows) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                Object v = i == 0 ? tenantId : COLUMNS.get(i).value().apply(r);
                if (v == null) {
                    sb.append("\\N");
                } else if (v instanceof Instant t) {
                    appendTimestamp(sb, t);
                } else {
                    escape(sb, v.toString());
                }
            }
            if (withPartDay) {
                sb.append('\t').append(partDay(r.logStart()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void escape(StringBuilder sb, String s) {
        int first = 0;
        while (first < s.length() && !special(s.charAt(first))) {
            first++;
        }
        // nearly every value has nothing to escape: one bulk append instead of one per character
        sb.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\0' -> { } // PostgreSQL text cannot hold NUL; CPI text never should
                default -> sb.append(ch);
            }
        }
    }

    private static boolean special(char ch) {
        return ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\0';
    }

    /**
     * {@code yyyy-mm-dd hh:mm:ss.ffffff+00}, what COPY reads as a timestamptz; written digit by digit because
     * {@link Instant#toString} goes through a DateTimeFormatter, a noticeable share of a page's CPU. Instants outside
     * years 1–9999 or finer than a microsecond keep {@link Instant#toString} (PostgreSQL reads both alike).
     */
    static void appendTimestamp(StringBuilder sb, Instant t) {
        long seconds = t.getEpochSecond();
        int nanos = t.getNano();
        if (seconds < MIN_TIMESTAMP || seconds >= MAX_TIMESTAMP || nanos % 1000 != 0) {
            sb.append(t);
            return;
        }
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        pad(sb, date.getYear(), 4).append('-');
        pad(sb, date.getMonthValue(), 2).append('-');
        pad(sb, date.getDayOfMonth(), 2).append(' ');
        pad(sb, secondOfDay / 3600, 2).append(':');
        pad(sb, secondOfDay / 60 % 60, 2).append(':');
        pad(sb, secondOfDay % 60, 2).append('.');
        pad(sb, nanos / 1000, 6).append("+00");
    }

    private static StringBuilder pad(StringBuilder sb, int value, int digits) {
        int length = 1;
        for (int rest = value; rest >= 10; rest /= 10) {
            length++;
        }
        for (int i = length; i < digits; i++) {
            sb.append('0');
        }
        return sb.append(value);
    }

    @Override
    public List<MplRecord> search(MplQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + SELECT_COLUMNS + " FROM mpl WHERE true");
        List<Object> params = new ArrayList<>();
        if (query.tenantId() != null) {
            sql.append(" AND tenant_id = ?");
            params.add(query.tenantId());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            params.add(query.status());
        }
        if (query.iflow() != null) {
            sql.append(" AND (integration_flow_name = ? OR artifact_id = ?)");
            params.add(query.iflow());
            params.add(query.iflow());
        }
        if (query.messageGuid() != null) {
            sql.append(" AND message_guid = ?");
            params.add(query.messageGuid());
        }
        if (query.text() != null) {
            String pattern = "%" + likeEscaped(query.text()) + "%";
            List<String> likes = SEARCHED_COLUMNS.stream().map(c -> c + " ILIKE ?").toList();
            sql.append(" AND (").append(String.join(" OR ", likes)).append(')');
            SEARCHED_COLUMNS.forEach(c -> params.add(pattern));
        }
        keyFilters(query.keys(), sql, params);
        if (query.since() != null) {
            sql.append(" AND (log_end >= ? OR (log_end IS NULL AND log_start >= ?))");
            params.add(SqlTypes.toOffset(query.since()));
            params.add(SqlTypes.toOffset(query.since()));
            // the day partitions before the first that can hold such a row are pruned (mpl is partitioned by the
            // day of LogStart, the window is on LogEnd)
            sql.append(" AND part_day >= ?");
            params.add(tx.withConnection(DaySpans::read).firstForSearch(query.since()));
        }
        if (query.until() != null) {
            sql.append(" AND (log_end < ? OR (log_end IS NULL AND log_start < ?))");
            params.add(SqlTypes.toOffset(query.until()));
            params.add(SqlTypes.toOffset(query.until()));
        }
        MplStore.Position after = query.after();
        if (after != null && after.logEnd() == null) {
            sql.append(" AND log_end IS NULL AND (tenant_id, message_guid) > (?, ?)");
            params.add(after.tenantId());
            params.add(after.messageGuid());
        } else if (after != null && after.tenantId() == null) {
            sql.append(" AND (log_end < ? OR log_end IS NULL)");
            params.add(SqlTypes.toOffset(after.logEnd()));
        } else if (after != null) {
            sql.append(" AND (log_end < ? OR log_end IS NULL OR (log_end = ? AND (tenant_id, message_guid) > (?, ?)))");
            params.add(SqlTypes.toOffset(after.logEnd()));
            params.add(SqlTypes.toOffset(after.logEnd()));
            params.add(after.tenantId());
            params.add(after.messageGuid());
        }
        sql.append(" ORDER BY log_end DESC NULLS LAST, tenant_id, message_guid LIMIT ?");
        params.add(Math.max(0, query.limit()));
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                return readAll(ps);
            }
        });
    }

    /** The exact-key filters; each is backed by an index (V60) or narrows rows another filter found. */
    private static void keyFilters(MplStore.MplKeys keys, StringBuilder sql, List<Object> params) {
        if (keys.packageId() != null) {
            sql.append(" AND (package_id = ? OR package_name = ?)");
            params.add(keys.packageId());
            params.add(keys.packageId());
        }
        if (keys.sender() != null) {
            sql.append(" AND sender = ?");
            params.add(keys.sender());
        }
        if (keys.receiver() != null) {
            sql.append(" AND receiver = ?");
            params.add(keys.receiver());
        }
        if (keys.correlationId() != null) {
            sql.append(" AND correlation_id = ?");
            params.add(keys.correlationId());
        }
        if (keys.applicationMessageId() != null) {
            sql.append(" AND application_message_id = ?");
            params.add(keys.applicationMessageId());
        }
        if (keys.headerName() != null) {
            sql.append(" AND custom_headers IS NOT NULL AND custom_headers @> CAST(? AS jsonb)");
            params.add(Json.write(Map.of(keys.headerName(), keys.headerValue())));
        }
        if (keys.errorWords() != null) {
            sql.append(" AND error_text IS NOT NULL AND to_tsvector('simple', error_text) @@ plainto_tsquery('simple', ?)");
            params.add(keys.errorWords());
        }
    }

    @Override
    public Optional<MplRecord> get(String tenantId, String messageGuid) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SELECT_COLUMNS + " FROM mpl WHERE tenant_id = ? AND message_guid = ?")) {
                ps.setString(1, tenantId);
                ps.setString(2, messageGuid);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    /** {@code text} with LIKE's wildcards and escape character taken literally. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public Map<String, MplCounts> countsSince(Instant since) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT tenant_id, count(*) AS total,
                           count(*) FILTER (WHERE status IN ('FAILED', 'ESCALATED')) AS failed
                    FROM mpl WHERE log_end >= ? GROUP BY tenant_id""")) {
                SqlTypes.setInstant(ps, 1, Objects.requireNonNull(since, "since"));
                Map<String, MplCounts> counts = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), new MplCounts(rs.getLong(2), rs.getLong(3)));
                    }
                }
                return counts;
            }
        });
    }

    @Override
    public List<MplRecord> allOf(String tenantId) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SELECT_COLUMNS + " FROM mpl WHERE tenant_id = ? ORDER BY message_guid")) {
                ps.setString(1, tenantId);
                return readAll(ps);
            }
        });
    }

    @Override
    public long count(String tenantId) {
        return tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM mpl WHERE tenant_id = ?")) {
                ps.setString(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<String> unfinished(String tenantId, Instant logEndBefore, Instant checkedBefore, int limit) {
        Objects.requireNonNull(logEndBefore, "logEndBefore");
        Objects.requireNonNull(checkedBefore, "checkedBefore");
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = prepareGeneric(c, "SELECT message_guid FROM mpl WHERE tenant_id = ?"
                    + " AND status NOT IN " + FINAL_STATUSES
                    + " AND (log_end IS NULL OR log_end < ?) AND (rechecked_at IS NULL OR rechecked_at < ?)"
                    + " ORDER BY rechecked_at NULLS FIRST, log_end NULLS FIRST, message_guid LIMIT ?")) {
                ps.setString(1, tenantId);
                SqlTypes.setInstant(ps, 2, logEndBefore);
                SqlTypes.setInstant(ps, 3, checkedBefore);
                ps.setInt(4, Math.max(0, limit));
                return guids(ps);
            }
        });
    }

    @Override
    public void markRechecked(String tenantId, Collection<String> messageGuids, Instant at) {
        Objects.requireNonNull(at, "at");
        if (messageGuids.isEmpty()) {
            return;
        }
        tx.inTransaction(c -> {
            try (PreparedStatement ps = prepareGeneric(c,
                    "UPDATE mpl SET rechecked_at = ? WHERE tenant_id = ? AND message_guid = ANY (?)")) {
                SqlTypes.setInstant(ps, 1, at);
                ps.setString(2, tenantId);
                ps.setArray(3, c.createArrayOf("text", messageGuids.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<String> missingErrorTexts(String tenantId, int limit) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = prepareGeneric(c, "SELECT message_guid FROM mpl WHERE tenant_id = ?"
                    + " AND status IN ('FAILED', 'ESCALATED') AND error_fetched_at IS NULL"
                    + " ORDER BY log_end NULLS FIRST, message_guid LIMIT ?")) {
                ps.setString(1, tenantId);
                ps.setInt(2, Math.max(0, limit));
                return guids(ps);
            }
        });
    }

    @Override
    public void storeErrorTexts(String tenantId, List<ErrorText> texts, Instant at) {
        Objects.requireNonNull(at, "at");
        if (texts.isEmpty()) {
            return;
        }
        tx.inTransaction(c -> {
            lockTenant(c, tenantId);
            List<String> guids = new ArrayList<>(texts.size());
            List<String> values = new ArrayList<>(texts.size());
            for (ErrorText t : texts) {
                guids.add(Objects.requireNonNull(t.messageGuid(), "messageGuid"));
                values.add(t.text() == null ? null : t.text().replace("\0", ""));
            }
            // the states these texts replace, while they are still the stored ones (the tenant's lock keeps them so)
            try (PreparedStatement ps = prepareGeneric(c, LOG_REPLACED + " FROM mpl p"
                    + " JOIN unnest(?::text[], ?::text[]) AS t(guid, text) ON p.message_guid = t.guid"
                    + " WHERE p.tenant_id = ? AND t.text IS NOT NULL AND t.text IS DISTINCT FROM p.error_text AND "
                    + NOT_PASSED + " ON CONFLICT DO NOTHING")) {
                ps.setArray(1, c.createArrayOf("text", guids.toArray()));
                ps.setArray(2, c.createArrayOf("text", values.toArray()));
                ps.setString(3, tenantId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = prepareGeneric(c, "UPDATE mpl SET error_text = COALESCE(?, error_text),"
                    + " error_fetched_at = ?, updated_at = now() WHERE tenant_id = ? AND message_guid = ?")) {
                for (ErrorText t : texts) {
                    ps.setString(1, t.text() == null ? null : t.text().replace("\0", ""));
                    SqlTypes.setInstant(ps, 2, at);
                    ps.setString(3, tenantId);
                    ps.setString(4, Objects.requireNonNull(t.messageGuid(), "messageGuid"));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public int deleteEndedBefore(Instant cutoff, int batch) {
        Objects.requireNonNull(cutoff, "cutoff");
        return tx.inTransaction(c -> {
            // only the default partition: day partitions go whole (maintainPartitions). Both arms walk an index of
            // mpl_default from their oldest end (mpl_log_end_counts_idx backwards, mpl_null_log_end_first_seen_idx)
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mpl_default WHERE ctid = ANY (ARRAY(SELECT ctid FROM ("
                    + "(SELECT ctid FROM mpl_default WHERE log_end < ? ORDER BY log_end LIMIT ?)"
                    + " UNION ALL (SELECT ctid FROM mpl_default WHERE log_end IS NULL AND first_seen < ? ORDER BY first_seen LIMIT ?)"
                    + ") due LIMIT ?))")) {
                SqlTypes.setInstant(ps, 1, cutoff);
                ps.setInt(2, Math.max(1, batch));
                SqlTypes.setInstant(ps, 3, cutoff);
                ps.setInt(4, Math.max(1, batch));
                ps.setInt(5, Math.max(1, batch));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public PartitionReport maintainPartitions(Instant cutoff, LocalDate lastDay) {
        return partitions.maintain(cutoff, lastDay);
    }

    @Override
    public List<LocalDate> partitionDays() {
        return List.copyOf(partitions.partitions().keySet());
    }

    /**
     * A statement of the write and poller path over every day partition of mpl (V40), none of which can be pruned by
     * day: planning it looks at every partition and its indexes, several times the cost of running it (at 94
     * partitions: ~15 ms against ~3 ms for {@code unfinished}). So it is server-prepared at its first execution (the
     * driver keeps it per connection) with one generic plan, its index conditions taking the parameters at run time.
     * {@code SET LOCAL}: call inside a transaction.
     */
    private static PreparedStatement prepareGeneric(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
        }
        PreparedStatement ps = c.prepareStatement(sql);
        ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
        return ps;
    }

    private static List<String> guids(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<MplRecord> readAll(PreparedStatement ps) throws SQLException {
        List<MplRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MplRecord(
                        rs.getString("tenant_id"),
                        rs.getString("message_guid"),
                        rs.getString("correlation_id"),
                        rs.getString("application_message_id"),
                        rs.getString("application_message_type"),
                        rs.getString("predecessor_message_guid"),
                        SqlTypes.getInstant(rs, "log_start"),
                        SqlTypes.getInstant(rs, "log_end"),
                        rs.getString("sender"),
                        rs.getString("receiver"),
                        rs.getString("integration_flow_name"),
                        rs.getString("status"),
                        rs.getString("custom_status"),
                        rs.getString("alternate_web_link"),
                        rs.getString("artifact_id"),
                        rs.getString("artifact_name"),
                        rs.getString("artifact_type"),
                        rs.getString("package_id"),
                        rs.getString("package_name"),
                        rs.getString("log_level"),
                        rs.getString("archiving_status"),
                        rs.getString("transaction_id"),
                        rs.getString("previous_component_name"),
                        rs.getString("local_component_name"),
                        rs.getString("origin_component_name"),
                        rs.getString("business_key"),
                        Json.read(rs.getString("custom_headers")),
                        rs.getString("error_text")));
            }
        }
        return out;
    }
}
