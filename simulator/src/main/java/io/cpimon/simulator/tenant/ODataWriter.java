package io.cpimon.simulator.tenant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the OData V2 JSON of a simulated tenant (docs/cpi-api.md §2.3): {@code {"d":{"__count":"n","results":[…],"__next":"…"}}},
 * {@code /Date(ms)/} dates, {@code __metadata} with absolute {@code id}/{@code uri}, the IntegrationArtifact complex type,
 * deferred navigation links. Stateless and thread-safe.
 */
final class ODataWriter {

    static final String MPL_TYPE = "com.sap.hci.api.MessageProcessingLog";
    /** Structural properties of an MPL in the order a real tenant writes them. */
    static final List<String> MPL_PROPERTIES = List.of("MessageGuid", "CorrelationId", "ApplicationMessageId",
            "PredecessorMessageGuid", "ApplicationMessageType", "LogStart", "LogEnd", "Sender", "Receiver",
            "IntegrationFlowName", "Status", "AlternateWebLink", "IntegrationArtifact", "LogLevel", "CustomStatus",
            "ArchivingStatus", "ArchivingSenderChannelMessages", "ArchivingReceiverChannelMessages",
            "ArchivingLogAttachments", "ArchivingPersistedMessages", "TransactionId", "PreviousComponentName",
            "LocalComponentName", "OriginComponentName");
    static final List<String> MPL_NAVIGATION = List.of("CustomHeaderProperties", "MessageStoreEntries", "ErrorInformation",
            "AdapterAttributes", "Attachments", "Runs");

    private static final JsonFactory JSON = new JsonFactory();

    /** Where the tenant lives: used for absolute URIs. */
    record Context(String apiUrl, String uiBase, String componentName) {
    }

    /** Options of one MPL response. select null = everything. */
    record MplOptions(Set<String> select, boolean expandCustomHeaders, boolean wrongTypes) {
        static final MplOptions DEFAULT = new MplOptions(null, false, false);

        boolean selected(String property) {
            return select == null || select.contains(property);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private ODataWriter() {
    }

    private static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String date(Instant t) {
        return "/Date(" + t.toEpochMilli() + ")/";
    }

    static byte[] error(String code, String message) {
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code);
            g.writeObjectFieldStart("message");
            g.writeStringField("lang", "en");
            g.writeStringField("value", message);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static final byte[] COLLECTION_HEAD = "{\"d\":{\"results\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLLECTION_TAIL = "]}}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_OPEN = "],\"__next\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The JSON of one MPL as an element of {@code results} (an object; the bytes {@link #writeMpl} writes, written by
     * {@link MplJsonWriter}), in an array of exactly its length: the unit {@link MplJsonCache} keeps and
     * {@link #mplCollection(List, Integer, String, boolean)} concatenates.
     */
    static byte[] mplJson(Context ctx, MplTruth m, MplOptions options) {
        return MplJsonWriter.write(ctx, m, options);
    }

    /**
     * The collection envelope around already serialized entries ({@link #mplJson}), byte for byte what one
     * generator writing the envelope and the entries would write ({@code __count} a number when
     * {@code wrongTypes}), in one buffer sized up front.
     */
    static Buffer mplCollection(List<byte[]> entries, Integer count, String next, boolean wrongTypes) {
        byte[] head = count == null ? COLLECTION_HEAD
                : ("{\"d\":{\"__count\":" + (wrongTypes ? count.toString() : "\"" + count + "\"") + ",\"results\":[")
                        .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = COLLECTION_TAIL;
        if (next != null) {
            byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(next);
            tail = new byte[NEXT_OPEN.length + quoted.length + 3];
            System.arraycopy(NEXT_OPEN, 0, tail, 0, NEXT_OPEN.length);
            System.arraycopy(quoted, 0, tail, NEXT_OPEN.length, quoted.length);
            tail[tail.length - 3] = '"';
            tail[tail.length - 2] = '}';
            tail[tail.length - 1] = '}';
        }
        int size = head.length + tail.length + Math.max(0, entries.size() - 1);
        for (byte[] e : entries) {
            size += e.length;
        }
        Buffer b = Buffer.buffer(size);
        b.appendBytes(head);
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                b.appendByte((byte) ',');
            }
            b.appendBytes(entries.get(i));
        }
        return b.appendBytes(tail);
    }

    static byte[] mplEntity(Context ctx, MplTruth m, MplOptions options) {
        return json(g -> {
            g.writeStartObject();
            g.writeFieldName("d");
            writeMpl(g, ctx, m, options);
            g.writeEndObject();
        });
    }

    private static String mplUri(Context ctx, String guid) {
        return ctx.apiUrl() + "/MessageProcessingLogs('" + guid + "')";
    }

    private static void metadata(JsonGenerator g, String uri, String type) throws IOException {
        g.writeObjectFieldStart("__metadata");
        g.writeStringField("id", uri);
        g.writeStringField("uri", uri);
        g.writeStringField("type", type);
        g.writeEndObject();
    }

    private static void deferred(JsonGenerator g, String name, String uri) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeObjectFieldStart("__deferred");
        g.writeStringField("uri", uri);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void dateField(JsonGenerator g, String name, Instant t, boolean wrongTypes) throws IOException {
        if (t == null) {
            g.writeNullField(name);
        } else if (wrongTypes) {
            g.writeNumberField(name, t.toEpochMilli());
        } else {
            g.writeStringField(name, date(t));
        }
    }

    /** Writes a string property when {@code $select} (or its absence) asks for it. */
    private static void stringField(JsonGenerator g, MplOptions o, String name, String value) throws IOException {
        if (o.selected(name)) {
            g.writeStringField(name, value);
        }
    }

    static void writeMpl(JsonGenerator g, Context ctx, MplTruth m, MplOptions o) throws IOException {
        String uri = mplUri(ctx, m.messageGuid());
        boolean wrong = o.wrongTypes();
        g.writeStartObject();
        metadata(g, uri, MPL_TYPE);
        stringField(g, o, "MessageGuid", m.messageGuid());
        stringField(g, o, "CorrelationId", m.correlationId());
        stringField(g, o, "ApplicationMessageId", m.applicationMessageId());
        if (o.selected("PredecessorMessageGuid")) {
            g.writeNullField("PredecessorMessageGuid");
        }
        stringField(g, o, "ApplicationMessageType", m.applicationMessageType());
        if (o.selected("LogStart")) {
            dateField(g, "LogStart", m.logStart(), wrong);
        }
        if (o.selected("LogEnd")) {
            dateField(g, "LogEnd", m.logEnd(), wrong);
        }
        stringField(g, o, "Sender", m.sender());
        stringField(g, o, "Receiver", m.receiver());
        stringField(g, o, "IntegrationFlowName", m.artifactId());
        if (o.selected("Status")) {
            if (wrong) {
                g.writeNumberField("Status", 3);
            } else {
                g.writeStringField("Status", m.status());
            }
        }
        stringField(g, o, "AlternateWebLink", ctx.uiBase() + "/shell/monitoring/Messages/%7B%22identifier%22%3A%22"
                    + m.messageGuid() + "%22%7D");
        if (o.selected("IntegrationArtifact")) {
            if (wrong) {
                g.writeStringField("IntegrationArtifact", m.artifactId());
            } else {
                g.writeObjectFieldStart("IntegrationArtifact");
                g.writeObjectFieldStart("__metadata");
                g.writeStringField("type", "com.sap.hci.api.IntegrationArtifact");
                g.writeEndObject();
                g.writeStringField("Id", m.artifactId());
                g.writeStringField("Name", m.artifactName());
                g.writeStringField("Type", "INTEGRATION_FLOW");
                g.writeStringField("PackageId", m.packageId());
                g.writeStringField("PackageName", m.packageName());
                g.writeEndObject();
            }
        }
        stringField(g, o, "LogLevel", m.logLevel());
        stringField(g, o, "CustomStatus", m.customStatus());
        stringField(g, o, "ArchivingStatus", "NOT_RELEVANT");
        for (String flag : List.of("ArchivingSenderChannelMessages", "ArchivingReceiverChannelMessages",
                "ArchivingLogAttachments", "ArchivingPersistedMessages")) {
            if (o.selected(flag)) {
                if (wrong) {
                    g.writeStringField(flag, "maybe");
                } else {
                    g.writeBooleanField(flag, false);
                }
            }
        }
        stringField(g, o, "TransactionId", m.transactionId());
        stringField(g, o, "PreviousComponentName", ctx.componentName());
        stringField(g, o, "LocalComponentName", ctx.componentName());
        stringField(g, o, "OriginComponentName", ctx.componentName());
        for (String nav : MPL_NAVIGATION) {
            if (nav.equals("CustomHeaderProperties") && o.expandCustomHeaders()) {
                g.writeObjectFieldStart("CustomHeaderProperties");
                g.writeArrayFieldStart("results");
                writeCustomHeaders(g, ctx, m);
                g.writeEndArray();
                g.writeEndObject();
            } else if (o.select() == null || o.select().contains(nav)) {
                deferred(g, nav, uri + "/" + nav);
            }
        }
        g.writeEndObject();
    }

    /** A stable numeric Id per (guid, header name), as a real tenant numbers its header rows. */
    static String customHeaderId(String guid, String name) {
        return Long.toString(Math.floorMod(Ids.seedOf(guid + "/" + name), 1_000_000_000L));
    }

    private static void writeCustomHeaders(JsonGenerator g, Context ctx, MplTruth m) throws IOException {
        for (Map.Entry<String, String> h : new TreeMap<>(m.customHeaders()).entrySet()) {
            String id = customHeaderId(m.messageGuid(), h.getKey());
            String uri = ctx.apiUrl() + "/MessageProcessingLogCustomHeaderProperties('" + id + "')";
            g.writeStartObject();
            metadata(g, uri, "com.sap.hci.api.MessageProcessingLogCustomHeaderProperty");
            g.writeStringField("Id", id);
            g.writeStringField("Name", h.getKey());
            g.writeStringField("Value", h.getValue());
            deferred(g, "Log", uri + "/Log");
            g.writeEndObject();
        }
    }

    static byte[] customHeaders(Context ctx, MplTruth m, Integer count) {
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            if (count != null) {
                g.writeStringField("__count", Integer.toString(count));
            }
            g.writeArrayFieldStart("results");
            writeCustomHeaders(g, ctx, m);
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** An empty collection (AdapterAttributes, Attachments, MessageStoreEntries, Runs of a simulated MPL). */
    static byte[] emptyCollection() {
        return "{\"d\":{\"results\":[]}}".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] errorInformation(Context ctx, MplTruth m) {
        String uri = ctx.apiUrl() + "/MessageProcessingLogErrorInformations('" + m.messageGuid() + "')";
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            metadata(g, uri, "com.sap.hci.api.MessageProcessingLogErrorInformation");
            g.writeStringField("MessageGuid", m.messageGuid());
            g.writeStringField("Type", "text/plain");
            g.writeStringField("LastErrorModelStepId", "MessageFlow_11");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    // ---------------------------------------------------------------- runtime artifacts

    private static void writeArtifact(JsonGenerator g, Context ctx, RuntimeArtifact a, Set<String> select) throws IOException {
        String uri = ctx.apiUrl() + "/IntegrationRuntimeArtifacts('" + a.id() + "')";
        g.writeStartObject();
        metadata(g, uri, "com.sap.hci.api.IntegrationRuntimeArtifact");
        if (select == null || select.contains("Id")) {
            g.writeStringField("Id", a.id());
        }
        if (select == null || select.contains("Version")) {
            g.writeStringField("Version", a.version());
        }
        if (select == null || select.contains("Name")) {
            g.writeStringField("Name", a.name());
        }
        if (select == null || select.contains("Type")) {
            g.writeStringField("Type", a.type());
        }
        if (select == null || select.contains("DeployedBy")) {
            g.writeStringField("DeployedBy", a.deployedBy());
        }
        if (select == null || select.contains("DeployedOn")) {
            if (a.deployedOn() == null) {
                g.writeNullField("DeployedOn");
            } else {
                g.writeStringField("DeployedOn", date(a.deployedOn()));
            }
        }
        if (select == null || select.contains("Status")) {
            g.writeStringField("Status", a.status());
        }
        if (select == null || select.contains("ErrorInformation")) {
            deferred(g, "ErrorInformation", uri + "/ErrorInformation");
        }
        g.writeEndObject();
    }

    static byte[] artifacts(Context ctx, List<RuntimeArtifact> list, Integer count, Set<String> select) {
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            if (count != null) {
                g.writeStringField("__count", Integer.toString(count));
            }
            g.writeArrayFieldStart("results");
            for (RuntimeArtifact a : list) {
                writeArtifact(g, ctx, a, select);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static byte[] artifact(Context ctx, RuntimeArtifact a, Set<String> select) {
        return json(g -> {
            g.writeStartObject();
            g.writeFieldName("d");
            writeArtifact(g, ctx, a, select);
            g.writeEndObject();
        });
    }

    // ---------------------------------------------------------------- keystore

    private static void writeKeystoreEntry(JsonGenerator g, Context ctx, KeystoreEntry k) throws IOException {
        String uri = ctx.apiUrl() + "/KeystoreEntries('" + k.hexalias() + "')";
        g.writeStartObject();
        metadata(g, uri, "com.sap.hci.api.KeystoreEntry");
        g.writeStringField("Hexalias", k.hexalias());
        g.writeStringField("Alias", k.alias());
        g.writeStringField("Type", k.type());
        g.writeStringField("Owner", k.owner());
        g.writeStringField("KeyType", "RSA");
        g.writeNumberField("KeySize", 2048);
        g.writeStringField("SignatureAlgorithm", "SHA256withRSA");
        g.writeStringField("SubjectDN", k.subjectDn());
        g.writeStringField("IssuerDN", k.issuerDn());
        g.writeStringField("SerialNumber", Long.toString(Math.abs(Ids.seedOf(k.alias())), 16));
        g.writeStringField("ValidNotBefore", k.validNotBefore() == null ? null : date(k.validNotBefore()));
        g.writeStringField("ValidNotAfter", k.validNotAfter() == null ? null : date(k.validNotAfter()));
        g.writeStringField("Validity", k.validNotBefore() == null || k.validNotAfter() == null ? null
                : Duration.between(k.validNotBefore(), k.validNotAfter()).toDays() + " days");
        g.writeStringField("LastModifiedBy", "S0023456789");
        g.writeStringField("LastModifiedTime", k.validNotBefore() == null ? null : date(k.validNotBefore()));
        g.writeEndObject();
    }

    static byte[] keystoreEntries(Context ctx, List<KeystoreEntry> list, Integer count) {
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            if (count != null) {
                g.writeStringField("__count", Integer.toString(count));
            }
            g.writeArrayFieldStart("results");
            for (KeystoreEntry k : list) {
                writeKeystoreEntry(g, ctx, k);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static byte[] keystoreEntry(Context ctx, KeystoreEntry k) {
        return json(g -> {
            g.writeStartObject();
            g.writeFieldName("d");
            writeKeystoreEntry(g, ctx, k);
            g.writeEndObject();
        });
    }

    /** The service document. */
    static byte[] serviceDocument() {
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            g.writeArrayFieldStart("EntitySets");
            for (String s : List.of("MessageProcessingLogs", "IntegrationRuntimeArtifacts", "KeystoreEntries")) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
