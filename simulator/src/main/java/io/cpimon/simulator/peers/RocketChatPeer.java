package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.tenant.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Rocket.Chat incoming webhook integration on loopback (docs/channels.md §10.1): {@code POST
 * /hooks/<integration id>/<token>} (the token is the secret) with Slack-compatible {@code text} and
 * {@code attachments}. It checks what Rocket.Chat's message validation checks: the attachments' known fields have
 * their types ({@code color}, {@code text}, {@code title} text; {@code title_link} and the other links full
 * {@code http(s)} URLs; {@code fields} of {@code title}, {@code value}, {@code short}), and a {@code channel} or
 * {@code roomId} override is refused unless the integration allows it ({@link #allowChannelOverride(boolean)}).
 * Answers 200 {@code {"success":true}}; 400 {@code {"success":false,"error":…}} for what it refuses; 401 for an
 * unknown integration or token; injected failures as Rocket.Chat's rate limiter and errors answer. An empty object
 * is accepted and posts nothing, as the server does. Thread-safe.
 */
public final class RocketChatPeer extends HttpPeer {
    static final String OVERRIDE_REFUSED = "overriding destination channel is disabled for this integration";
    /** Attachment fields that Rocket.Chat requires to be text, and those that must be full URLs. */
    static final List<String> TEXT_FIELDS = List.of("color", "text", "title", "author_name", "button_alignment");
    static final List<String> URL_FIELDS = List.of("title_link", "author_link", "author_icon", "thumb_url", "image_url",
            "message_link");

    /** A message the room shows. @param body the request it came from */
    public record Post(String text, JsonObject body) {}

    private final String integrationId;
    private final String token;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private volatile boolean allowChannelOverride;

    public RocketChatPeer(Vertx vertx, SimClock clock, int port, long seed) {
        super("rocketchat", vertx, clock, new HttpServerOptions());
        SplittableRandom r = new SplittableRandom(seed);
        this.integrationId = Ids.hex(r, 17);
        this.token = Ids.hex(r, 48);
        start(port);
    }

    /** The integration's webhook URL. */
    public String url() {
        return baseUrl() + "/hooks/" + integrationId + "/" + token;
    }

    /** The secret part of {@link #url()}. */
    public String token() {
        return token;
    }

    /** Whether a message may name another {@code channel} than the integration's (off by default, as created). */
    public void allowChannelOverride(boolean on) {
        this.allowChannelOverride = on;
    }

    /** Messages posted, in order. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The errors answered, in order. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    @Override
    protected void onClear() {
        posts.clear();
        rejected.clear();
        allowChannelOverride = false;
    }

    @Override
    protected PeerResponse failure(int status) {
        if (status == 429) {
            return PeerResponse.of(429, "application/json", new JsonObject().put("success", false)
                    .put("error", "Error, too many requests. Please slow down. You must wait 60 seconds before trying this"
                            + " endpoint again.").put("type", "error-too-many-requests").encode());
        }
        return error(status, status == 503 ? "Service Unavailable" : "Simulated failure");
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (!req.path().equals("/hooks/" + integrationId + "/" + token)) {
            rejected.add("unauthorized");
            return PeerResponse.of(401, "application/json", new JsonObject().put("status", "error")
                    .put("message", "You must be logged in to do this.").encode());
        }
        if (!"POST".equals(req.method())) {
            return error(405, "Method not allowed");
        }
        JsonObject body;
        try {
            body = req.body().length == 0 ? new JsonObject() : new JsonObject(req.bodyAsString());
        } catch (DecodeException | ClassCastException e) {
            return reject("Unexpected token in JSON");
        }
        if (body.isEmpty()) {
            return success();
        }
        if ((body.getValue("channel") != null || body.getValue("roomId") != null) && !allowChannelOverride) {
            return reject(OVERRIDE_REFUSED);
        }
        String problem = messageProblem(body);
        if (problem != null) {
            return reject(problem);
        }
        posts.add(new Post(body.getValue("text") instanceof String s ? s.strip() : "", body));
        return success();
    }

    /** Rocket.Chat's message validation: the text and the known attachment fields have their types. */
    static String messageProblem(JsonObject body) {
        Object text = body.getValue("text");
        if (text != null && !(text instanceof String)) {
            return "Match error: Expected string, got " + typeOf(text) + " in field msg";
        }
        if (!(body.getValue("attachments") instanceof JsonArray attachments)) {
            return null; // not a list: the server ignores it
        }
        for (Object a : attachments) {
            if (!(a instanceof JsonObject att)) {
                return "Match error: Expected object, got " + typeOf(a) + " in field attachments";
            }
            for (String f : TEXT_FIELDS) {
                Object v = att.getValue(f);
                if (v != null && !(v instanceof String)) {
                    return "Match error: Expected string, got " + typeOf(v) + " in field " + f;
                }
            }
            for (String f : URL_FIELDS) {
                Object v = att.getValue(f);
                if (v != null && !(v instanceof String s && isFullUrl(s))) {
                    return "Invalid href value provided";
                }
            }
            Object fields = att.getValue("fields");
            if (fields != null) {
                String p = fieldsProblem(fields);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String fieldsProblem(Object fields) {
        if (!(fields instanceof JsonArray list)) {
            return "Match error: Expected array, got " + typeOf(fields) + " in field fields";
        }
        for (Object o : list) {
            if (!(o instanceof JsonObject field)) {
                return "Match error: Expected object, got " + typeOf(o) + " in field fields";
            }
            Object title = field.getValue("title");
            Object value = field.getValue("value");
            Object isShort = field.getValue("short");
            if (title != null && !(title instanceof String) || isShort != null && !(isShort instanceof Boolean)
                    || value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                return "Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field fields";
            }
        }
        return null;
    }

    static boolean isFullUrl(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && s.length() > lower.indexOf("//") + 2;
    }

    private static String typeOf(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Number) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        return v instanceof JsonArray ? "array" : "object";
    }

    private PeerResponse reject(String error) {
        rejected.add(error);
        return error(400, error);
    }

    private static PeerResponse success() {
        return PeerResponse.of(200, "application/json", "{\"success\":true}");
    }

    private static PeerResponse error(int status, String error) {
        return PeerResponse.of(status, "application/json", new JsonObject().put("success", false).put("error", error).encode());
    }
}
