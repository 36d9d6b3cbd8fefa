package io.cpimon.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.db.MplRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the OData v2 JSON envelope of {@code /MessageProcessingLogs} (CPI-API.md §2.3) strictly:
 * a page is accepted whole or rejected with a {@link CpiException.Kind#MALFORMED} naming the entry and
 * field, so that nothing of a bad page is ever written. Unknown properties are ignored (CPI adds fields).
 */
public final class MplPageParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String APPLICATION_MESSAGE_ID = "ApplicationMessageId";

    private final String tenantId;
    private final String businessKey;

    /** @param businessKey {@code ApplicationMessageId} or a custom header property name; null: none */
    public MplPageParser(String tenantId, String businessKey) {
        this.tenantId = tenantId;
        this.businessKey = businessKey;
    }

    public MplPage parse(String body) {
        JsonNode d = envelope(body, "envelope {\"d\":{\"results\":[…]}}");
        JsonNode results = d.get("results");
        if (results == null || !results.isArray()) {
            throw malformed("'d.results' is " + (results == null ? "missing" : results.getNodeType().toString().toLowerCase()) + ", expected an array");
        }
        List<MplRecord> rows = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            rows.add(entry(i, results.get(i)));
        }
        String next = null;
        JsonNode nextNode = d.get("__next");
        if (nextNode != null && !nextNode.isNull()) {
            if (!nextNode.isTextual() || nextNode.asText().isBlank()) {
                throw malformed("'d.__next' must be a URL string");
            }
            next = nextNode.asText();
        }
        long count = -1;
        JsonNode countNode = d.get("__count");
        if (countNode != null && !countNode.isNull()) {
            try {
                count = Long.parseLong(countNode.asText());
            } catch (NumberFormatException e) {
                throw malformed("'d.__count' is not a number: " + countNode);
            }
        }
        return new MplPage(List.copyOf(rows), next, count);
    }

    /** Parses a single entity, {@code {"d":{…}}} of {@code MessageProcessingLogs('<guid>')}, as strictly as a page. */
    public MplRecord parseEntity(String body) {
        return entry(0, envelope(body, "entity {\"d\":{…}}"));
    }

    /** The object {@code d} of an OData v2 JSON response; {@code expected} names the shape for the error. */
    private JsonNode envelope(String body, String expected) {
        if (body == null || body.isBlank()) {
            throw malformed("empty body (expected the OData JSON " + expected + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        JsonNode d = root == null ? null : root.get("d");
        if (d == null || !d.isObject()) {
            throw malformed("missing object 'd' (expected the OData JSON " + expected + ")");
        }
        return d;
    }

    private MplRecord entry(int i, JsonNode e) {
        if (e == null || !e.isObject()) {
            throw malformed("results[" + i + "] is not an object");
        }
        String guid = text(i, e, "MessageGuid");
        if (guid == null || guid.isBlank()) {
            throw malformed("results[" + i + "].MessageGuid is missing");
        }
        String artifactId = null, artifactName = null, artifactType = null, packageId = null, packageName = null;
        JsonNode artifact = e.get("IntegrationArtifact");
        if (artifact != null && !artifact.isNull()) {
            if (!artifact.isObject()) {
                throw malformed("results[" + i + "].IntegrationArtifact must be an object (" + guid + ")");
            }
            artifactId = text(i, artifact, "Id");
            artifactName = text(i, artifact, "Name");
            artifactType = text(i, artifact, "Type");
            packageId = text(i, artifact, "PackageId");
            packageName = text(i, artifact, "PackageName");
        }
        Map<String, String> headers = customHeaders(i, e.get("CustomHeaderProperties"));
        String applicationMessageId = text(i, e, "ApplicationMessageId");
        String key = businessKey == null ? null
                : APPLICATION_MESSAGE_ID.equals(businessKey) ? applicationMessageId
                : headers == null ? null : headers.get(businessKey);
        String status = text(i, e, "Status");
        if (status == null) {
            throw malformed("results[" + i + "].Status is missing (" + guid + ")");
        }
        return new MplRecord(
                tenantId, guid,
                text(i, e, "CorrelationId"),
                applicationMessageId,
                text(i, e, "ApplicationMessageType"),
                text(i, e, "PredecessorMessageGuid"),
                date(i, e, "LogStart"),
                date(i, e, "LogEnd"),
                text(i, e, "Sender"),
                text(i, e, "Receiver"),
                text(i, e, "IntegrationFlowName"),
                status,
                text(i, e, "CustomStatus"),
                text(i, e, "AlternateWebLink"),
                artifactId, artifactName, artifactType, packageId, packageName,
                text(i, e, "LogLevel"),
                text(i, e, "ArchivingStatus"),
                text(i, e, "TransactionId"),
                text(i, e, "PreviousComponentName"),
                text(i, e, "LocalComponentName"),
                text(i, e, "OriginComponentName"),
                key, headers, null);
    }

    private Map<String, String> customHeaders(int i, JsonNode node) {
        if (node == null || node.isNull() || node.has("__deferred")) {
            return null;
        }
        JsonNode results = node.get("results");
        if (results == null || !results.isArray()) {
            throw malformed("results[" + i + "].CustomHeaderProperties must be deferred or {\"results\":[…]}");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode h : results) {
            String name = text(i, h, "Name");
            if (name != null) {
                headers.put(name, text(i, h, "Value"));
            }
        }
        return headers;
    }

    private String text(int i, JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw malformed("results[" + i + "]." + field + " must be a string, got " + v.getNodeType().toString().toLowerCase() + " " + abbreviate(v));
        }
        return v.asText();
    }

    private Instant date(int i, JsonNode e, String field) {
        String s = text(i, e, field);
        if (s == null) {
            return null;
        }
        Instant t = ODataTime.parseDate(s);
        if (t == null) {
            throw malformed("results[" + i + "]." + field + " must be /Date(ms)/, got \"" + abbreviate(e.get(field)) + "\"");
        }
        return t;
    }

    private static String abbreviate(JsonNode v) {
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private CpiException malformed(String message) {
        return new CpiException(CpiException.Kind.MALFORMED, 200, "malformed MessageProcessingLogs page from " + tenantId + ": " + message);
    }
}
