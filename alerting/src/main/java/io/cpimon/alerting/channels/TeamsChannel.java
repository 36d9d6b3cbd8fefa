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
import java.util.function.IntFunction;

/**
 * Microsoft Teams. Default: a Workflows webhook ("When a Teams webhook request is received") with a
 * {@code message} carrying one Adaptive Card 1.4 (docs/channels.md §1.3): any 2xx is delivered (Workflows
 * answers 202 with an empty body). Option {@code format: messagecard}: a legacy Office 365 connector
 * MessageCard (§1.2): 200 with body {@code 1} is delivered, a throttle reported inside a 200 body
 * ({@code HTTP error 429}) is a retry. A user's template renders the Adaptive Card's text block, or the MessageCard's
 * {@code text} in place of its per-alert sections. Cards stay under {@link #MAX_BYTES} with "+N more". The webhook
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
    private final MessageTemplate template;

    public TeamsChannel(TeamsChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), TeamsChannelConfig.TYPE, client, timeout);
        this.url = config.url().reveal();
        this.format = config.format() == null ? TeamsFormat.ADAPTIVE : config.format();
        this.template = MessageTemplate.of(config.name(), config.template(), MessageTemplate.Flavour.MARKDOWN);
    }

    @Override
    public Delivery send(GroupNotice notice) {
        String[] problem = {null};
        IntFunction<String> text = limit -> {
            MessageTemplate.Rendered r = template.render(notice, limit);
            problem[0] = r.problem();
            return r.text();
        };
        JsonObject body;
        if (format == TeamsFormat.MESSAGECARD) {
            body = template.isCustom() ? messageCard(notice, text.apply(MAX_ALERTS_SHOWN)) : messageCard(notice);
        } else {
            body = envelope(notice, text);
        }
        String peer = "Teams webhook of channel " + name;
        Delivery d = HttpOutcomes.postJson(client, url, null, timeout, body.encode(), peer,
                response -> outcome(peer, response));
        return SlackChannel.withNote(d, problem[0]);
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

    /** The Workflows envelope with the default template's text. */
    static JsonObject envelope(GroupNotice n) {
        MessageTemplate defaults = MessageTemplate.of(n.channel(), null, MessageTemplate.Flavour.MARKDOWN);
        return envelope(n, limit -> defaults.render(n, limit).text());
    }

    /**
     * The Workflows envelope: {@code {"type":"message","attachments":[{contentType, content: AdaptiveCard}]}}, its
     * text rendered by {@code text} (listing at most the given number of alerts), halved until it fits
     * {@link #MAX_BYTES} and then cut.
     */
    static JsonObject envelope(GroupNotice n, IntFunction<String> text) {
        List<AlertNotice> shown = n.isFiring() ? n.firing() : n.resolved();
        int limit = Math.min(shown.size(), MAX_ALERTS_SHOWN);
        while (true) {
            String body = text.apply(limit);
            JsonObject e = envelope(n, shown, body);
            int bytes = e.encode().getBytes(StandardCharsets.UTF_8).length;
            if (bytes <= MAX_BYTES) {
                return e;
            }
            if (limit <= 1) {
                return envelope(n, shown, MessageTemplate.cut(body, Math.max(0, body.length() - (bytes - MAX_BYTES) - 500)));
            }
            limit = limit / 2;
        }
    }

    private static JsonObject envelope(GroupNotice n, List<AlertNotice> shown, String text) {
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
        if (!text.isBlank()) {
            body.add(text(text));
        }
        JsonArray actions = new JsonArray();
        String dashboard = n.dashboardUrl();
        if (dashboard != null) {
            actions.add(new JsonObject().put("type", "Action.OpenUrl").put("title", "Open in cpimon").put("url", dashboard));
        }
        NoticeLinks links = NoticeLinks.of(n);
        if (links.hasAlertActions() && firing) {
            actions.add(new JsonObject().put("type", "Action.OpenUrl").put("title", "Acknowledge").put("url", links.ack()));
            actions.add(new JsonObject().put("type", "Action.OpenUrl").put("title", "Silence").put("url", links.silence()));
        }
        if (!links.cpi().isEmpty()) {
            actions.add(new JsonObject().put("type", "Action.OpenUrl").put("title", "Open in CPI").put("url", links.cpi()));
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

    /**
     * The legacy connector's MessageCard with the user's template: the facts section, then the rendered Markdown as
     * the card's {@code text}, cut until the card fits {@link #MAX_BYTES} (docs/channels.md §11.2).
     */
    static JsonObject messageCard(GroupNotice n, String text) {
        String body = text;
        while (true) {
            JsonObject card = messageCard(n);
            JsonArray sections = card.getJsonArray("sections");
            card.put("sections", new JsonArray().add(sections.getJsonObject(0)));
            if (!body.isBlank()) {
                card.put("text", body);
            }
            int bytes = card.encode().getBytes(StandardCharsets.UTF_8).length;
            if (bytes <= MAX_BYTES || body.length() <= MessageTemplate.CUT_MARK.length()) {
                return card;
            }
            body = MessageTemplate.cut(body, Math.max(0, body.length() - (bytes - MAX_BYTES) - 500));
        }
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
        JsonArray potential = new JsonArray();
        NoticeLinks links = NoticeLinks.of(n);
        if (n.dashboardUrl() != null) {
            potential.add(openUri("Open in cpimon", n.dashboardUrl()));
        }
        if (links.hasAlertActions() && n.isFiring()) {
            potential.add(openUri("Acknowledge", links.ack())).add(openUri("Silence", links.silence()));
        }
        if (!potential.isEmpty()) {
            card.put("potentialAction", potential);
        }
        return card;
    }

    private static JsonObject openUri(String name, String uri) {
        return new JsonObject().put("@type", "OpenUri").put("name", name)
                .put("targets", new JsonArray().add(new JsonObject().put("os", "default").put("uri", uri)));
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
