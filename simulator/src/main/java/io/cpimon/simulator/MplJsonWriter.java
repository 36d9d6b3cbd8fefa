package io.cpimon.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the JSON of one MPL entry straight into bytes: the same bytes {@link ODataWriter#writeMpl} writes through a
 * Jackson generator (that method is the definition; {@code MplJsonCacheTest} compares both byte for byte), without a
 * generator's per-token bookkeeping or building the URIs as strings first. Strings of printable ASCII without
 * {@code "} or {@code \} are copied as they are; any other string is escaped by Jackson (character by character,
 * so a string escaped in pieces equals the string escaped whole). Stateless and thread-safe.
 */
final class MplJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] FLAGS = {"ArchivingSenderChannelMessages", "ArchivingReceiverChannelMessages",
        "ArchivingLogAttachments", "ArchivingPersistedMessages"};

    private MplJsonWriter() {
    }

    static byte[] write(ODataWriter.Context ctx, MplTruth m, ODataWriter.MplOptions o) {
        Out w = new Out();
        boolean wrong = o.wrongTypes();
        String guid = m.messageGuid();
        // the entity URI is apiUrl + /MessageProcessingLogs(' + guid + ')
        w.raw("{\"__metadata\":{\"id\":\"");
        w.mplUri(ctx, guid);
        w.raw("\",\"uri\":\"");
        w.mplUri(ctx, guid);
        w.raw("\",\"type\":\"" + ODataWriter.MPL_TYPE + "\"}");
        w.stringField(o, "MessageGuid", guid);
        w.stringField(o, "CorrelationId", m.correlationId());
        w.stringField(o, "ApplicationMessageId", m.applicationMessageId());
        if (o.selected("PredecessorMessageGuid")) {
            w.raw(",\"PredecessorMessageGuid\":null");
        }
        w.stringField(o, "ApplicationMessageType", m.applicationMessageType());
        if (o.selected("LogStart")) {
            w.dateField("LogStart", m.logStart(), wrong);
        }
        if (o.selected("LogEnd")) {
            w.dateField("LogEnd", m.logEnd(), wrong);
        }
        w.stringField(o, "Sender", m.sender());
        w.stringField(o, "Receiver", m.receiver());
        w.stringField(o, "IntegrationFlowName", m.artifactId());
        if (o.selected("Status")) {
            if (wrong) {
                w.raw(",\"Status\":3");
            } else {
                w.stringField(o, "Status", m.status());
            }
        }
        if (o.selected("AlternateWebLink")) {
            w.raw(",\"AlternateWebLink\":\"");
            w.chars(ctx.uiBase());
            w.raw("/shell/monitoring/Messages/%7B%22identifier%22%3A%22");
            w.chars(guid);
            w.raw("%22%7D\"");
        }
        if (o.selected("IntegrationArtifact")) {
            if (wrong) {
                w.raw(",\"IntegrationArtifact\":");
                w.string(m.artifactId());
            } else {
                w.raw(",\"IntegrationArtifact\":{\"__metadata\":{\"type\":\"com.sap.hci.api.IntegrationArtifact\"},\"Id\":");
                w.string(m.artifactId());
                w.raw(",\"Name\":");
                w.string(m.artifactName());
                w.raw(",\"Type\":\"INTEGRATION_FLOW\",\"PackageId\":");
                w.string(m.packageId());
                w.raw(",\"PackageName\":");
                w.string(m.packageName());
                w.raw("}");
            }
        }
        w.stringField(o, "LogLevel", m.logLevel());
        w.stringField(o, "CustomStatus", m.customStatus());
        w.stringField(o, "ArchivingStatus", "NOT_RELEVANT");
        for (String flag : FLAGS) {
            if (o.selected(flag)) {
                w.raw(",\"");
                w.raw(flag);
                w.raw(wrong ? "\":\"maybe\"" : "\":false");
            }
        }
        w.stringField(o, "TransactionId", m.transactionId());
        w.stringField(o, "PreviousComponentName", ctx.componentName());
        w.stringField(o, "LocalComponentName", ctx.componentName());
        w.stringField(o, "OriginComponentName", ctx.componentName());
        for (String nav : ODataWriter.MPL_NAVIGATION) {
            if (nav.equals("CustomHeaderProperties") && o.expandCustomHeaders()) {
                w.raw(",\"CustomHeaderProperties\":{\"results\":[");
                boolean first = true;
                for (Map.Entry<String, String> h : new TreeMap<>(m.customHeaders()).entrySet()) {
                    if (!first) {
                        w.raw(",");
                    }
                    first = false;
                    w.customHeader(ctx, ODataWriter.customHeaderId(guid, h.getKey()), h.getKey(), h.getValue());
                }
                w.raw("]}");
            } else if (o.select() == null || o.select().contains(nav)) {
                w.raw(",\"");
                w.raw(nav);
                w.raw("\":{\"__deferred\":{\"uri\":\"");
                w.mplUri(ctx, guid);
                w.raw("/");
                w.raw(nav);
                w.raw("\"}}");
            }
        }
        w.raw("}");
        return w.bytes();
    }

    /** A growing byte array. */
    private static final class Out {
        private byte[] buf = new byte[2048];
        private int n;

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        /** Text known to need no escaping (ASCII literals of this class). */
        void raw(String ascii) {
            int len = ascii.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                buf[n++] = (byte) ascii.charAt(i);
            }
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
        }

        /** The escaped content of a JSON string (without quotes). */
        void chars(String s) {
            int len = s.length();
            ensure(len);
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    escaped(s.substring(i));
                    return;
                }
                buf[n++] = (byte) c;
            }
        }

        /** Jackson's escaping of {@code s}: its quoted string value without the quotes. */
        private void escaped(String s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 2 + 8);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeString(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] quoted = out.toByteArray();
            ensure(quoted.length);
            System.arraycopy(quoted, 1, buf, n, quoted.length - 2);
            n += quoted.length - 2;
        }

        /** A string value, or null. */
        void string(String s) {
            if (s == null) {
                raw("null");
            } else {
                ensure(1);
                buf[n++] = '"';
                chars(s);
                ensure(1);
                buf[n++] = '"';
            }
        }

        void stringField(ODataWriter.MplOptions o, String name, String value) {
            if (o.selected(name)) {
                raw(",\"");
                raw(name);
                raw("\":");
                string(value);
            }
        }

        void dateField(String name, Instant t, boolean wrongTypes) {
            raw(",\"");
            raw(name);
            if (t == null) {
                raw("\":null");
            } else if (wrongTypes) {
                raw("\":");
                raw(Long.toString(t.toEpochMilli()));
            } else {
                raw("\":\"/Date(");
                raw(Long.toString(t.toEpochMilli()));
                raw(")/\"");
            }
        }

        void mplUri(ODataWriter.Context ctx, String guid) {
            chars(ctx.apiUrl());
            raw("/MessageProcessingLogs('");
            chars(guid);
            raw("')");
        }

        void customHeader(ODataWriter.Context ctx, String id, String name, String value) {
            byte[] uri = uri(ctx, id);
            raw("{\"__metadata\":{\"id\":\"");
            raw(uri);
            raw("\",\"uri\":\"");
            raw(uri);
            raw("\",\"type\":\"com.sap.hci.api.MessageProcessingLogCustomHeaderProperty\"},\"Id\":");
            string(id);
            raw(",\"Name\":");
            string(name);
            raw(",\"Value\":");
            string(value);
            raw(",\"Log\":{\"__deferred\":{\"uri\":\"");
            raw(uri);
            raw("/Log\"}}}");
        }

        private static byte[] uri(ODataWriter.Context ctx, String id) {
            Out u = new Out();
            u.chars(ctx.apiUrl() + "/MessageProcessingLogCustomHeaderProperties('" + id + "')");
            return u.bytes();
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }
}
