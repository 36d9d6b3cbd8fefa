package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's OTLP/HTTP logs receiver on loopback: {@code POST /v1/logs} with an
 * {@code ExportLogsServiceRequest} in the OTLP JSON mapping ({@code Content-Type: application/json}, optionally
 * {@code Content-Encoding: gzip}); 200 {@code {}} on success, 400 for a body that is not such a request, 415 for
 * protobuf or other types, 404 elsewhere. Records every log record with its resource. Thread-safe.
 */
public final class OtlpPeer extends HttpPeer {
    static final int LIMIT = 8 << 20;

    private final List<JsonObject> records = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

    public OtlpPeer(Vertx vertx, SimClock clock, int port) {
        super("otlp", vertx, clock, new HttpServerOptions());
        start(port);
    }

    /** {@code http://127.0.0.1:<port>}: what an OTLP exporter calls its endpoint. */
    public String endpoint() {
        return baseUrl();
    }

    /** Every log record received, in order. */
    public List<JsonObject> records() {
        return List.copyOf(records);
    }

    /** Record counts of the accepted requests, in order. */
    public List<Integer> batches() {
        return List.copyOf(batchSizes);
    }

    /** The attributes of a log record as a map (key → string, boolean, number or map of a kvlist). */
    public static Map<String, Object> attributes(JsonObject record) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonArray a = record.getJsonArray("attributes", new JsonArray());
        for (int i = 0; i < a.size(); i++) {
            JsonObject kv = a.getJsonObject(i);
            out.put(kv.getString("key"), value(kv.getJsonObject("value", new JsonObject())));
        }
        return out;
    }

    private static Object value(JsonObject v) {
        if (v.containsKey("stringValue")) {
            return v.getString("stringValue");
        }
        if (v.containsKey("boolValue")) {
            return v.getBoolean("boolValue");
        }
        if (v.containsKey("intValue")) {
            return Long.parseLong(String.valueOf(v.getValue("intValue")));
        }
        if (v.containsKey("kvlistValue")) {
            return attributes(new JsonObject().put("attributes",
                    v.getJsonObject("kvlistValue").getJsonArray("values", new JsonArray())));
        }
        return v.getValue("doubleValue");
    }

    @Override
    protected void onClear() {
        records.clear();
        batchSizes.clear();
    }

    private static PeerResponse status(int code, String message) {
        return PeerResponse.of(code, "application/json", new JsonObject().put("code", code)
                .put("message", message).encode());
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (!req.path().equals("/v1/logs")) {
            return status(404, "Unknown path " + req.path());
        }
        if (!"POST".equals(req.method())) {
            return status(405, "Use POST");
        }
        String type = req.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return status(415, "Only application/json is accepted here");
        }
        byte[] body = req.body();
        if ("gzip".equalsIgnoreCase(req.header("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readNBytes(LIMIT + 1);
            } catch (IOException e) {
                return status(400, "The body is not valid gzip: " + e.getMessage());
            }
        }
        if (body.length > LIMIT) {
            return status(413, "Request too large");
        }
        List<JsonObject> received = new ArrayList<>();
        try {
            JsonObject request = new JsonObject(new String(body, StandardCharsets.UTF_8));
            for (Object rl : request.getJsonArray("resourceLogs", new JsonArray())) {
                JsonObject resource = ((JsonObject) rl).getJsonObject("resource", new JsonObject());
                for (Object sl : ((JsonObject) rl).getJsonArray("scopeLogs", new JsonArray())) {
                    for (Object r : ((JsonObject) sl).getJsonArray("logRecords", new JsonArray())) {
                        received.add(((JsonObject) r).copy().put("resource", resource));
                    }
                }
            }
        } catch (DecodeException | ClassCastException e) {
            return status(400, "Not an ExportLogsServiceRequest: " + e.getMessage());
        }
        records.addAll(received);
        batchSizes.add(received.size());
        return PeerResponse.of(200, "application/json", "{}");
    }
}
