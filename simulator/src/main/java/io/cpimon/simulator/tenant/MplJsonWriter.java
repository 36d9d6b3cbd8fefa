package io.cpimon.simulator.tenant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the JSON of one MPL entry straight into bytes: the same bytes {@link ODataWriter#writeMpl} writes through a
 * Jackson generator (that method is the definition; {@code MplJsonCacheTest} compares both byte for byte), without a
 * generator's per-token bookkeeping or building the URIs as strings first. Strings of printable ASCII without
 * {@code "} or {@code \} are copied as they are; any other string is escaped by Jackson (character by character,
 * so a string escaped in pieces equals the string escaped whole). Thread-safe: each thread writes into a buffer of
 * its own, reused; the escaped URLs of recent tenants are shared.
 */
final class MplJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] FLAGS = {"ArchivingSenderChannelMessages", "ArchivingReceiverChannelMessages",
        "ArchivingLogAttachments", "ArchivingPersistedMessages"};

    private static final byte[][] FLAG_FIELDS = Arrays.stream(FLAGS).map(MplJsonWriter::field).toArray(byte[][]::new);
    private static final String[] COMPONENTS = {"PreviousComponentName", "LocalComponentName", "OriginComponentName"};
    private static final byte[][] COMPONENT_FIELDS = Arrays.stream(COMPONENTS).map(MplJsonWriter::field).toArray(byte[][]::new);
    private static final byte[] OPEN_METADATA = ascii("{\"__metadata\":{\"id\":\"");
    private static final byte[] METADATA_URI = ascii("\",\"uri\":\"");
    private static final byte[] METADATA_MPL_TYPE = ascii("\",\"type\":\"" + ODataWriter.MPL_TYPE + "\"}");
    private static final byte[] MPL_URI = ascii("/MessageProcessingLogs('");
    private static final byte[] URI_CLOSE = ascii("')");
    private static final byte[] HEADER_URI = ascii("/MessageProcessingLogCustomHeaderProperties('");
    private static final byte[] NULL = ascii("null");
    private static final byte[] F_APPLICATION_MESSAGE_ID = field("ApplicationMessageId");
    private static final byte[] F_APPLICATION_MESSAGE_TYPE = field("ApplicationMessageType");
    private static final byte[] F_ARCHIVING_STATUS = field("ArchivingStatus");
    private static final byte[] F_CORRELATION_ID = field("CorrelationId");
    private static final byte[] F_CUSTOM_STATUS = field("CustomStatus");
    private static final byte[] F_INTEGRATION_FLOW_NAME = field("IntegrationFlowName");
    private static final byte[] F_LOG_END = field("LogEnd");
    private static final byte[] F_LOG_LEVEL = field("LogLevel");
    private static final byte[] F_LOG_START = field("LogStart");
    private static final byte[] F_MESSAGE_GUID = field("MessageGuid");
    private static final byte[] F_PREDECESSOR_MESSAGE_GUID = field("PredecessorMessageGuid");
    private static final byte[] F_RECEIVER = field("Receiver");
    private static final byte[] F_SENDER = field("Sender");
    private static final byte[] F_STATUS = field("Status");
    private static final byte[] F_TRANSACTION_ID = field("TransactionId");
    private static final byte[][] DEFERRED_OPEN = new byte[ODataWriter.MPL_NAVIGATION.size()][];
    private static final byte[][] DEFERRED_CLOSE = new byte[ODataWriter.MPL_NAVIGATION.size()][];

    static {
        for (int i = 0; i < DEFERRED_OPEN.length; i++) {
            String nav = ODataWriter.MPL_NAVIGATION.get(i);
            DEFERRED_OPEN[i] = ascii(",\"" + nav + "\":{\"__deferred\":{\"uri\":\"");
            DEFERRED_CLOSE[i] = ascii("/" + nav + "\"}}");
        }
    }

    /** The buffer an entry is written into before it is copied out at its exact size; one per thread, reused. */
    private static final ThreadLocal<Out> BUFFER = ThreadLocal.withInitial(() -> new Out(8192));
    /** A buffer grown beyond this by a huge entry is not kept for the next one. */
    private static final int MAX_KEPT_BUFFER = 1 << 20;

    /** The escaped URLs of the last few tenants written for (a tenant's URLs change only when it comes back on another port). */
    private static final Map<ODataWriter.Context, Urls> URLS = new ConcurrentHashMap<>();

    private record Urls(byte[] api, byte[] ui, byte[] component) {
        static Urls of(ODataWriter.Context ctx) {
            Out a = new Out(64);
            a.chars(ctx.apiUrl());
            Out u = new Out(64);
            u.chars(ctx.uiBase());
            Out c = new Out(64);
            c.string(ctx.componentName());
            return new Urls(a.bytes(), u.bytes(), c.bytes());
        }
    }

    private MplJsonWriter() {
    }

    private static byte[] field(String name) {
        return ascii(",\"" + name + "\":");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Urls urls(ODataWriter.Context ctx) {
        Urls u = URLS.get(ctx);
        if (u == null) {
            if (URLS.size() > 256) {
                URLS.clear();
            }
            u = Urls.of(ctx);
            URLS.put(ctx, u);
        }
        return u;
    }

    static byte[] write(ODataWriter.Context ctx, MplTruth m, ODataWriter.MplOptions o) {
        Urls urls = urls(ctx);
        Out w = BUFFER.get();
        w.n = 0;
        boolean wrong = o.wrongTypes();
        String guid = m.messageGuid();
        // the entity URI apiUrl/MessageProcessingLogs('guid'), escaped once, written 2 + 6 times
        Out uriOut = new Out(128);
        uriOut.raw(urls.api);
        uriOut.raw(MPL_URI);
        uriOut.chars(guid);
        uriOut.raw(URI_CLOSE);
        byte[] uri = uriOut.bytes();
        w.raw(OPEN_METADATA);
        w.raw(uri);
        w.raw(METADATA_URI);
        w.raw(uri);
        w.raw(METADATA_MPL_TYPE);
        w.stringField(o, "MessageGuid", F_MESSAGE_GUID, guid);
        w.stringField(o, "CorrelationId", F_CORRELATION_ID, m.correlationId());
        w.stringField(o, "ApplicationMessageId", F_APPLICATION_MESSAGE_ID, m.applicationMessageId());
        if (o.selected("PredecessorMessageGuid")) {
            w.raw(F_PREDECESSOR_MESSAGE_GUID);
            w.raw(NULL);
        }
        w.stringField(o, "ApplicationMessageType", F_APPLICATION_MESSAGE_TYPE, m.applicationMessageType());
        if (o.selected("LogStart")) {
            w.dateField(F_LOG_START, m.logStart(), wrong);
        }
        if (o.selected("LogEnd")) {
            w.dateField(F_LOG_END, m.logEnd(), wrong);
        }
        w.stringField(o, "Sender", F_SENDER, m.sender());
        w.stringField(o, "Receiver", F_RECEIVER, m.receiver());
        w.stringField(o, "IntegrationFlowName", F_INTEGRATION_FLOW_NAME, m.artifactId());
        if (o.selected("Status")) {
            if (wrong) {
                w.raw(",\"Status\":3");
            } else {
                w.stringField(o, "Status", F_STATUS, m.status());
            }
        }
        if (o.selected("AlternateWebLink")) {
            w.raw(",\"AlternateWebLink\":\"");
            w.raw(urls.ui);
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
        w.stringField(o, "LogLevel", F_LOG_LEVEL, m.logLevel());
        w.stringField(o, "CustomStatus", F_CUSTOM_STATUS, m.customStatus());
        w.stringField(o, "ArchivingStatus", F_ARCHIVING_STATUS, "NOT_RELEVANT");
        for (int i = 0; i < FLAGS.length; i++) {
            if (o.selected(FLAGS[i])) {
                w.raw(FLAG_FIELDS[i]);
                w.raw(wrong ? "\"maybe\"" : "false");
            }
        }
        w.stringField(o, "TransactionId", F_TRANSACTION_ID, m.transactionId());
        for (int i = 0; i < COMPONENTS.length; i++) {
            if (o.selected(COMPONENTS[i])) {
                w.raw(COMPONENT_FIELDS[i]);
                w.raw(urls.component);
            }
        }
        for (int i = 0; i < DEFERRED_OPEN.length; i++) {
            String nav = ODataWriter.MPL_NAVIGATION.get(i);
            if (nav.equals("CustomHeaderProperties") && o.expandCustomHeaders()) {
                w.raw(",\"CustomHeaderProperties\":{\"results\":[");
                boolean first = true;
                for (Map.Entry<String, String> h : new TreeMap<>(m.customHeaders()).entrySet()) {
                    if (!first) {
                        w.raw(",");
                    }
                    first = false;
                    w.customHeader(urls, ODataWriter.customHeaderId(guid, h.getKey()), h.getKey(), h.getValue());
                }
                w.raw("]}");
            } else if (o.select() == null || o.select().contains(nav)) {
                w.raw(DEFERRED_OPEN[i]);
                w.raw(uri);
                w.raw(DEFERRED_CLOSE[i]);
            }
        }
        w.raw("}");
        byte[] json = w.bytes();
        if (w.buf.length > MAX_KEPT_BUFFER) {
            BUFFER.remove();
        }
        return json;
    }

    /** A growing byte array. */
    private static final class Out {
        private byte[] buf;
        private int n;

        Out(int size) {
            buf = new byte[size];
        }

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
                raw(NULL);
            } else {
                ensure(1);
                buf[n++] = '"';
                chars(s);
                ensure(1);
                buf[n++] = '"';
            }
        }

        void stringField(ODataWriter.MplOptions o, String name, byte[] field, String value) {
            if (o.selected(name)) {
                raw(field);
                string(value);
            }
        }

        void dateField(byte[] field, Instant t, boolean wrongTypes) {
            raw(field);
            if (t == null) {
                raw(NULL);
            } else if (wrongTypes) {
                raw(Long.toString(t.toEpochMilli()));
            } else {
                raw("\"/Date(");
                raw(Long.toString(t.toEpochMilli()));
                raw(")/\"");
            }
        }

        void customHeader(Urls urls, String id, String name, String value) {
            Out u = new Out(128);
            u.raw(urls.api);
            u.raw(HEADER_URI);
            u.chars(id);
            u.raw(URI_CLOSE);
            byte[] uri = u.bytes();
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

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }
}
