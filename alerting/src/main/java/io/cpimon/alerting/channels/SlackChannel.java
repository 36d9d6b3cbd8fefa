package io.cpimon.alerting.channels;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Slack (docs/channels.md §8): Block Kit messages, by an incoming webhook or by the Web API's
 * {@code chat.postMessage} with a bot token. The message: a plain {@code text} fallback, a header block with the
 * title, and an attachment coloured by severity holding the rendered text (sections of at most 3,000 characters,
 * at most 50 blocks in all) and link buttons (cpimon, acknowledge, silence, CPI). With a token, the first message of
 * an episode is remembered in the notification log as {@code <channel id>/<ts>} and every later one, the
 * resolution included, replies in its thread. 429 with {@code Retry-After} and Slack's transient errors retry; the
 * rest ({@code invalid_payload}, {@code channel_not_found}, {@code no_service}, …) fail. The webhook URL and the
 * token are never shown.
 */
public final class SlackChannel extends HttpChannel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<SlackChannelConfig> DEFINITION = new ChannelKind<>(
            SlackChannelConfig.TYPE, SlackChannelConfig.class, SlackChannelConfig::bind,
            (c, context) -> new SlackChannel(c, context.client(), context.timeout()));

    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_TEXT = 3_000;
    static final int MAX_HEADER = 150;
    static final int MAX_BUTTON_TEXT = 75;
    /** Web API errors worth another attempt (docs/channels.md §8.3); every other error fails. */
    static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error", "service_unavailable",
            "request_timeout");

    private final String url;
    private final String authorization;
    private final String slackChannel;
    private final String postMessageUrl;
    private final MessageTemplate template;

    public SlackChannel(SlackChannelConfig config, WebClient client, Duration timeout) {
        super(config.name(), SlackChannelConfig.TYPE, client, timeout);
        this.url = config.url() == null ? null : config.url().reveal();
        this.authorization = config.token() == null ? null : "Bearer " + config.token().reveal();
        this.slackChannel = config.slackChannel();
        this.postMessageUrl = HttpOutcomes.withoutTrailingSlash(config.apiUrl().toString()) + "/chat.postMessage";
        this.template = MessageTemplate.of(config.name(), config.template(), MessageTemplate.Flavour.SLACK);
    }

    @Override
    public Delivery send(GroupNotice notice) {
        MessageTemplate.Rendered text = template.render(notice);
        JsonObject message = message(notice, text.text());
        if (url != null) {
            String peer = "Slack webhook of channel " + name;
            Delivery d = HttpOutcomes.postJson(client, url, null, timeout, message.encode(), peer,
                    response -> webhookOutcome(peer, response));
            return withNote(d, text.problem());
        }
        String threadTs = threadTs(notice.previousRef());
        message.put("channel", slackChannel);
        if (threadTs != null) {
            message.put("thread_ts", threadTs);
            message.put("reply_broadcast", !notice.isFiring());
        }
        String peer = "Slack chat.postMessage of channel " + name;
        Delivery d = HttpOutcomes.postJson(client, postMessageUrl, authorization, timeout, message.encode(), peer,
                response -> webApiOutcome(peer, response, threadTs == null ? null : notice.previousRef()));
        return withNote(d, text.problem());
    }

    static Delivery withNote(Delivery d, String note) {
        return note != null && d instanceof Delivery.Delivered x ? new Delivery.Delivered(x.externalRef(), note) : d;
    }

    /** The thread of a reference {@code <channel id>/<ts>}, or null. */
    static String threadTs(String ref) {
        if (ref == null) {
            return null;
        }
        int slash = ref.indexOf('/');
        return slash > 0 && slash < ref.length() - 1 ? ref.substring(slash + 1) : null;
    }

    /** Incoming webhooks: 200 {@code ok}; errors are HTTP statuses with a word in the body (§8.2). */
    private static Delivery webhookOutcome(String peer, HttpResponse<Buffer> response) {
        Delivery d = HttpOutcomes.classify(peer, response);
        return withError(d, errorWord(response.bodyAsString()));
    }

    /** Web API: HTTP 200 with {@code ok}; {@code ok:false} names the error; 429 carries Retry-After (§8.3). */
    private static Delivery webApiOutcome(String peer, HttpResponse<Buffer> response, String parentRef) {
        if (response.statusCode() != 200) {
            return withError(HttpOutcomes.classify(peer, response), errorWord(response.bodyAsString()));
        }
        JsonObject body;
        try {
            body = new JsonObject(response.bodyAsString() == null ? "" : response.bodyAsString());
        } catch (DecodeException | ClassCastException e) {
            return new Delivery.Retry(peer + " answered 200 without a JSON body", null);
        }
        if (body.getBoolean("ok", false)) {
            String ref = parentRef != null ? parentRef : body.getString("channel", "") + "/" + body.getString("ts", "");
            return new Delivery.Delivered(ref);
        }
        String error = errorWord(body.getString("error", "unknown_error"));
        String reason = peer + " answered error " + error;
        if (TRANSIENT.contains(error)) {
            return new Delivery.Retry(reason, HttpOutcomes.retryAfter(response.getHeader("Retry-After")));
        }
        return new Delivery.Failed(reason);
    }

    private static Delivery withError(Delivery d, String error) {
        if (error == null) {
            return d;
        }
        return switch (d) {
            case Delivery.Retry r -> new Delivery.Retry(r.reason() + " " + error, r.retryAfter());
            case Delivery.Failed f -> new Delivery.Failed(f.reason() + " " + error);
            case Delivery.Delivered x -> x;
        };
    }

    /** Slack's error words are lower-case identifiers; anything else is not repeated in a reason. */
    static String errorWord(String body) {
        if (body == null) {
            return null;
        }
        String t = body.strip();
        return t.matches("[a-z_]{2,60}") && !t.equals("ok") ? t : null;
    }

    /** The message: fallback text, header, and a coloured attachment with the text and the buttons. */
    static JsonObject message(GroupNotice n, String text) {
        String title = n.title();
        JsonArray blocks = new JsonArray().add(new JsonObject().put("type", "header")
                .put("text", plain(TeamsChannel.abbreviate(title, MAX_HEADER - 1))));
        JsonArray buttons = buttons(n);
        int room = MAX_BLOCKS - blocks.size() - (buttons.isEmpty() ? 0 : 1);
        JsonArray inner = new JsonArray();
        List<String> parts = split(text.isBlank() ? escape(title) : text, MAX_SECTION_TEXT);
        for (int i = 0; i < parts.size() && i < room; i++) {
            String part = parts.get(i);
            if (i == room - 1 && parts.size() > room) {
                part = TeamsChannel.abbreviate(part, MAX_SECTION_TEXT - 20) + " (truncated)";
            }
            inner.add(new JsonObject().put("type", "section")
                    .put("text", new JsonObject().put("type", "mrkdwn").put("text", part)));
        }
        if (!buttons.isEmpty()) {
            inner.add(new JsonObject().put("type", "actions").put("elements", buttons));
        }
        return new JsonObject()
                .put("text", escape(title))
                .put("blocks", blocks)
                .put("attachments", new JsonArray().add(new JsonObject()
                        .put("color", colour(n))
                        .put("fallback", escape(title))
                        .put("blocks", inner)));
    }

    private static JsonArray buttons(GroupNotice n) {
        NoticeLinks links = NoticeLinks.of(n);
        JsonArray b = new JsonArray();
        if (!links.dashboard().isEmpty()) {
            b.add(button("open", "Open in cpimon", links.dashboard()).put("style", "primary"));
        }
        if (links.hasAlertActions() && n.isFiring()) {
            b.add(button("ack", "Acknowledge", links.ack()));
            b.add(button("silence", "Silence", links.silence()));
        }
        if (!links.cpi().isEmpty()) {
            b.add(button("cpi", "Open in CPI", links.cpi()));
        }
        return b;
    }

    private static JsonObject button(String id, String text, String url) {
        return new JsonObject().put("type", "button").put("action_id", id)
                .put("text", plain(TeamsChannel.abbreviate(text, MAX_BUTTON_TEXT))).put("url", url);
    }

    private static JsonObject plain(String text) {
        return new JsonObject().put("type", "plain_text").put("text", text).put("emoji", true);
    }

    /** Red for critical, amber for warning, blue otherwise, green when resolved. */
    static String colour(GroupNotice n) {
        if (!n.isFiring()) {
            return "#2EB67D";
        }
        String severity = n.firing().stream().map(a -> a.labels().getOrDefault("severity", ""))
                .reduce("", (a, b) -> rank(a) >= rank(b) ? a : b);
        return switch (severity) {
            case "critical" -> "#E01E5A";
            case "warning" -> "#ECB22E";
            default -> "#36C5F0";
        };
    }

    private static int rank(String severity) {
        return switch (severity) {
            case "critical" -> 3;
            case "warning" -> 2;
            case "info" -> 1;
            default -> 0;
        };
    }

    /** Slack's three control characters in text (§8.1). */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Pieces of at most {@code max} characters, cut at line ends where possible. */
    static List<String> split(String text, int max) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > max) {
            int cut = rest.lastIndexOf('\n', max);
            if (cut <= 0) {
                cut = max;
            }
            out.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }
}
