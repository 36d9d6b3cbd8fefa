package io.cpimon.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MappingJsonFactory;
import io.cpimon.db.MplRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the OData v2 JSON envelope of {@code /MessageProcessingLogs} (docs/cpi-api.md §2.3) strictly, in one pass
 * over the response's tokens (no tree of the page is built): a page is accepted whole or rejected with a
 * {@link CpiException.Kind#MALFORMED} naming the entry and field, so that nothing of a bad page is ever written.
 * Unknown properties are skipped (CPI adds fields). Stateless apart from its tenant and business key: any thread may
 * call it, concurrently.
 */
public final class MplPageParser {
    public static final String APPLICATION_MESSAGE_ID = "ApplicationMessageId";
    private static final String PAGE = "envelope {\"d\":{\"results\":[…]}}";
    private static final String ENTITY = "entity {\"d\":{…}}";
    /** Gives parsers a codec, so that a value of the wrong type can be quoted in its error. */
    private static final MappingJsonFactory JSON = new MappingJsonFactory();

    /** The string properties of an MPL entry that are kept, in {@link Entry#text}'s order. */
    private enum Field {
        MessageGuid, CorrelationId, ApplicationMessageId, ApplicationMessageType, PredecessorMessageGuid, LogStart, LogEnd,
        Sender, Receiver, IntegrationFlowName, Status, CustomStatus, AlternateWebLink, LogLevel, ArchivingStatus,
        TransactionId, PreviousComponentName, LocalComponentName, OriginComponentName;

        private static final Map<String, Field> BY_NAME = new LinkedHashMap<>();

        static {
            for (Field f : values()) {
                BY_NAME.put(f.name(), f);
            }
        }
    }

    /** The properties of {@code IntegrationArtifact} that are kept. */
    private static final List<String> ARTIFACT_FIELDS = List.of("Id", "Name", "Type", "PackageId", "PackageName");

    private final String tenantId;
    private final String businessKey;
    private final ODataReader errors;

    /** @param businessKey {@code ApplicationMessageId} or a custom header property name; null: none */
    public MplPageParser(String tenantId, String businessKey) {
        this.tenantId = tenantId;
        this.businessKey = businessKey;
        this.errors = new ODataReader(tenantId, "MessageProcessingLogs");
    }

    public MplPage parse(String body) {
        return parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #parse(String)}, from the response's UTF-8 bytes (what the poller does). */
    public MplPage parse(byte[] body) {
        return read(body, PAGE, this::page);
    }

    /** Parses a single entity, {@code {"d":{…}}} of {@code MessageProcessingLogs('<guid>')}, as strictly as a page. */
    public MplRecord parseEntity(String body) {
        return read(body == null ? null : body.getBytes(StandardCharsets.UTF_8), ENTITY, this::entity);
    }

    /** What is read from the object {@code d}; the parser stands on its START_OBJECT. */
    @FunctionalInterface
    private interface Body<T> {
        T read(JsonParser p) throws IOException;
    }

    private <T> T read(byte[] body, String expected, Body<T> inD) {
        if (body == null || isBlank(body)) {
            throw errors.malformed("empty body (expected the OData JSON " + expected + ")");
        }
        try (JsonParser p = JSON.createParser(body)) {
            T result = null;
            boolean found = false;
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if ("d".equals(name) && t == JsonToken.START_OBJECT) {
                        result = inD.read(p);
                        found = true;
                    } else {
                        if ("d".equals(name)) {
                            found = false; // the last 'd' counts, as in a tree of the body
                        }
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            if (!found) {
                throw errors.malformed("missing object 'd' (expected the OData JSON " + expected + ")");
            }
            return result;
        } catch (JsonProcessingException e) {
            throw errors.malformed("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) { // declared for streams; a byte array cannot fail to be read
            throw errors.malformed("unreadable body: " + e.getMessage());
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private MplPage page(JsonParser p) throws IOException {
        List<MplRecord> rows = null;
        String resultsType = null;
        String next = null;
        long count = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "results" -> {
                    if (t == JsonToken.START_ARRAY) {
                        rows = new ArrayList<>();
                        resultsType = null;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            rows.add(entry(p, rows.size()));
                        }
                    } else {
                        rows = null;
                        resultsType = type(t);
                        p.skipChildren();
                    }
                }
                case "__next" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        next = null;
                    } else if (t != JsonToken.VALUE_STRING || p.getText().isBlank()) {
                        throw errors.malformed("'d.__next' must be a URL string");
                    } else {
                        next = p.getText();
                    }
                }
                case "__count" -> count = count(p, t);
                default -> p.skipChildren();
            }
        }
        if (rows == null) {
            throw errors.malformed("'d.results' is " + (resultsType == null ? "missing" : resultsType) + ", expected an array");
        }
        return new MplPage(List.copyOf(rows), next, count);
    }

    private long count(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return -1;
        }
        String value = t.isScalarValue() ? p.getText() : quoted(p);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw errors.malformed("'d.__count' is not a number: " + (t == JsonToken.VALUE_STRING ? "\"" + value + "\"" : value));
        }
    }

    /** The values of one entry, kept until the entry's end so that its checks run in one order whatever the field order. */
    private static final class Entry {
        final String[] text = new String[Field.values().length];
        final String[] artifact = new String[ARTIFACT_FIELDS.size()];
        boolean artifactNotObject;
        Map<String, String> headers;
        boolean headersMalformed;
    }

    private MplRecord entity(JsonParser p) throws IOException {
        return entry(p, 0);
    }

    /** One entry of {@code results}; the parser stands on its first token. */
    private MplRecord entry(JsonParser p, int i) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw errors.malformed("results[" + i + "] is not an object");
        }
        Entry e = new Entry();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            Field f = Field.BY_NAME.get(name);
            if (f != null) {
                e.text[f.ordinal()] = text(p, t, i, name);
            } else if ("IntegrationArtifact".equals(name)) {
                artifact(p, t, i, e);
            } else if ("CustomHeaderProperties".equals(name)) {
                customHeaders(p, t, i, e);
            } else {
                p.skipChildren();
            }
        }
        return record(i, e);
    }

    private MplRecord record(int i, Entry e) {
        String guid = e.text[Field.MessageGuid.ordinal()];
        if (guid == null || guid.isBlank()) {
            throw errors.malformed("results[" + i + "].MessageGuid is missing");
        }
        if (e.artifactNotObject) {
            throw errors.malformed("results[" + i + "].IntegrationArtifact must be an object (" + guid + ")");
        }
        if (e.headersMalformed) {
            throw errors.malformed("results[" + i + "].CustomHeaderProperties must be deferred or {\"results\":[…]}");
        }
        String applicationMessageId = e.text[Field.ApplicationMessageId.ordinal()];
        String key = businessKey == null ? null
                : APPLICATION_MESSAGE_ID.equals(businessKey) ? applicationMessageId
                : e.headers == null ? null : e.headers.get(businessKey);
        String status = e.text[Field.Status.ordinal()];
        if (status == null) {
            throw errors.malformed("results[" + i + "].Status is missing (" + guid + ")");
        }
        String[] a = e.artifact;
        return new MplRecord(
                tenantId, guid,
                e.text[Field.CorrelationId.ordinal()],
                applicationMessageId,
                e.text[Field.ApplicationMessageType.ordinal()],
                e.text[Field.PredecessorMessageGuid.ordinal()],
                date(i, e, Field.LogStart),
                date(i, e, Field.LogEnd),
                e.text[Field.Sender.ordinal()],
                e.text[Field.Receiver.ordinal()],
                e.text[Field.IntegrationFlowName.ordinal()],
                status,
                e.text[Field.CustomStatus.ordinal()],
                e.text[Field.AlternateWebLink.ordinal()],
                a[0], a[1], a[2], a[3], a[4],
                e.text[Field.LogLevel.ordinal()],
                e.text[Field.ArchivingStatus.ordinal()],
                e.text[Field.TransactionId.ordinal()],
                e.text[Field.PreviousComponentName.ordinal()],
                e.text[Field.LocalComponentName.ordinal()],
                e.text[Field.OriginComponentName.ordinal()],
                key, e.headers, null);
    }

    private void artifact(JsonParser p, JsonToken t, int i, Entry e) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            e.artifactNotObject = true;
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int k = ARTIFACT_FIELDS.indexOf(name);
            if (k >= 0) {
                e.artifact[k] = text(p, v, i, name);
            } else {
                p.skipChildren();
            }
        }
    }

    /** {@code {"__deferred":…}} or null: not expanded; else {@code {"results":[{"Name":…,"Value":…}, …]}}. */
    private void customHeaders(JsonParser p, JsonToken t, int i, Entry e) throws IOException {
        e.headers = null;
        e.headersMalformed = false;
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            e.headersMalformed = true;
            p.skipChildren();
            return;
        }
        boolean deferred = false;
        Map<String, String> headers = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("__deferred".equals(name)) {
                deferred = true;
                p.skipChildren();
            } else if ("results".equals(name) && v == JsonToken.START_ARRAY) {
                headers = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    header(p, i, headers);
                }
            } else {
                headers = "results".equals(name) ? null : headers;
                p.skipChildren();
            }
        }
        if (!deferred) {
            e.headers = headers;
            e.headersMalformed = headers == null;
        }
    }

    /** One {@code {"Name":…,"Value":…}}; anything but an object, or one without a Name, carries no header. */
    private void header(JsonParser p, int i, Map<String, String> headers) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        String name = null;
        String value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("Name".equals(field)) {
                name = text(p, v, i, field);
            } else if ("Value".equals(field)) {
                value = text(p, v, i, field);
            } else {
                p.skipChildren();
            }
        }
        if (name != null) {
            headers.put(name, value);
        }
    }

    /** A string property of entry i, null when null; anything else is malformed. */
    private String text(JsonParser p, JsonToken t, int i, String field) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        String type = type(t);
        throw errors.malformed("results[" + i + "]." + field + " must be a string, got " + type + " "
                + abbreviate(t.isScalarValue() ? p.getText() : quoted(p)));
    }

    /** A value that is not a scalar, as JSON (read whole, for an error message). */
    private static String quoted(JsonParser p) throws IOException {
        return p.readValueAsTree().toString();
    }

    private Instant date(int i, Entry e, Field field) {
        String s = e.text[field.ordinal()];
        if (s == null) {
            return null;
        }
        Instant t = ODataTime.parseDate(s);
        if (t == null) {
            throw errors.malformed("results[" + i + "]." + field.name() + " must be /Date(ms)/, got \"" + abbreviate(s) + "\"");
        }
        return t;
    }

    /** The JSON type of a value's first token, as errors name it. */
    private static String type(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
