package io.cpimon.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.db.ArtifactRow;
import io.cpimon.db.KeystoreRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict parsers of {@code /IntegrationRuntimeArtifacts} and {@code /KeystoreEntries} pages (CPI-API.md §5): a
 * malformed or wrongly typed page is rejected whole ({@link CpiException.Kind#MALFORMED}, entry and field named).
 */
final class RuntimeParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parsed page: its rows and the server's {@code __next}, null on the last page. */
    record Page<T>(List<T> rows, String next) {}

    private final String tenantId;

    RuntimeParser(String tenantId) {
        this.tenantId = tenantId;
    }

    Page<ArtifactRow> artifacts(String body, Instant seenAt) {
        String what = "IntegrationRuntimeArtifacts";
        JsonNode d = envelope(what, body);
        List<ArtifactRow> rows = new ArrayList<>();
        JsonNode results = d.get("results");
        for (int i = 0; i < results.size(); i++) {
            JsonNode e = entry(what, i, results.get(i));
            String id = text(what, i, e, "Id");
            if (id == null || id.isBlank()) {
                throw malformed(what, "results[" + i + "].Id is missing");
            }
            rows.add(new ArtifactRow(tenantId, id, text(what, i, e, "Version"), text(what, i, e, "Name"),
                    text(what, i, e, "Type"), text(what, i, e, "Status"), date(what, i, e, "DeployedOn"),
                    text(what, i, e, "DeployedBy"), null, seenAt));
        }
        return new Page<>(rows, next(what, d));
    }

    Page<KeystoreRow> keystore(String body, Instant seenAt) {
        String what = "KeystoreEntries";
        JsonNode d = envelope(what, body);
        List<KeystoreRow> rows = new ArrayList<>();
        JsonNode results = d.get("results");
        for (int i = 0; i < results.size(); i++) {
            JsonNode e = entry(what, i, results.get(i));
            String alias = text(what, i, e, "Alias");
            if (alias == null || alias.isBlank()) {
                throw malformed(what, "results[" + i + "].Alias is missing");
            }
            rows.add(new KeystoreRow(tenantId, alias, text(what, i, e, "Type"), text(what, i, e, "Owner"),
                    text(what, i, e, "SubjectDN"), text(what, i, e, "IssuerDN"), date(what, i, e, "ValidNotBefore"),
                    date(what, i, e, "ValidNotAfter"), seenAt));
        }
        return new Page<>(rows, next(what, d));
    }

    private JsonNode envelope(String what, String body) {
        if (body == null || body.isBlank()) {
            throw malformed(what, "empty body (expected the OData JSON envelope {\"d\":{\"results\":[…]}})");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(what, "not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        JsonNode d = root == null ? null : root.get("d");
        if (d == null || !d.isObject()) {
            throw malformed(what, "missing object 'd' (expected the OData JSON envelope {\"d\":{\"results\":[…]}})");
        }
        JsonNode results = d.get("results");
        if (results == null || !results.isArray()) {
            throw malformed(what, "'d.results' is " + (results == null ? "missing" : results.getNodeType().toString().toLowerCase()) + ", expected an array");
        }
        return d;
    }

    private JsonNode entry(String what, int i, JsonNode e) {
        if (e == null || !e.isObject()) {
            throw malformed(what, "results[" + i + "] is not an object");
        }
        return e;
    }

    private String next(String what, JsonNode d) {
        JsonNode n = d.get("__next");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw malformed(what, "'d.__next' must be a URL string");
        }
        return n.asText();
    }

    private String text(String what, int i, JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw malformed(what, "results[" + i + "]." + field + " must be a string, got " + v.getNodeType().toString().toLowerCase());
        }
        return v.asText();
    }

    private Instant date(String what, int i, JsonNode e, String field) {
        String s = text(what, i, e, field);
        if (s == null) {
            return null;
        }
        Instant t = ODataTime.parseDate(s);
        if (t == null) {
            throw malformed(what, "results[" + i + "]." + field + " must be /Date(ms)/, got \"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"");
        }
        return t;
    }

    private CpiException malformed(String what, String message) {
        return new CpiException(CpiException.Kind.MALFORMED, 200, "malformed " + what + " page from " + tenantId + ": " + message);
    }
}
