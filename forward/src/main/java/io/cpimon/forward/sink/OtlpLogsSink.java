package io.cpimon.forward.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpimon.config.OtlpForwarderConfig;
import io.cpimon.config.Secret;
import io.cpimon.forward.row.EncodedRow;
import io.cpimon.forward.row.MplRowSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenTelemetry collector over OTLP/HTTP with JSON bodies ({@code POST /v1/logs}, gzip): one log record per row,
 * the row's columns as attributes of the same names, {@code TimeGenerated} as the record's time, the error text (or
 * "iFlow status") as its body, severity ERROR for FAILED and ESCALATED, INFO otherwise. A partial success counts as
 * accepted and is logged. Thread-safe.
 */
public final class OtlpLogsSink implements LogSink {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpLogsSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEVERITY_INFO = 9;
    private static final int SEVERITY_ERROR = 17;

    private final String peer;
    private final URI url;
    private final Map<String, Secret> headers;
    private final String instance;
    private final HttpClient http;
    private final Duration timeout;

    /** @param instance the {@code service.instance.id} resource attribute; @param ssl for https collectors */
    public OtlpLogsSink(OtlpForwarderConfig config, String instance, SSLContext ssl, Duration timeout) {
        this.peer = "OTLP collector of forwarder " + config.name();
        String base = config.endpoint().toString();
        this.url = URI.create(base.endsWith("/v1/logs") ? base : base.replaceAll("/+$", "") + "/v1/logs");
        this.headers = config.headers();
        this.instance = instance;
        this.http = HttpAnswers.jdkClient(ssl, timeout).build();
        this.timeout = timeout;
    }

    @Override
    public SendOutcome send(List<EncodedRow> rows) {
        byte[] body;
        try {
            body = HttpAnswers.gzip(JSON.writeValueAsBytes(request(rows)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode OTLP logs", e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> b.header(k, v.reveal()));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new SendOutcome.Retry(peer + " unreachable: " + HttpAnswers.rootMessage(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Retry(peer + ": interrupted", null);
        }
        SendOutcome outcome = HttpAnswers.classify(peer, r.statusCode(), r.body(),
                r.headers().firstValue("Retry-After").orElse(null), null);
        if (outcome instanceof SendOutcome.Accepted && r.body() != null && r.body().contains("rejectedLogRecords")) {
            LOG.warn("{}: partial success: {}", peer, HttpAnswers.cut(r.body()));
        }
        return outcome;
    }

    /** The {@code ExportLogsServiceRequest} of {@code rows}, in the OTLP JSON mapping. */
    ObjectNode request(List<EncodedRow> rows) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode resourceLogs = root.putArray("resourceLogs").addObject();
        ArrayNode resource = resourceLogs.putObject("resource").putArray("attributes");
        attribute(resource, "service.name", "cpimon");
        attribute(resource, "service.instance.id", instance);
        ObjectNode scopeLogs = resourceLogs.putArray("scopeLogs").addObject();
        scopeLogs.putObject("scope").put("name", "io.cpimon.forward")
                .put("version", Integer.toString(MplRowSchema.SCHEMA_VERSION));
        ArrayNode records = scopeLogs.putArray("logRecords");
        for (EncodedRow row : rows) {
            records.add(record(row.columns()));
        }
        return root;
    }

    private static ObjectNode record(Map<String, Object> columns) {
        ObjectNode r = JSON.createObjectNode();
        r.put("timeUnixNano", nanos((String) columns.get("TimeGenerated")));
        r.put("observedTimeUnixNano", nanos((String) columns.get("ObservedAt")));
        String status = (String) columns.get("Status");
        boolean error = "FAILED".equals(status) || "ESCALATED".equals(status);
        r.put("severityNumber", error ? SEVERITY_ERROR : SEVERITY_INFO);
        r.put("severityText", error ? "ERROR" : "INFO");
        Object text = columns.get("ErrorText");
        r.putObject("body").put("stringValue", text != null ? text.toString()
                : columns.get("IntegrationFlowName") + " " + status);
        ArrayNode attributes = r.putArray("attributes");
        columns.forEach((k, v) -> {
            if (v != null && !k.equals("TimeGenerated") && !k.equals("ErrorText")) {
                attributes.addObject().put("key", k).set("value", value(v));
            }
        });
        return r;
    }

    private static JsonNode value(Object v) {
        ObjectNode n = JSON.createObjectNode();
        switch (v) {
            case Boolean b -> n.put("boolValue", b);
            case Integer i -> n.put("intValue", Integer.toString(i));
            case Long l -> n.put("intValue", Long.toString(l));
            case Map<?, ?> m -> {
                ArrayNode values = n.putObject("kvlistValue").putArray("values");
                m.forEach((k, x) -> values.addObject().put("key", String.valueOf(k)).set("value", value(x)));
            }
            default -> n.put("stringValue", String.valueOf(v));
        }
        return n;
    }

    private static void attribute(ArrayNode attributes, String key, String value) {
        attributes.addObject().put("key", key).putObject("value").put("stringValue", value);
    }

    private static String nanos(String instant) {
        if (instant == null) {
            return "0";
        }
        Instant t = Instant.parse(instant);
        return Long.toString(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }
}
