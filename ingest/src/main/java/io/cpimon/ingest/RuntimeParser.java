package io.cpimon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.db.ArtifactRow;
import io.cpimon.db.KeystoreRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict parsers of {@code /IntegrationRuntimeArtifacts} and {@code /KeystoreEntries} pages (docs/cpi-api.md §5): a
 * malformed or wrongly typed page is rejected whole ({@link CpiException.Kind#MALFORMED}, entry and field named).
 */
final class RuntimeParser {

    /** One parsed page: its rows and the server's {@code __next}, null on the last page. */
    record Page<T>(List<T> rows, String next) {}

    private final String tenantId;

    RuntimeParser(String tenantId) {
        this.tenantId = tenantId;
    }

    Page<ArtifactRow> artifacts(String body, Instant seenAt) {
        ODataReader in = new ODataReader(tenantId, "IntegrationRuntimeArtifacts");
        JsonNode d = in.envelope(body, ODataReader.PAGE);
        List<ArtifactRow> rows = new ArrayList<>();
        JsonNode results = in.results(d);
        for (int i = 0; i < results.size(); i++) {
            JsonNode e = in.entry(i, results.get(i));
            String id = in.text(i, e, "Id");
            if (id == null || id.isBlank()) {
                throw in.malformed("results[" + i + "].Id is missing");
            }
            rows.add(new ArtifactRow(tenantId, id, in.text(i, e, "Version"), in.text(i, e, "Name"),
                    in.text(i, e, "Type"), in.text(i, e, "Status"), in.date(i, e, "DeployedOn"),
                    in.text(i, e, "DeployedBy"), null, seenAt));
        }
        return new Page<>(rows, in.next(d));
    }

    Page<KeystoreRow> keystore(String body, Instant seenAt) {
        ODataReader in = new ODataReader(tenantId, "KeystoreEntries");
        JsonNode d = in.envelope(body, ODataReader.PAGE);
        List<KeystoreRow> rows = new ArrayList<>();
        JsonNode results = in.results(d);
        for (int i = 0; i < results.size(); i++) {
            JsonNode e = in.entry(i, results.get(i));
            String alias = in.text(i, e, "Alias");
            if (alias == null || alias.isBlank()) {
                throw in.malformed("results[" + i + "].Alias is missing");
            }
            rows.add(new KeystoreRow(tenantId, alias, in.text(i, e, "Type"), in.text(i, e, "Owner"),
                    in.text(i, e, "SubjectDN"), in.text(i, e, "IssuerDN"), in.date(i, e, "ValidNotBefore"),
                    in.date(i, e, "ValidNotAfter"), seenAt));
        }
        return new Page<>(rows, in.next(d));
    }
}
