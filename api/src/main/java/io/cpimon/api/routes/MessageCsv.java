package io.cpimon.api.routes;

import io.cpimon.db.MplRecord;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The CSV form of stored messages (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled). A field starting with {@code = + - @} gets a leading apostrophe so that a spreadsheet
 * shows it as text instead of running it as a formula. Stateless.
 */
final class MessageCsv {
    private static final Map<String, Function<MplRecord, Object>> COLUMNS = columns();

    private MessageCsv() {}

    private static Map<String, Function<MplRecord, Object>> columns() {
        Map<String, Function<MplRecord, Object>> c = new LinkedHashMap<>();
        c.put("tenant", MplRecord::tenantId);
        c.put("messageGuid", MplRecord::messageGuid);
        c.put("status", MplRecord::status);
        c.put("logStart", MplRecord::logStart);
        c.put("logEnd", MplRecord::logEnd);
        c.put("integrationFlowName", MplRecord::integrationFlowName);
        c.put("packageId", MplRecord::packageId);
        c.put("sender", MplRecord::sender);
        c.put("receiver", MplRecord::receiver);
        c.put("correlationId", MplRecord::correlationId);
        c.put("applicationMessageId", MplRecord::applicationMessageId);
        c.put("customStatus", MplRecord::customStatus);
        c.put("errorText", MplRecord::errorText);
        c.put("alternateWebLink", MplRecord::alternateWebLink);
        return Collections.unmodifiableMap(c);
    }

    static String header() {
        return String.join(",", COLUMNS.keySet()) + "\r\n";
    }

    static String rows(List<MplRecord> page) {
        StringBuilder sb = new StringBuilder();
        for (MplRecord r : page) {
            boolean first = true;
            for (Function<MplRecord, Object> column : COLUMNS.values()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                field(sb, column.apply(r));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static void field(StringBuilder sb, Object value) {
        if (value == null) {
            return;
        }
        String s = value instanceof Instant t ? t.toString() : value.toString();
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            sb.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else {
            sb.append(s);
        }
    }
}
