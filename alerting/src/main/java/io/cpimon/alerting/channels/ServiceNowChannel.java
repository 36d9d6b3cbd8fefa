package io.cpimon.alerting.channels;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TreeMap;

/**
 * ServiceNow (docs/channels.md §2). Mode {@code table} (default): one incident per alert group episode,
 * identified by {@code correlation_id = cpimon:<group hash>}. Every attempt first looks the open incident
 * up by that id (also after a timeout, so a retry never opens a second incident — create is not idempotent),
 * then creates it (first notification), adds {@code work_notes} (new alerts, partial resolution, repeats)
 * or resolves it with state 6 and the configured {@code close_code}/{@code close_notes} (all resolved).
 * Mode {@code event}: Event Management {@code jsonv2} records, one per alert, {@code message_key} = the
 * alert's fingerprint, severity 0 clears. Every step is one HTTP request; a failing step fails the attempt
 * as {@link HttpOutcomes} says, and the next attempt starts over with the lookup.
 */
public final class ServiceNowChannel extends HttpChannel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<ServiceNowChannelConfig> DEFINITION = new ChannelKind<>(
            ServiceNowChannelConfig.TYPE, ServiceNowChannelConfig.class, ServiceNowChannelConfig::bind,
            (c, context) -> new ServiceNowChannel(c, context.client(), context.timeout()));

    private static final DateTimeFormatter GLIDE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ServiceNowChannelConfig config;
    private final String base;
    private final String authorization;

    public ServiceNowChannel(ServiceNowChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), ServiceNowChannelConfig.TYPE, client, timeout);
        this.config = config;
        this.base = HttpOutcomes.withoutTrailingSlash(config.url().toString());
        this.authorization = HttpOutcomes.basicAuth(config.user(), config.password().reveal());
    }

    /** Thrown inside an attempt when one step did not succeed; carries the delivery to answer. */
    private static final class StepFailed extends Exception {
        final transient Delivery delivery;

        StepFailed(Delivery delivery) {
            super(null, null, false, false);
            this.delivery = delivery;
        }
    }

    @Override
    public Delivery send(GroupNotice notice) {
        try {
            return config.mode() == ServiceNowMode.EVENT ? sendEvents(notice) : sendIncident(notice);
        } catch (StepFailed f) {
            return f.delivery;
        }
    }

    static String correlationId(GroupNotice n) {
        return "cpimon:" + n.groupHash();
    }

    private Delivery sendIncident(GroupNotice n) throws StepFailed {
        String correlationId = correlationId(n);
        JsonObject open = lookup(correlationId);
        String reason = n.reason();
        if (open == null) {
            if (!n.isFiring()) {
                return new Delivery.Delivered(null); // nothing open to resolve (closed by hand, or never opened)
            }
            JsonObject created = call(HttpMethod.POST, base + "/api/now/v2/table/incident", incident(n, correlationId), "create");
            return new Delivery.Delivered(created.getJsonObject("result", new JsonObject()).getString("sys_id"));
        }
        String sysId = open.getString("sys_id");
        if (NotificationReason.FIRST.text().equals(reason)) {
            return new Delivery.Delivered(sysId); // an earlier attempt created it and its answer was lost
        }
        JsonObject patch = new JsonObject().put("work_notes", EmailChannel.plain(n));
        if (!n.isFiring()) {
            patch.put("state", "6").put("close_code", config.closeCode())
                    .put("close_notes", config.closeNotes() + ": alert cleared at " + n.sentAt());
        }
        call(HttpMethod.PATCH, base + "/api/now/v2/table/incident/" + sysId, patch, n.isFiring() ? "update" : "resolve");
        return new Delivery.Delivered(sysId);
    }

    /** The open incident with exactly this correlation id, or null. */
    private JsonObject lookup(String correlationId) throws StepFailed {
        String query = "correlation_id=" + correlationId + "^active=true^ORDERBYDESCsys_created_on";
        String url = base + "/api/now/v2/table/incident?sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&sysparm_fields=sys_id,number,state,correlation_id&sysparm_limit=1";
        JsonObject answer = call(HttpMethod.GET, url, null, "lookup");
        JsonArray result = answer.getJsonArray("result", new JsonArray());
        for (Object o : result) {
            // an invalid query part is silently ignored by ServiceNow: never trust a row without checking it
            if (o instanceof JsonObject row && correlationId.equals(row.getString("correlation_id"))) {
                return row;
            }
        }
        return null;
    }

    private JsonObject incident(GroupNotice n, String correlationId) {
        String severity = n.commonLabels().getOrDefault("severity", "warning");
        String level = switch (severity) {
            case "critical" -> "1";
            case "warning" -> "2";
            default -> "3";
        };
        JsonObject o = new JsonObject()
                .put("short_description", TeamsChannel.abbreviate(n.title(), 160))
                .put("description", EmailChannel.plain(n))
                .put("urgency", level).put("impact", level)
                .put("category", "software")
                .put("correlation_id", correlationId)
                .put("correlation_display", "cpimon");
        if (config.assignmentGroup() != null) {
            o.put("assignment_group", config.assignmentGroup());
        }
        return o;
    }

    private Delivery sendEvents(GroupNotice n) throws StepFailed {
        JsonArray records = new JsonArray();
        for (AlertNotice a : n.alerts()) {
            String severity = !a.firing() ? "0" : switch (a.labels().getOrDefault("severity", "warning")) {
                case "critical" -> "1";
                case "warning" -> "4";
                default -> "5";
            };
            JsonObject info = new JsonObject();
            new TreeMap<>(a.labels()).forEach(info::put);
            String tenant = a.labels().getOrDefault("tenant", "");
            records.add(new JsonObject()
                    .put("source", "cpimon")
                    .put("event_class", "CPI " + tenant)
                    .put("node", tenant)
                    .put("resource", a.labels().getOrDefault("iflow", tenant))
                    .put("metric_name", a.rule())
                    .put("type", a.rule())
                    .put("severity", severity)
                    .put("message_key", "cpimon:" + a.fingerprint())
                    .put("description", GroupNotice.summary(a))
                    .put("time_of_event", GLIDE.format(n.sentAt()))
                    .put("additional_info", info.encode())
                    .put("resolution_state", a.firing() ? "New" : "Closing"));
        }
        call(HttpMethod.POST, base + "/api/global/em/jsonv2", new JsonObject().put("records", records), "send events");
        return new Delivery.Delivered(null);
    }

    private JsonObject call(HttpMethod method, String url, JsonObject body, String step) throws StepFailed {
        String peer = "ServiceNow of channel " + name + " (" + step + ")";
        HttpResponse<Buffer> response;
        try {
            HttpRequest<Buffer> request = client.requestAbs(method, url)
                    .putHeader("Authorization", authorization)
                    .putHeader("Accept", "application/json")
                    .timeout(timeout.toMillis());
            response = body == null ? request.send().await()
                    : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())).await();
        } catch (Exception e) {
            throw new StepFailed(new Delivery.Retry(peer + " unreachable: " + TeamsChannel.rootMessage(e), null));
        }
        Delivery outcome = HttpOutcomes.classify(peer, response);
        if (!(outcome instanceof Delivery.Delivered)) {
            throw new StepFailed(withDetail(outcome, response));
        }
        try {
            String text = response.bodyAsString();
            return text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (RuntimeException e) {
            throw new StepFailed(new Delivery.Retry(peer + " answered HTTP " + response.statusCode() + " without JSON", null));
        }
    }

    /** Adds ServiceNow's error message (never a secret: it is the instance's text) to a failure. */
    private static Delivery withDetail(Delivery d, HttpResponse<Buffer> response) {
        String detail;
        try {
            JsonObject error = new JsonObject(response.bodyAsString()).getJsonObject("error");
            detail = error == null ? null : error.getString("message") + ": " + error.getString("detail");
        } catch (RuntimeException e) {
            detail = null;
        }
        if (detail == null) {
            return d;
        }
        detail = TeamsChannel.abbreviate(detail.replaceAll("\\s+", " "), 300);
        return switch (d) {
            case Delivery.Retry r -> new Delivery.Retry(r.reason() + ": " + detail, r.retryAfter());
            case Delivery.Failed f -> new Delivery.Failed(f.reason() + ": " + detail);
            case Delivery.Delivered x -> x;
        };
    }
}
