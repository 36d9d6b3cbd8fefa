package io.cpimon.alerting.channels;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * Microsoft Teams. Default: a Workflows webhook ("When a Teams webhook request is received") with a
 * {@code message} carrying one Adaptive Card 1.4 (docs/channels.md §1.3): any 2xx is delivered (Workflows
 * answers 202 with an empty body). Option {@code format: messagecard}: a legacy Office 365 connector
 * MessageCard (§1.2): 200 with body {@code 1} is delivered, a throttle reported inside a 200 body
 * ({@code HTTP error 429}) is a retry. Cards stay under {@link #MAX_BYTES} with "+N more". The webhook
 * URL carries a signature and is never shown.
 */
public final class TeamsChannel extends HttpChannel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<TeamsChannelConfig> DEFINITION = new ChannelKind<>(
            TeamsChannelConfig.TYPE, TeamsChannelConfig.class, TeamsChannelConfig::bind,
            (c, context) -> new TeamsChannel(c, context.client(), context.timeout()));

    static final int MAX_TEXT = 2_000;
    /** Teams rejects 28 KB; practice says stay well below it. */
    static final int MAX_BYTES = 24 * 1024;
    static final int MAX_ALERTS_SHOWN = 20;

    private final String url;
    private final TeamsFormat format;

    public TeamsChannel(TeamsChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), TeamsChannelConfig.TYPE, client, timeout);
        this.url = config.url().reveal();
        this.format = config.format() == null ? TeamsFormat.ADAPTIVE : config.format();
    }

    @Override
    public Delivery send(GroupNotice notice) {
        JsonObject body = format == TeamsFormat.MESSAGECARD ? messageCard(notice) : envelope(notice);
        String peer = "Teams webhook of channel " + name;
        return HttpOutcomes.postJson(client, url, null, timeout, body.encode(), peer, response -> outcome(peer, response));
    }

    /** Workflows: any 2xx. Legacy connector: 200 with body {@code 1}; a 429 can hide inside a 200 body (docs/channels.md §1.2). */
    private Delivery outcome(String peer, HttpResponse<Buffer> response) {
        if (format == TeamsFormat.MESSAGECARD && response.statusCode() / 100 == 2) {
            String text = response.bodyAsString() == null ? "" : response.bodyAsString().trim();
            if (text.contains("429")) {
                return new Delivery.Retry(peer + " throttled (HTTP error 429 in a 200 body)", null);
            }
            if (!text.equals("1")) {
                return new Delivery.Failed(peer + " answered " + response.statusCode() + " without '1': "
                        + abbreviate(text, 200));
            }
            return new Delivery.Delivered(null);
        }
        return HttpOutcomes.classify(peer, response);
    }

    /** The Workflows envelope: {@code {"type":"message","attachments":[{contentType, content: AdaptiveCard}]}}. */
    static JsonObject envelope(GroupNotice n) {
        List<AlertNotice> shown = n.isFiring() ? n.firing() : n.resolved();
        int limit = Math.min(shown.size(), MAX_ALERTS_SHOWN);
        while (true) {
            JsonObject e = envelope(n, shown, limit);
            if (e.encode().getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES || limit == 0) {
                return e;
            }
            limit = limit / 2;
        }
    }

    private static JsonObject envelope(GroupNotice n, List<AlertNotice> shown, int limit) {
        boolean firing = n.isFiring();
        JsonArray body = new JsonArray()
                .add(new JsonObject().put("type", "TextBlock")
                        .put("text", n.title())
                        .put("weight", "Bolder").put("size", "Medium").put("style", "heading").put("wrap", true)
                        .put("color", firing ? "Attention" : "Good"));
        JsonArray facts = new JsonArray();
        for (Map.Entry<String, String> label : new TreeMap<>(n.commonLabels()).entrySet()) {
            facts.add(fact(label.getKey(), label.getValue()));
        }
        facts.add(fact("since", n.episodeStart().toString()));
        if (!firing && !shown.isEmpty() && shown.get(0).endedAt() != null) {
            facts.add(fact("resolved", shown.get(shown.size() - 1).endedAt().toString()));
        }
        if (n.isFiring() && !n.resolved().isEmpty()) {
            facts.add(fact("resolved since last", Integer.toString(n.resolved().size())));
        }
        facts.add(fact("reason", n.reason()));
        body.add(new JsonObject().put("type", "FactSet").put("facts", facts));
        if (shown.size() == 1) {
            String description = shown.get(0).annotations().get("description");
            if (description != null) {
                body.add(text(abbreviate(description, MAX_TEXT)));
            }
            String error = shown.get(0).annotations().get("errorText");
            if (error != null && (description == null || !description.contains(error))) {
                body.add(text("Last error: " + abbreviate(error, MAX_TEXT)));
            }
        } else {
            for (AlertNotice a : shown.subList(0, limit)) {
                StringBuilder line = new StringBuilder("- ").append(GroupNotice.summary(a));
                Map<String, String> distinct = n.distinctLabels(a);
                if (!distinct.isEmpty()) {
                    line.append(" (").append(distinct).append(')');
                }
                String description = a.annotations().get("description");
                if (description != null) {
                    line.append(": ").append(abbreviate(description, 300));
                }
                body.add(text(line.toString()));
            }
            if (shown.size() > limit) {
                body.add(text("+" + (shown.size() - limit) + " more"));
            }
        }
        JsonArray actions = new JsonArray();
        String dashboard = n.dashboardUrl();
        if (dashboard != null) {
            actions.add(new JsonObject().put("type", "Action.OpenUrl").put("title", "Open in cpimon").put("url", dashboard));
        }
        String cpiLink = shown.isEmpty() ? null : shown.get(0).annotations().get("alternateWebLink");
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

    /** The legacy connector's MessageCard (docs/channels.md §1.2): summary and title required, ≤ 10 sections. */
    static JsonObject messageCard(GroupNotice n) {
        List<AlertNotice> shown = n.isFiring() ? n.firing() : n.resolved();
        JsonArray sections = new JsonArray();
        JsonArray facts = new JsonArray();
        new TreeMap<>(n.commonLabels()).forEach((k, v) -> facts.add(new JsonObject().put("name", k).put("value", v)));
        facts.add(new JsonObject().put("name", "since").put("value", n.episodeStart().toString()));
        sections.add(new JsonObject().put("activityTitle", n.reason()).put("facts", facts).put("markdown", true));
        int limit = Math.min(shown.size(), 9);
        for (AlertNotice a : shown.subList(0, limit)) {
            JsonObject s = new JsonObject().put("activityTitle", GroupNotice.summary(a)).put("markdown", true);
            String description = a.annotations().get("description");
            if (description != null) {
                s.put("text", abbreviate(description, 1_000));
            }
            sections.add(s);
        }
        if (shown.size() > limit) {
            sections.getJsonObject(sections.size() - 1).put("text", "+" + (shown.size() - limit) + " more");
        }
        JsonObject card = new JsonObject().put("@type", "MessageCard").put("@context", "http://schema.org/extensions")
                .put("themeColor", n.isFiring() ? "8C1A1A" : "2DC72D")
                .put("summary", n.title()).put("title", n.title()).put("sections", sections);
        if (n.dashboardUrl() != null) {
            card.put("potentialAction", new JsonArray().add(new JsonObject().put("@type", "OpenUri").put("name", "Open in cpimon")
                    .put("targets", new JsonArray().add(new JsonObject().put("os", "default").put("uri", n.dashboardUrl())))));
        }
        return card;
    }

    private static JsonObject fact(String title, String value) {
        return new JsonObject().put("title", title).put("value", value);
    }

    private static JsonObject text(String text) {
        return new JsonObject().put("type", "TextBlock").put("wrap", true).put("text", text);
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof TimeoutException || root.getClass().getSimpleName().contains("Timeout")) {
            return "timed out";
        }
        return root.getClass().getSimpleName();
    }
}
