package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.tenant.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack on loopback (docs/channels.md §8): an incoming webhook ({@link #webhookUrl()}) and the Web API's
 * {@code chat.postMessage} ({@link #apiUrl()}, bot token {@link #token()}, one channel {@link #channelName()} /
 * {@link #channelId()}). Both check the Block Kit limits (50 blocks per array, header 150 and section 3,000
 * characters, button text 75, 100 attachments) and that a message has {@code text} or blocks. The webhook answers
 * 200 {@code ok}, or an HTTP status with Slack's word ({@code invalid_payload}, {@code no_text},
 * {@code invalid_blocks}, {@code too_many_attachments}, 404 {@code no_service} for an unknown hook); the Web API
 * answers 200 with {@code {"ok":true,"channel","ts"}} or {@code {"ok":false,"error"}} ({@code not_authed},
 * {@code invalid_auth}, {@code channel_not_found}, {@code thread_not_found} for a {@code thread_ts} it never gave,
 * …). Injected 429s carry {@code Retry-After}. Thread-safe.
 */
public final class SlackPeer extends HttpPeer {
    static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3_000;
    static final int MAX_BUTTON = 75;
    static final int MAX_ATTACHMENTS = 100;
    static final String CHANNEL_ID = "C0CPIMON01";
    static final String CHANNEL_NAME = "cpimon-alerts";

    /** A message Slack accepted. @param threadTs nullable: the parent's ts for a reply */
    public record Post(String channel, String ts, String threadTs, boolean viaWebhook, JsonObject body) {}

    private final String hookPath;
    private final String token;
    private final AtomicLong sequence = new AtomicLong();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();

    public SlackPeer(Vertx vertx, SimClock clock, int port, long seed) {
        super("slack", vertx, clock, new HttpServerOptions());
        SplittableRandom r = new SplittableRandom(seed);
        this.hookPath = "/services/T" + Ids.hex(r, 8).toUpperCase() + "/B" + Ids.hex(r, 8).toUpperCase() + "/"
                + Ids.hex(r, 24);
        this.token = "xoxb-" + Ids.hex(r, 12) + "-" + Ids.hex(r, 12) + "-" + Ids.hex(r, 24);
        start(port);
    }

    /** The incoming webhook URL (its path is the secret). */
    public String webhookUrl() {
        return baseUrl() + hookPath;
    }

    /** The Web API base, as {@code https://slack.com/api}. */
    public String apiUrl() {
        return baseUrl() + "/api";
    }

    /** The bot token the Web API accepts. */
    public String token() {
        return token;
    }

    public String channelId() {
        return CHANNEL_ID;
    }

    public String channelName() {
        return CHANNEL_NAME;
    }

    /** Every accepted message, in order. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The error words answered to rejected messages, in order. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    @Override
    protected void onClear() {
        posts.clear();
        rejected.clear();
    }

    @Override
    protected PeerResponse failure(int status) {
        if (status == 429) {
            return PeerResponse.of(429, "application/json", "{\"ok\":false,\"error\":\"ratelimited\"}");
        }
        return PeerResponse.of(status, "text/plain", status >= 500 ? "service_unavailable" : "invalid_payload");
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (!"POST".equals(req.method())) {
            return PeerResponse.of(405, "text/plain", "method_not_allowed");
        }
        if (req.path().equals("/api/chat.postMessage")) {
            return postMessage(req);
        }
        if (req.path().startsWith("/services/")) {
            return webhook(req);
        }
        return PeerResponse.of(404, "text/plain", "not_found");
    }

    private PeerResponse webhook(PeerRequest req) {
        if (!req.path().equals(hookPath)) {
            return webhookError(404, "no_service");
        }
        JsonObject body;
        try {
            body = new JsonObject(req.bodyAsString());
        } catch (DecodeException | ClassCastException e) {
            return webhookError(400, "invalid_payload");
        }
        String problem = messageProblem(body);
        if (problem != null) {
            return webhookError(400, problem);
        }
        posts.add(new Post(CHANNEL_ID, nextTs(), null, true, body));
        return PeerResponse.of(200, "text/html", "ok");
    }

    private PeerResponse webhookError(int status, String word) {
        rejected.add(word);
        return PeerResponse.of(status, "text/html", word);
    }

    private PeerResponse postMessage(PeerRequest req) {
        String auth = req.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return apiError("not_authed");
        }
        if (!auth.equals("Bearer " + token)) {
            return apiError("invalid_auth");
        }
        JsonObject body;
        try {
            body = new JsonObject(req.bodyAsString());
        } catch (DecodeException | ClassCastException e) {
            return apiError("invalid_json");
        }
        String channel = body.getValue("channel") instanceof String c ? c : null;
        if (channel == null || !(channel.equals(CHANNEL_ID) || channel.equals(CHANNEL_NAME)
                || channel.equals("#" + CHANNEL_NAME))) {
            return apiError("channel_not_found");
        }
        String problem = messageProblem(body);
        if (problem != null) {
            return apiError(problem);
        }
        String threadTs = body.getValue("thread_ts") instanceof String t ? t : null;
        if (threadTs != null && posts.stream().noneMatch(p -> p.ts().equals(threadTs) && p.threadTs() == null)) {
            return apiError("thread_not_found");
        }
        String ts = nextTs();
        posts.add(new Post(CHANNEL_ID, ts, threadTs, false, body));
        JsonObject answer = new JsonObject().put("ok", true).put("channel", CHANNEL_ID).put("ts", ts)
                .put("message", new JsonObject().put("type", "message").put("text", body.getString("text", ""))
                        .put("ts", ts));
        return PeerResponse.of(200, "application/json; charset=utf-8", answer.encode());
    }

    private PeerResponse apiError(String error) {
        rejected.add(error);
        return PeerResponse.of(200, "application/json; charset=utf-8",
                new JsonObject().put("ok", false).put("error", error).encode());
    }

    private String nextTs() {
        Instant now = clock().instant();
        return now.getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
    }

    /** Slack's word for what breaks its documented rules, or null. */
    static String messageProblem(JsonObject body) {
        Object text = body.getValue("text");
        Object blocks = body.getValue("blocks");
        Object attachments = body.getValue("attachments");
        boolean hasText = text instanceof String s && !s.isBlank();
        boolean hasBlocks = blocks instanceof JsonArray b && !b.isEmpty();
        boolean hasAttachments = attachments instanceof JsonArray a && !a.isEmpty();
        if (!hasText && !hasBlocks && !hasAttachments) {
            return "no_text";
        }
        if (blocks != null && blocksProblem(blocks)) {
            return "invalid_blocks";
        }
        if (attachments instanceof JsonArray atts) {
            if (atts.size() > MAX_ATTACHMENTS) {
                return "too_many_attachments";
            }
            for (Object a : atts) {
                if (!(a instanceof JsonObject att)) {
                    return "invalid_attachments";
                }
                if (att.getValue("blocks") != null && blocksProblem(att.getValue("blocks"))) {
                    return "invalid_blocks";
                }
            }
        } else if (attachments != null) {
            return "invalid_attachments";
        }
        return null;
    }

    private static boolean blocksProblem(Object value) {
        if (!(value instanceof JsonArray blocks) || blocks.size() > MAX_BLOCKS) {
            return true;
        }
        for (Object o : blocks) {
            if (!(o instanceof JsonObject b) || !(b.getValue("type") instanceof String type)) {
                return true;
            }
            switch (type) {
                case "header" -> {
                    if (textProblem(b.getValue("text"), "plain_text", MAX_HEADER)) {
                        return true;
                    }
                }
                case "section" -> {
                    if (b.getValue("text") != null && textProblem(b.getValue("text"), null, MAX_SECTION)) {
                        return true;
                    }
                }
                case "actions" -> {
                    if (!(b.getValue("elements") instanceof JsonArray els) || els.isEmpty() || els.size() > 25) {
                        return true;
                    }
                    for (Object e : els) {
                        if (!(e instanceof JsonObject el) || textProblem(el.getValue("text"), "plain_text", MAX_BUTTON)
                                || el.getValue("url") instanceof String u && u.length() > 3_000) {
                            return true;
                        }
                    }
                }
                case "context", "divider", "image", "rich_text" -> { }
                default -> {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean textProblem(Object value, String requiredType, int max) {
        if (!(value instanceof JsonObject t) || !(t.getValue("text") instanceof String s) || s.isEmpty()) {
            return true;
        }
        Object type = t.getValue("type");
        if (requiredType != null ? !requiredType.equals(type) : !"mrkdwn".equals(type) && !"plain_text".equals(type)) {
            return true;
        }
        return s.length() > max;
    }
}
