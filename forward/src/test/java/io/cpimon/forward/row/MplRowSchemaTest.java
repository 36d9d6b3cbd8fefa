package io.cpimon.forward.row;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.MplRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streamed JSON of a row is exactly its columns, in schema order, for full, sparse and awkward rows. */
class MplRowSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-03-01T10:15:30.123456Z");
    private final MplRowSchema schema = new MplRowSchema("cpimon-a");

    @Test
    void theEncodedRowIsItsColumnsInSchemaOrder() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("zeta", "last \"quoted\"");
        headers.put("alpha", "first ü\u0001");
        String hugeError = "é".repeat(MplRowSchema.MAX_ERROR_TEXT_BYTES);
        List<ForwardChange> changes = List.of(
                change(mpl("FAILED", START, START.plusMillis(1_500), "boom\nline \\ two \u2028 😀", headers),
                        "primary", "pair-1", "prod"),
                change(mpl("PROCESSING", START, null, null, null), null, null, null),
                change(mpl(null, null, null, hugeError, Map.of()), "dr", null, null));
        for (ForwardChange c : changes) {
            EncodedRow row = schema.encode(c);
            byte[] expected = JSON.writeValueAsBytes(schema.columns(c));
            assertEquals(new String(expected, "UTF-8"), new String(row.json(), "UTF-8"));
            assertEquals(schema.columns(c), row.columns());
            JsonNode parsed = JSON.readTree(row.json());
            List<String> names = new ArrayList<>();
            parsed.fieldNames().forEachRemaining(names::add);
            assertEquals(new ArrayList<>(schema.columns(c).keySet()), names);
        }
        JsonNode huge = JSON.readTree(schema.encode(changes.get(2)).json());
        assertTrue(huge.get("ErrorTextTruncated").asBoolean());
        assertTrue(huge.get("ErrorText").asText().getBytes("UTF-8").length <= MplRowSchema.MAX_ERROR_TEXT_BYTES);
        JsonNode first = JSON.readTree(schema.encode(changes.get(0)).json());
        assertEquals(1500, first.get("DurationMs").asLong());
        assertEquals("[\"alpha\",\"zeta\"]", JSON.writeValueAsString(first.get("CustomHeaders").properties()
                .stream().map(Map.Entry::getKey).toList()));
    }

    private static ForwardChange change(MplRecord m, String role, String pair, String landscape) {
        return new ForwardChange(new ForwardPosition(7, 42), m, role, pair, landscape,
                Instant.parse("2026-03-01T10:16:00Z"));
    }

    private static MplRecord mpl(String status, Instant start, Instant end, String error, Map<String, String> h) {
        return new MplRecord("t-1", "AGk1x", "corr", "app-id", "ORDER", null, start, end, "S4", "Ariba",
                "Order_Replicate", status, status == null ? null : "custom", "https://t/link", "art", "Art", "IFLOW",
                "pkg", "Pkg", "INFO", null, "tx", null, null, null, "bk", h, error);
    }
}
