package io.cpimon.alerting.channels;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * Mattermost and Rocket.Chat (docs/channels.md §10): a Slack-compatible incoming webhook with one attachment
 * coloured by severity (title linking to cpimon, the rendered Markdown text with the acknowledge, silence and CPI
 * links), kept within Mattermost's 16,383 characters. 2xx delivered; 429 and 5xx retry; other statuses fail with
 * Mattermost's error id or Rocket.Chat's error (§10.1). The URL is the credential and is never shown.
 */
public final class MattermostChannel extends HttpChannel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<MattermostChannelConfig> DEFINITION = new ChannelKind<>(
            MattermostChannelConfig.TYPE, MattermostChannelConfig.class, MattermostChannelConfig::bind,
            (c, context) -> new MattermostChannel(c, context.client(), context.timeout()));

    static final int MAX_POST = 16_383;

    private final String url;
    private final String postChannel;
    private final String username;
    private final MessageTemplate template;

    public MattermostChannel(MattermostChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), MattermostChannelConfig.TYPE, client, timeout);
        this.url = config.url().reveal();
        this.postChannel = config.postChannel();
        this.username = config.username();
        this.template = MessageTemplate.of(config.name(), config.template(), MessageTemplate.Flavour.MARKDOWN);
    }

    @Override
    public Delivery send(GroupNotice notice) {
        MessageTemplate.Rendered text = template.render(notice);
        JsonObject message = message(notice, text.text());
        if (postChannel != null) {
            message.put("channel", postChannel);
        }
        if (username != null) {
            message.put("username", username);
        }
        String peer = "Mattermost webhook of channel " + name;
        Delivery d = HttpOutcomes.postJson(client, url, null, timeout, message.encode(), peer,
                response -> outcome(peer, response));
        return SlackChannel.withNote(d, text.problem());
    }

    private static Delivery outcome(String peer, HttpResponse<Buffer> response) {
        Delivery d = HttpOutcomes.classify(peer, response);
        if (d instanceof Delivery.Delivered) {
            return d;
        }
        String word = errorWord(response.bodyAsString());
        if (word == null) {
            return d;
        }
        String suffix = " " + word;
        return switch (d) {
            case Delivery.Retry r -> new Delivery.Retry(r.reason() + suffix, r.retryAfter());
            case Delivery.Failed f -> new Delivery.Failed(f.reason() + suffix);
            case Delivery.Delivered x -> x;
        };
    }

    /**
     * What the server said was wrong, or null: Mattermost's error {@code id}, or Rocket.Chat's {@code error} sentence
     * (§10.1) when it is short plain text, so that no echoed value reaches a reason.
     */
    static String errorWord(String body) {
        if (body == null || !body.startsWith("{")) {
            return null;
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
        if (json.getValue("id") instanceof String id && id.matches("[a-z0-9_.]{2,100}")) {
            return id;
        }
        if (json.getValue("error") instanceof String error && error.matches("[A-Za-z0-9 ,.:'()_-]{2,160}")) {
            return "(" + error + ")";
        }
        return null;
    }

    /** The webhook body: a fallback and one coloured attachment, the attachments within {@link #MAX_POST}. */
    static JsonObject message(GroupNotice n, String text) {
        String body = text.isBlank() ? n.title() : text;
        while (true) {
            JsonObject attachment = new JsonObject()
                    .put("fallback", TeamsChannel.abbreviate(n.title(), 300))
                    .put("color", SlackChannel.colour(n))
                    .put("title", TeamsChannel.abbreviate(n.title(), 300))
                    .put("text", body)
                    .put("footer", "cpimon · " + n.reason() + " · since " + n.episodeStart());
            if (n.dashboardUrl() != null) {
                attachment.put("title_link", n.dashboardUrl());
            }
            JsonArray attachments = new JsonArray().add(attachment);
            int length = attachments.encode().length();
            if (length <= MAX_POST || body.length() <= MessageTemplate.CUT_MARK.length()) {
                return new JsonObject().put("attachments", attachments);
            }
            body = MessageTemplate.cut(body, Math.max(0, body.length() - (length - MAX_POST) - 100));
        }
    }
}
