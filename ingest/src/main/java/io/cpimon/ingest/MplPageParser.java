package io.cpimon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.db.MplRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the OData v2 JSON envelope of {@code /MessageProcessingLogs} (docs/cpi-api.md §2.3) strictly:
 * a page is accepted whole or rejected with a {@link CpiException.Kind#MALFORMED} naming the entry and
 * field, so that nothing of a bad page is ever written. Unknown properties are ignored (CPI adds fields).
 */
public final class MplPageParser {
    public static final String APPLICATION_MESSAGE_ID = "ApplicationMessageId";

    private final String tenantId;
    private final String businessKey;
    private final ODataReader in;

    /** @param businessKey {@code ApplicationMessageId} or a custom header property name; null: none */
    public MplPageParser(String tenantId, String businessKey) {
        this.tenantId = tenantId;
        this.businessKey = businessKey;
        this.in = new ODataReader(tenantId, "MessageProcessingLogs");
    }

    public MplPage parse(String body) {
        return page(in.envelope(body, ODataReader.PAGE));
    }

    /** Like {@link #parse(String)}, from the response's UTF-8 bytes (what the poller does). */
    public MplPage parse(byte[] body) {
        return page(in.envelope(body, ODataReader.PAGE));
    }

    private MplPage page(JsonNode d) {
        JsonNode results = in.results(d);
        List<MplRecord> rows = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            rows.add(entry(i, results.get(i)));
        }
        return new MplPage(List.copyOf(rows), in.next(d), in.count(d));
    }

    /** Parses a single entity, {@code {"d":{…}}} of {@code MessageProcessingLogs('<guid>')}, as strictly as a page. */
    public MplRecord parseEntity(String body) {
        return entry(0, in.envelope(body, ODataReader.ENTITY));
    }

    private MplRecord entry(int i, JsonNode e) {
        in.entry(i, e);
        String guid = in.text(i, e, "MessageGuid");
        if (guid == null || guid.isBlank()) {
            throw in.malformed("results[" + i + "].MessageGuid is missing");
        }
        String artifactId = null, artifactName = null, artifactType = null, packageId = null, packageName = null;
        JsonNode artifact = e.get("IntegrationArtifact");
        if (artifact != null && !artifact.isNull()) {
            if (!artifact.isObject()) {
                throw in.malformed("results[" + i + "].IntegrationArtifact must be an object (" + guid + ")");
            }
            artifactId = in.text(i, artifact, "Id");
            artifactName = in.text(i, artifact, "Name");
            artifactType = in.text(i, artifact, "Type");
            packageId = in.text(i, artifact, "PackageId");
            packageName = in.text(i, artifact, "PackageName");
        }
        Map<String, String> headers = customHeaders(i, e.get("CustomHeaderProperties"));
        String applicationMessageId = in.text(i, e, "ApplicationMessageId");
        String key = businessKey == null ? null
                : APPLICATION_MESSAGE_ID.equals(businessKey) ? applicationMessageId
                : headers == null ? null : headers.get(businessKey);
        String status = in.text(i, e, "Status");
        if (status == null) {
            throw in.malformed("results[" + i + "].Status is missing (" + guid + ")");
        }
        return new MplRecord(
                tenantId, guid,
                in.text(i, e, "CorrelationId"),
                applicationMessageId,
                in.text(i, e, "ApplicationMessageType"),
                in.text(i, e, "PredecessorMessageGuid"),
                in.date(i, e, "LogStart"),
                in.date(i, e, "LogEnd"),
                in.text(i, e, "Sender"),
                in.text(i, e, "Receiver"),
                in.text(i, e, "IntegrationFlowName"),
                status,
                in.text(i, e, "CustomStatus"),
                in.text(i, e, "AlternateWebLink"),
                artifactId, artifactName, artifactType, packageId, packageName,
                in.text(i, e, "LogLevel"),
                in.text(i, e, "ArchivingStatus"),
                in.text(i, e, "TransactionId"),
                in.text(i, e, "PreviousComponentName"),
                in.text(i, e, "LocalComponentName"),
                in.text(i, e, "OriginComponentName"),
                key, headers, null);
    }

    private Map<String, String> customHeaders(int i, JsonNode node) {
        if (node == null || node.isNull() || node.has("__deferred")) {
            return null;
        }
        JsonNode results = node.get("results");
        if (results == null || !results.isArray()) {
            throw in.malformed("results[" + i + "].CustomHeaderProperties must be deferred or {\"results\":[…]}");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode h : results) {
            String name = in.text(i, h, "Name");
            if (name != null) {
                headers.put(name, in.text(i, h, "Value"));
            }
        }
        return headers;
    }
}
