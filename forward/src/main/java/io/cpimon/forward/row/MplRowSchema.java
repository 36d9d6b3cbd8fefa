package io.cpimon.forward.row;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cpimon.db.ForwardChange;
import io.cpimon.db.MplRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The forwarded row of a stored MPL change (table {@code CpiMessageLog_CL}, docs/azure-monitor-logs.md). Columns
 * never change meaning; a new column raises {@link #SCHEMA_VERSION}. Error texts are cut to
 * {@link #MAX_ERROR_TEXT_BYTES} UTF-8 bytes, because Azure Monitor silently truncates values over 64 KB
 * (docs/channels.md §3.1); {@code ErrorTextTruncated} says so. {@link #encode} writes the JSON object straight from
 * the change with a streaming generator (the forwarder's hot path: no map per row); {@link #columns} gives the same
 * columns as a map. Thread-safe.
 */
public final class MplRowSchema {
    /** Raised when a column is added. */
    public static final int SCHEMA_VERSION = 1;
    /** Well under the 64 KB per value, leaving room for JSON escapes. */
    public static final int MAX_ERROR_TEXT_BYTES = 32_000;

    private static final JsonFactory JSON = new JsonFactory();
    /** One row buffer per thread, grown to the largest row it wrote. */
    private static final ThreadLocal<RowBuffer> BUFFER = ThreadLocal.withInitial(RowBuffer::new);
    /** One SHA-256 per thread: looking one up per row costs more than hashing the row's key. */
    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(MplRowSchema::sha256);

    private final String instance;

    /** @param instance the {@code CpimonInstance} column: which cpimon sent the row */
    public MplRowSchema(String instance) {
        this.instance = instance;
    }

    /** The row of {@code change}, encoded: the JSON object of {@link #columns}, with its columns in schema order. */
    public EncodedRow encode(ForwardChange change) {
        RowBuffer out = BUFFER.get();
        out.reset();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(change, g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the row of " + change.mpl().messageGuid(), e);
        }
        return new EncodedRow(change, this, out.toByteArray());
    }

    private void write(ForwardChange change, JsonGenerator g) throws IOException {
        MplRecord m = change.mpl();
        String start = text(m.logStart());
        String end = text(m.logEnd());
        String observed = text(change.storedAt());
        g.writeStartObject();
        g.writeStringField("TimeGenerated", end != null ? end : start != null ? start : observed);
        g.writeNumberField("SchemaVersion", SCHEMA_VERSION);
        g.writeStringField("RecordId", recordId(m.tenantId(), m.messageGuid(), m.status(), m.logEnd()));
        g.writeStringField("Tenant", m.tenantId());
        g.writeStringField("TenantRole", change.tenantRole());
        g.writeStringField("Pair", change.pairId());
        g.writeStringField("Landscape", change.landscape());
        g.writeStringField("MessageGuid", m.messageGuid());
        g.writeStringField("CorrelationId", m.correlationId());
        g.writeStringField("ApplicationMessageId", m.applicationMessageId());
        g.writeStringField("ApplicationMessageType", m.applicationMessageType());
        g.writeStringField("Status", m.status());
        g.writeStringField("CustomStatus", m.customStatus());
        g.writeBooleanField("IsFinal", MplRecord.isFinal(m.status()));
        g.writeStringField("LogStart", start);
        g.writeStringField("LogEnd", end);
        g.writeFieldName("DurationMs");
        if (m.logStart() != null && m.logEnd() != null) {
            g.writeNumber(Duration.between(m.logStart(), m.logEnd()).toMillis());
        } else {
            g.writeNull();
        }
        g.writeStringField("IntegrationFlowName", m.integrationFlowName());
        g.writeStringField("PackageId", m.packageId());
        g.writeStringField("Sender", m.sender());
        g.writeStringField("Receiver", m.receiver());
        String error = m.errorText();
        String cut = truncate(error, MAX_ERROR_TEXT_BYTES);
        g.writeStringField("ErrorText", cut);
        g.writeBooleanField("ErrorTextTruncated", error != null && cut.length() < error.length());
        g.writeFieldName("CustomHeaders");
        if (m.customHeaders() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            for (Map.Entry<String, String> h : new TreeMap<>(m.customHeaders()).entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
        }
        g.writeStringField("AlternateWebLink", m.alternateWebLink());
        g.writeStringField("ObservedAt", observed);
        g.writeStringField("CpimonInstance", instance);
        g.writeEndObject();
    }

    /** The columns of {@code change}, in schema order; absent values are null. */
    public Map<String, Object> columns(ForwardChange change) {
        MplRecord m = change.mpl();
        Map<String, Object> row = new LinkedHashMap<>();
        Instant observed = change.storedAt();
        Instant time = m.logEnd() != null ? m.logEnd() : m.logStart() != null ? m.logStart() : observed;
        row.put("TimeGenerated", text(time));
        row.put("SchemaVersion", SCHEMA_VERSION);
        row.put("RecordId", recordId(m.tenantId(), m.messageGuid(), m.status(), m.logEnd()));
        row.put("Tenant", m.tenantId());
        row.put("TenantRole", change.tenantRole());
        row.put("Pair", change.pairId());
        row.put("Landscape", change.landscape());
        row.put("MessageGuid", m.messageGuid());
        row.put("CorrelationId", m.correlationId());
        row.put("ApplicationMessageId", m.applicationMessageId());
        row.put("ApplicationMessageType", m.applicationMessageType());
        row.put("Status", m.status());
        row.put("CustomStatus", m.customStatus());
        row.put("IsFinal", MplRecord.isFinal(m.status()));
        row.put("LogStart", text(m.logStart()));
        row.put("LogEnd", text(m.logEnd()));
        row.put("DurationMs", m.logStart() != null && m.logEnd() != null
                ? Duration.between(m.logStart(), m.logEnd()).toMillis() : null);
        row.put("IntegrationFlowName", m.integrationFlowName());
        row.put("PackageId", m.packageId());
        row.put("Sender", m.sender());
        row.put("Receiver", m.receiver());
        String error = m.errorText();
        String cut = truncate(error, MAX_ERROR_TEXT_BYTES);
        row.put("ErrorText", cut);
        row.put("ErrorTextTruncated", error != null && cut.length() < error.length());
        row.put("CustomHeaders", m.customHeaders() == null ? null : new TreeMap<>(m.customHeaders()));
        row.put("AlternateWebLink", m.alternateWebLink());
        row.put("ObservedAt", text(observed));
        row.put("CpimonInstance", instance);
        return Collections.unmodifiableMap(row);
    }

    /**
     * A stable id of one state of one message: the same tenant, GUID, status and LogEnd give the same id, so
     * duplicates from at-least-once delivery are removed at query time. 32 hex digits of SHA-256.
     */
    public static String recordId(String tenant, String messageGuid, String status, Instant logEnd) {
        String key = tenant + "\n" + messageGuid + "\n" + status + "\n" + (logEnd == null ? "" : logEnd);
        byte[] digest = SHA.get().digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code s} cut to at most {@code maxBytes} UTF-8 bytes, never inside a character; null for null. */
    static String truncate(String s, int maxBytes) {
        if (s == null || s.length() * 3L <= maxBytes) {
            return s;
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                return s.substring(0, i);
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s;
    }

    /** A byte buffer written again for every row. */
    private static final class RowBuffer extends ByteArrayOutputStream {
        RowBuffer() {
            super(2048);
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
