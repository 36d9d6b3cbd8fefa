package io.cpimon.alerting.channels;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Google Chat (docs/channels.md §9): one cards v2 message per notification to a space's incoming webhook, with the
 * title in the card header, the rendered text in a text paragraph and link buttons (cpimon, acknowledge, silence,
 * CPI), at most 32,000 bytes. Every message of an alert episode carries the same {@code thread.threadKey} and is
 * sent with {@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD}, so the resolution follows the firing
 * message in one thread. 200 delivered (the message's resource name is the reference); 429 and 5xx retry with
 * {@code Retry-After}; other statuses fail. The URL carries a key and a token and is never shown.
 */
public final class GoogleChatChannel extends HttpChannel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<GoogleChatChannelConfig> DEFINITION = new ChannelKind<>(
            GoogleChatChannelConfig.TYPE, GoogleChatChannelConfig.class, GoogleChatChannelConfig::bind,
            (c, context) -> new GoogleChatChannel(c, context.client(), context.timeout()));

    static final int MAX_BYTES = 32_000;
    static final String REPLY_OPTION = "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";

    private final String url;
    private final MessageTemplate template;

    public GoogleChatChannel(GoogleChatChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), GoogleChatChannelConfig.TYPE, client, timeout);
        String u = config.url().reveal();
        this.url = u + (u.contains("?") ? "&" : "?") + REPLY_OPTION;
        this.template = MessageTemplate.of(config.name(), config.template(), MessageTemplate.Flavour.GOOGLE_CHAT);
    }

    @Override
    public Delivery send(GroupNotice notice) {
        MessageTemplate.Rendered text = template.render(notice);
        String peer = "Google Chat webhook of channel " + name;
        Delivery d = HttpOutcomes.postJson(client, url, null, timeout, message(notice, text.text()).encode(), peer,
                response -> outcome(peer, response));
        return SlackChannel.withNote(d, text.problem());
    }

    private static Delivery outcome(String peer, HttpResponse<Buffer> response) {
        String body = response.bodyAsString();
        JsonObject json = null;
        try {
            json = body == null || body.isBlank() ? null : new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            json = null;
        }
        if (response.statusCode() == 200) {
            return new Delivery.Delivered(json == null ? null : json.getString("name"));
        }
        Delivery d = HttpOutcomes.classify(peer, response);
        String status = json != null && json.getValue("error") instanceof JsonObject e && e.getValue("status") instanceof String s
                && s.matches("[A-Z_]{2,40}") ? s : null;
        if (status == null) {
            return d;
        }
        return switch (d) {
            case Delivery.Retry r -> new Delivery.Retry(r.reason() + " " + status, r.retryAfter());
            case Delivery.Failed f -> new Delivery.Failed(f.reason() + " " + status);
            case Delivery.Delivered x -> x;
        };
    }

    /** The thread of an episode: the group and the episode's start, the same for every message of the episode. */
    static String threadKey(GroupNotice n) {
        return "cpimon-" + n.groupHash() + "-" + n.episodeStart().getEpochSecond();
    }

    /** The cards v2 message, shortened until it fits {@link #MAX_BYTES}. */
    static JsonObject message(GroupNotice n, String text) {
        String body = text;
        while (true) {
            JsonObject m = message(n, body, true);
            int bytes = m.encode().getBytes(StandardCharsets.UTF_8).length;
            if (bytes <= MAX_BYTES || body.length() <= MessageTemplate.CUT_MARK.length()) {
                return m;
            }
            body = MessageTemplate.cut(body, Math.max(0, body.length() - (bytes - MAX_BYTES) - 200));
        }
    }

    private static JsonObject message(GroupNotice n, String text, boolean withButtons) {
        JsonArray sections = new JsonArray();
        String shown = text.isBlank() ? escape(n.title()) : text;
        sections.add(new JsonObject().put("widgets", new JsonArray().add(new JsonObject()
                .put("textParagraph", new JsonObject().put("text", shown.replace("\n", "<br>"))))));
        JsonArray buttons = withButtons ? buttons(n) : new JsonArray();
        if (!buttons.isEmpty()) {
            sections.add(new JsonObject().put("widgets", new JsonArray().add(new JsonObject()
                    .put("buttonList", new JsonObject().put("buttons", buttons)))));
        }
        JsonObject card = new JsonObject()
                .put("header", new JsonObject().put("title", TeamsChannel.abbreviate(n.title(), 200))
                        .put("subtitle", n.reason() + " · since " + n.episodeStart()))
                .put("sections", sections);
        return new JsonObject()
                .put("fallbackText", TeamsChannel.abbreviate(n.title(), 200))
                .put("cardsV2", new JsonArray().add(new JsonObject().put("cardId", "cpimon-" + n.groupHash())
                        .put("card", card)))
                .put("thread", new JsonObject().put("threadKey", threadKey(n)));
    }

    private static JsonArray buttons(GroupNotice n) {
        NoticeLinks links = NoticeLinks.of(n);
        JsonArray b = new JsonArray();
        if (!links.dashboard().isEmpty()) {
            b.add(button("Open in cpimon", links.dashboard()));
        }
        if (links.hasAlertActions() && n.isFiring()) {
            b.add(button("Acknowledge", links.ack()));
            b.add(button("Silence", links.silence()));
        }
        if (!links.cpi().isEmpty()) {
            b.add(button("Open in CPI", links.cpi()));
        }
        return b;
    }

    private static JsonObject button(String text, String url) {
        return new JsonObject().put("text", text)
                .put("onClick", new JsonObject().put("openLink", new JsonObject().put("url", url)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
