package io.cpimon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.JmsBrokerRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict parsers of the pages the DR readiness check reads (docs/cpi-api.md §9): {@code UserCredentials},
 * {@code OAuth2ClientCredentials}, {@code SecureParameters}, {@code NumberRanges} (each by {@code Name}) and
 * {@code Variables} ({@code VariableName}, {@code IntegrationFlow}, {@code Visibility}, {@code UpdatedAt},
 * {@code RetainUntil}), and the partner directory's {@code StringParameters} and {@code BinaryParameters} ({@code Pid},
 * {@code Id}, {@code LastModifiedTime}: §9.6). Only names and dates are kept: a secret field or a parameter value the
 * tenant might send is never read. A malformed page is rejected whole ({@link CpiException.Kind#MALFORMED}, entry and
 * field named).
 */
final class ContentParser {
    private final String tenantId;

    ContentParser(String tenantId) {
        this.tenantId = tenantId;
    }

    /** The entity set of a kind, as in the URL. */
    static String entitySet(Kind kind) {
        return switch (kind) {
            case USER_CREDENTIAL -> "UserCredentials";
            case OAUTH2_CLIENT -> "OAuth2ClientCredentials";
            case SECURE_PARAMETER -> "SecureParameters";
            case VARIABLE -> "Variables";
            case NUMBER_RANGE -> "NumberRanges";
            case STRING_PARAMETER -> "StringParameters";
            case BINARY_PARAMETER -> "BinaryParameters";
        };
    }

    /**
     * The query of a kind's first page: a partner directory parameter is asked for its keys and date only, so that
     * neither a value nor a binary parameter's content (an XSLT, a certificate) crosses the wire (§9.6).
     */
    static String query(Kind kind) {
        return kind == Kind.STRING_PARAMETER || kind == Kind.BINARY_PARAMETER
                ? "?$select=Pid,Id,LastModifiedTime&$format=json" : "?$format=json";
    }

    RuntimeParser.Page<ContentRow> page(Kind kind, String body, Instant seenAt) {
        ODataReader in = new ODataReader(tenantId, entitySet(kind));
        JsonNode d = in.envelope(body, ODataReader.PAGE);
        JsonNode results = in.results(d);
        List<ContentRow> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode e = in.entry(i, results.get(i));
            if (kind == Kind.VARIABLE) {
                String name = required(in, i, e, "VariableName");
                String iflow = in.text(i, e, "IntegrationFlow");
                String visibility = in.text(i, e, "Visibility");
                rows.add(new ContentRow(tenantId, kind, name, iflow == null ? "" : iflow, visibility,
                        in.date(i, e, "UpdatedAt"), in.date(i, e, "RetainUntil"), seenAt));
            } else if (kind == Kind.STRING_PARAMETER || kind == Kind.BINARY_PARAMETER) {
                String pid = required(in, i, e, "Pid");
                rows.add(new ContentRow(tenantId, kind, required(in, i, e, "Id"), pid, null,
                        in.date(i, e, "LastModifiedTime"), null, seenAt));
            } else {
                String name = required(in, i, e, "Name");
                Instant deployed = kind == Kind.NUMBER_RANGE ? null : in.date(i, e, "DeployedOn");
                rows.add(new ContentRow(tenantId, kind, name, "", null, deployed, null, seenAt));
            }
        }
        return new RuntimeParser.Page<>(rows, in.next(d));
    }

    /**
     * {@code JmsBrokers('Broker1')} (docs/cpi-api.md §10): every number required, as a JSON number or (Edm.Int64 in
     * OData V2) a numeric string; the "high" flags as 0/1 or booleans.
     */
    JmsBrokerRow broker(String body, Instant seenAt) {
        ODataReader in = new ODataReader(tenantId, "JmsBrokers");
        JsonNode d = in.envelope(body, ODataReader.ENTITY);
        return new JmsBrokerRow(tenantId, number(in, d, "Capacity"), number(in, d, "MaxCapacity"),
                (int) number(in, d, "QueueNumber"), (int) number(in, d, "MaxQueueNumber"),
                (int) number(in, d, "CapacityOk"), (int) number(in, d, "CapacityWarning"),
                (int) number(in, d, "CapacityError"), flag(in, d, "IsTransactedSessionsHigh"),
                flag(in, d, "IsConsumersHigh"), flag(in, d, "IsProducersHigh"), seenAt);
    }

    /**
     * A page of {@code DataStores} (docs/cpi-api.md §11): {@code DataStoreName} required, {@code IntegrationFlow} and
     * {@code Type} empty when absent, the two counts required (number or numeric string) with overdue ≤ messages.
     */
    RuntimeParser.Page<DataStoreRow> dataStores(String body, Instant readAt) {
        ODataReader in = new ODataReader(tenantId, "DataStores");
        JsonNode d = in.envelope(body, ODataReader.PAGE);
        JsonNode results = in.results(d);
        List<DataStoreRow> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode e = in.entry(i, results.get(i));
            String at = "results[" + i + "].";
            long messages = number(in, e, at, "NumberOfMessages");
            long overdue = number(in, e, at, "NumberOfOverdueMessages");
            if (overdue > messages) {
                throw in.malformed(at + "NumberOfOverdueMessages " + overdue + " exceeds NumberOfMessages " + messages);
            }
            rows.add(new DataStoreRow(tenantId, required(in, i, e, "DataStoreName"), orEmpty(in.text(i, e,
                    "IntegrationFlow")), orEmpty(in.text(i, e, "Type")), in.text(i, e, "Visibility"), messages, overdue,
                    readAt));
        }
        return new RuntimeParser.Page<>(rows, in.next(d));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static long number(ODataReader in, JsonNode d, String field) {
        return number(in, d, "d.", field);
    }

    private static long number(ODataReader in, JsonNode d, String at, String field) {
        JsonNode v = d.get(field);
        if (v != null && v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v != null && v.isTextual()) {
            try {
                long n = Long.parseLong(v.asText().trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // named below
            }
        }
        throw in.malformed(at + field + " must be a non-negative integer, got " + (v == null ? "nothing" : v.toString()));
    }

    private static boolean flag(ODataReader in, JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v != null && v.isBoolean()) {
            return v.asBoolean();
        }
        if (v != null && (v.isIntegralNumber() || v.isTextual()) && ("0".equals(v.asText()) || "1".equals(v.asText()))) {
            return "1".equals(v.asText());
        }
        throw in.malformed("d." + field + " must be 0 or 1, got " + (v == null ? "nothing" : v.toString()));
    }

    private static String required(ODataReader in, int i, JsonNode e, String field) {
        String v = in.text(i, e, field);
        if (v == null || v.isBlank()) {
            throw in.malformed("results[" + i + "]." + field + " is missing");
        }
        return v;
    }
}
