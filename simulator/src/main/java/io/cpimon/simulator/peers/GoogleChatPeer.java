package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.odata.QueryString;
import io.cpimon.simulator.tenant.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Google Chat space's incoming webhook on loopback (docs/channels.md §9): {@code POST
 * /v1/spaces/<space>/messages?key=…&token=…} (both secret). A message needs {@code text} or {@code cardsV2} (each
 * with {@code cardId} and a {@code card} of sections of known widgets), at most 32,000 bytes; with
 * {@code messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD} a known {@code thread.threadKey} replies in that
 * thread, otherwise every message starts one. One message per second per space (else 429
 * {@code RESOURCE_EXHAUSTED}; {@link #enforceRate(boolean)} switches it off). Answers 200 with the created message
 * ({@code name}, {@code thread.name}), errors as Google's {@code {"error":{code,message,status}}}. Thread-safe.
 */
public final class GoogleChatPeer extends HttpPeer {
    static final int MAX_BYTES = 32_000;
    static final Set<String> WIDGETS = Set.of("textParagraph", "decoratedText", "buttonList", "divider", "image",
            "columns", "grid", "chipList");

    /** A message the space accepted. @param thread the thread's resource name */
    public record Post(String name, String thread, String threadKey, JsonObject body) {}

    private final String space;
    private final String key;
    private final String token;
    private final AtomicLong sequence = new AtomicLong();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final Map<String, String> threads = new ConcurrentHashMap<>();
    private volatile boolean enforceRate = true;
    private volatile Instant lastAccepted;

    public GoogleChatPeer(Vertx vertx, SimClock clock, int port, long seed) {
        super("googlechat", vertx, clock, new HttpServerOptions());
        SplittableRandom r = new SplittableRandom(seed);
        this.space = "AAAA" + Ids.hex(r, 7).toUpperCase();
        this.key = "AIzaSy" + Ids.hex(r, 33);
        this.token = Ids.hex(r, 43);
        start(port);
    }

    /** The space's webhook URL, with its {@code key} and {@code token}. */
    public String url() {
        return baseUrl() + "/v1/spaces/" + space + "/messages?key=" + key + "&token=" + token;
    }

    /** The secret part of {@link #url()}. */
    public String token() {
        return token;
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** Google's messages for rejected requests, in order. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    /** Whether a second message within a second of the last one is answered 429 (on by default). */
    public void enforceRate(boolean on) {
        this.enforceRate = on;
    }

    @Override
    protected void onClear() {
        posts.clear();
        rejected.clear();
        threads.clear();
        lastAccepted = null;
        enforceRate = true;
    }

    @Override
    protected PeerResponse failure(int status) {
        String word = switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
        return error(status, word, "Simulated failure");
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (!req.path().equals("/v1/spaces/" + space + "/messages")) {
            return reject(404, "NOT_FOUND", "Requested entity was not found.");
        }
        if (!"POST".equals(req.method())) {
            return reject(405, "INVALID_ARGUMENT", "Method not allowed.");
        }
        Map<String, String> q = QueryString.parse(req.query());
        if (!key.equals(q.get("key"))) {
            return reject(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
        }
        if (!token.equals(q.get("token"))) {
            return reject(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
        }
        if (req.body().length > MAX_BYTES) {
            return reject(400, "INVALID_ARGUMENT", "Message too large: " + req.body().length + " bytes, at most "
                    + MAX_BYTES);
        }
        JsonObject body;
        try {
            body = new JsonObject(req.bodyAsString());
        } catch (DecodeException | ClassCastException e) {
            return reject(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        }
        String problem = messageProblem(body);
        if (problem != null) {
            return reject(400, "INVALID_ARGUMENT", problem);
        }
        Instant now = clock().instant();
        synchronized (posts) {
            Instant last = lastAccepted;
            if (enforceRate && last != null && Duration.between(last, now).compareTo(Duration.ofSeconds(1)) < 0) {
                return reject(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")
                        .withHeader("Retry-After", "1");
            }
            lastAccepted = now;
            String threadKey = body.getValue("thread") instanceof JsonObject t && t.getValue("threadKey") instanceof String k
                    ? k : null;
            boolean reply = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD".equals(q.get("messageReplyOption"))
                    || "REPLY_MESSAGE_OR_FAIL".equals(q.get("messageReplyOption"));
            String base = "spaces/" + space;
            String thread;
            if (reply && threadKey != null) {
                thread = threads.computeIfAbsent(threadKey, k -> base + "/threads/" + Long.toHexString(sequence.incrementAndGet()));
            } else {
                thread = base + "/threads/" + Long.toHexString(sequence.incrementAndGet());
                if (threadKey != null) {
                    threads.putIfAbsent(threadKey, thread);
                }
            }
            String name = base + "/messages/" + Long.toHexString(sequence.incrementAndGet());
            posts.add(new Post(name, thread, threadKey, body));
            JsonObject answer = new JsonObject().put("name", name).put("createTime", now.toString())
                    .put("thread", new JsonObject().put("name", thread).put("threadKey", threadKey))
                    .put("space", new JsonObject().put("name", base).put("type", "ROOM"));
            return PeerResponse.of(200, "application/json; charset=UTF-8", answer.encode());
        }
    }

    private PeerResponse reject(int status, String word, String message) {
        rejected.add(message);
        return error(status, word, message);
    }

    private static PeerResponse error(int status, String word, String message) {
        return PeerResponse.of(status, "application/json; charset=UTF-8", new JsonObject().put("error",
                new JsonObject().put("code", status).put("message", message).put("status", word)).encode());
    }

    /** Why {@code body} is no valid message, or null. */
    static String messageProblem(JsonObject body) {
        boolean hasText = body.getValue("text") instanceof String s && !s.isBlank();
        Object cards = body.getValue("cardsV2");
        if (!hasText && cards == null) {
            return "Message cannot be empty. Add text or cardsV2.";
        }
        if (cards == null) {
            return null;
        }
        if (!(cards instanceof JsonArray list) || list.isEmpty()) {
            return "Invalid value at 'message.cards_v2': must be a non-empty list.";
        }
        for (Object c : list) {
            if (!(c instanceof JsonObject cwi) || !(cwi.getValue("cardId") instanceof String)
                    || !(cwi.getValue("card") instanceof JsonObject card)) {
                return "Invalid value at 'message.cards_v2': each needs cardId and card.";
            }
            if (!(card.getValue("sections") instanceof JsonArray sections) || sections.isEmpty()) {
                return "Invalid value at 'message.cards_v2.card.sections': a card needs sections.";
            }
            for (Object s : sections) {
                if (!(s instanceof JsonObject section) || !(section.getValue("widgets") instanceof JsonArray widgets)) {
                    return "Invalid value at 'message.cards_v2.card.sections': each needs widgets.";
                }
                for (Object w : widgets) {
                    if (!(w instanceof JsonObject widget) || widget.size() != 1
                            || !WIDGETS.contains(widget.fieldNames().iterator().next())) {
                        return "Invalid value at 'message.cards_v2.card.sections.widgets': unknown widget " + w;
                    }
                }
            }
        }
        return null;
    }
}
