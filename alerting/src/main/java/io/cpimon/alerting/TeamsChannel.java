package io.cpimon.alerting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): a
 * {@code message} with one Adaptive Card 1.4 attachment (CHANNELS.md §1.3). Any 2xx is delivered
 * (Workflows answers 202 with an empty body); 429, 408 and 5xx are worth a retry; other 4xx are not.
 * The webhook URL carries a signature and is never shown.
 */
public final class TeamsChannel implements Channel {
    static final int MAX_TEXT = 2_000;

    private final String name;
    private final String url;
    private final WebClient client;
    private final Duration timeout;

    public TeamsChannel(io.cpimon.config.CpimonConfig.TeamsChannel config, WebClient client, Duration timeout) {
        this.name = config.name();
        this.url = config.url().reveal();
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery send(AlertNotice notice) {
        HttpResponse<Buffer> response;
        try {
            response = client.postAbs(url)
                    .putHeader("Content-Type", "application/json")
                    .timeout(timeout.toMillis())
                    .sendBuffer(Buffer.buffer(envelope(notice).encode()))
                    .await();
        } catch (Exception e) {
            return new Delivery.Retry("Teams webhook of channel " + name + " unreachable: " + rootMessage(e), null);
        }
        return HttpOutcomes.classify("Teams webhook of channel " + name, response);
    }

    /** The Workflows envelope: {@code {"type":"message","attachments":[{contentType, content: AdaptiveCard}]}}. */
    static JsonObject envelope(AlertNotice n) {
        boolean firing = n.firing();
        String summary = n.annotations().getOrDefault("summary", n.rule() + " " + n.labels().getOrDefault("tenant", ""));
        JsonArray body = new JsonArray()
                .add(new JsonObject().put("type", "TextBlock")
                        .put("text", (firing ? "[FIRING] " : "[RESOLVED] ") + summary)
                        .put("weight", "Bolder").put("size", "Medium").put("style", "heading").put("wrap", true)
                        .put("color", firing ? "Attention" : "Good"));
        JsonArray facts = new JsonArray();
        for (Map.Entry<String, String> label : new java.util.TreeMap<>(n.labels()).entrySet()) {
            facts.add(new JsonObject().put("title", label.getKey()).put("value", label.getValue()));
        }
        facts.add(new JsonObject().put("title", "since").put("value", n.startsAt()));
        if (n.endsAt() != null) {
            facts.add(new JsonObject().put("title", "resolved").put("value", n.endsAt()));
        }
        body.add(new JsonObject().put("type", "FactSet").put("facts", facts));
        String description = n.annotations().get("description");
        if (description != null) {
            body.add(new JsonObject().put("type", "TextBlock").put("wrap", true).put("text", abbreviate(description)));
        }
        JsonArray actions = new JsonArray();
        if (n.dashboardUrl() != null) {
            actions.add(new JsonObject().put("type", "Action.OpenUrl").put("title", "Open in cpimon").put("url", n.dashboardUrl()));
        }
        String cpiLink = n.annotations().get("alternateWebLink");
        if (cpiLink != null) {
            actions.add(new JsonObject().put("type", "Action.OpenUrl").put("title", "Open in CPI").put("url", cpiLink));
        }
        JsonObject card = new JsonObject()
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4")
                .put("msteams", new JsonObject().put("width", "Full"))
                .put("body", body);
        if (!actions.isEmpty()) {
            card.put("actions", actions);
        }
        return new JsonObject()
                .put("type", "message")
                .put("attachments", new JsonArray().add(new JsonObject()
                        .put("contentType", "application/vnd.microsoft.card.adaptive")
                        .putNull("contentUrl")
                        .put("content", card)));
    }

    private static String abbreviate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root instanceof java.net.ConnectException ? "connection refused" : root.getClass().getSimpleName();
    }
}
