package io.cpimon.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Strict reading of one OData v2 JSON response of one tenant (docs/cpi-api.md §2.3), shared by every parser of
 * the ingest: each violation is a {@link CpiException.Kind#MALFORMED} naming the entity set, the entry and
 * the field, so that a bad page is rejected whole. Unknown properties are ignored (CPI adds fields).
 */
final class ODataReader {
    static final String PAGE = "envelope {\"d\":{\"results\":[…]}}";
    static final String ENTITY = "entity {\"d\":{…}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tenantId;
    private final String entitySet;

    /** @param entitySet what is read, e.g. {@code MessageProcessingLogs}: it names the page in every error */
    ODataReader(String tenantId, String entitySet) {
        this.tenantId = tenantId;
        this.entitySet = entitySet;
    }

    /** The object {@code d}; @param expected {@link #PAGE} or {@link #ENTITY}, for the error */
    JsonNode envelope(String body, String expected) {
        return envelope(body == null ? null : body.getBytes(StandardCharsets.UTF_8), expected);
    }

    /** Like {@link #envelope(String, String)}, from the response's UTF-8 bytes. */
    JsonNode envelope(byte[] body, String expected) {
        if (body == null || isBlank(body)) {
            throw malformed("empty body (expected the OData JSON " + expected + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) { // declared for streams; a byte array cannot fail to be read
            throw malformed("unreadable body: " + e.getMessage());
        }
        JsonNode d = root == null ? null : root.get("d");
        if (d == null || !d.isObject()) {
            throw malformed("missing object 'd' (expected the OData JSON " + expected + ")");
        }
        return d;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** {@code d.results} of a page, an array. */
    JsonNode results(JsonNode d) {
        JsonNode results = d.get("results");
        if (results == null || !results.isArray()) {
            throw malformed("'d.results' is " + (results == null ? "missing" : results.getNodeType().toString().toLowerCase())
                    + ", expected an array");
        }
        return results;
    }

    /** The i-th entry of {@code results}, an object. */
    JsonNode entry(int i, JsonNode e) {
        if (e == null || !e.isObject()) {
            throw malformed("results[" + i + "] is not an object");
        }
        return e;
    }

    /** The server's {@code __next} link as sent (absolute or relative), null on the last page. */
    String next(JsonNode d) {
        JsonNode n = d.get("__next");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw malformed("'d.__next' must be a URL string");
        }
        return n.asText();
    }

    /** {@code __count} (a string in OData v2), -1 when absent. */
    long count(JsonNode d) {
        JsonNode c = d.get("__count");
        if (c == null || c.isNull()) {
            return -1;
        }
        try {
            return Long.parseLong(c.asText());
        } catch (NumberFormatException e) {
            throw malformed("'d.__count' is not a number: " + c);
        }
    }

    /** A string property of entry i (or of a nested object of it), null when absent or null. */
    String text(int i, JsonNode e, String field) {
        JsonNode v = e.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw malformed("results[" + i + "]." + field + " must be a string, got "
                    + v.getNodeType().toString().toLowerCase() + " " + abbreviate(v.toString()));
        }
        return v.asText();
    }

    /** A {@code /Date(ms)/} property of entry i, null when absent or null. */
    Instant date(int i, JsonNode e, String field) {
        String s = text(i, e, field);
        if (s == null) {
            return null;
        }
        Instant t = ODataTime.parseDate(s);
        if (t == null) {
            throw malformed("results[" + i + "]." + field + " must be /Date(ms)/, got \"" + abbreviate(s) + "\"");
        }
        return t;
    }

    CpiException malformed(String message) {
        return new CpiException(CpiException.Kind.MALFORMED, 200, "malformed " + entitySet + " page from " + tenantId + ": " + message);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
