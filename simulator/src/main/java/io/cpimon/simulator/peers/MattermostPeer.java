package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.tenant.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Mattermost incoming webhook on loopback (docs/channels.md §10): {@code POST /hooks/<id>} (the id is the secret)
 * with Slack-compatible {@code text} and {@code attachments}. Answers 200 {@code ok}; 400 with Mattermost's error
 * JSON ({@code id}, {@code message}, {@code status_code}) for an unknown hook, a body it cannot parse, a message
 * without text or attachments, or attachments longer than 16,383 characters in all; text longer than 16,383
 * characters is split into several posts, as the server does. Thread-safe.
 */
public final class MattermostPeer extends HttpPeer {
    static final int MAX_POST = 16_383;

    /** One post the channel shows; a long text becomes several. @param body the request it came from */
    public record Post(String text, JsonObject body) {}

    private final String hookId;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();

    public MattermostPeer(Vertx vertx, SimClock clock, int port, long seed) {
        super("mattermost", vertx, clock, new HttpServerOptions());
        this.hookId = Ids.hex(new SplittableRandom(seed), 26);
        start(port);
    }

    /** The incoming webhook URL. */
    public String url() {
        return baseUrl() + "/hooks/" + hookId;
    }

    public String hookId() {
        return hookId;
    }

    /** Accepted request bodies, in order. */
    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    /** Posts made, in order (a text over 16,383 characters makes several). */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The error ids answered, in order. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    @Override
    protected void onClear() {
        received.clear();
        posts.clear();
        rejected.clear();
    }

    @Override
    protected PeerResponse failure(int status) {
        return error(status, "app.simulated.app_error", "Simulated failure.");
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (!req.path().equals("/hooks/" + hookId)) {
            return reject("web.incoming_webhook.invalid.app_error", "Invalid webhook.");
        }
        if (!"POST".equals(req.method())) {
            return error(405, "api.context.404.app_error", "Sorry, we could not find the page.");
        }
        JsonObject body;
        try {
            body = new JsonObject(req.bodyAsString());
        } catch (DecodeException | ClassCastException e) {
            return reject("web.incoming_webhook.parse.app_error", "Unable to parse incoming data.");
        }
        String text = body.getValue("text") instanceof String s ? s : "";
        Object attachments = body.getValue("attachments");
        if (attachments != null && !(attachments instanceof JsonArray)) {
            return reject("web.incoming_webhook.parse.app_error", "Unable to parse incoming data.");
        }
        JsonArray atts = (JsonArray) attachments;
        if (text.isBlank() && (atts == null || atts.isEmpty())) {
            return reject("web.incoming_webhook.text.app_error", "No text specified.");
        }
        if (atts != null && atts.encode().length() > MAX_POST) {
            return reject("web.incoming_webhook.split_props_length.app_error",
                    "Unable to split webhook props into " + MAX_POST + " character parts.");
        }
        received.add(body);
        String rest = text;
        do {
            int cut = Math.min(rest.length(), MAX_POST);
            posts.add(new Post(rest.substring(0, cut), body));
            rest = rest.substring(cut);
        } while (!rest.isEmpty());
        return PeerResponse.of(200, "text/plain", "ok");
    }

    private PeerResponse reject(String id, String message) {
        rejected.add(id);
        return error(400, id, message);
    }

    private static PeerResponse error(int status, String id, String message) {
        return PeerResponse.of(status, "application/json", new JsonObject().put("id", id).put("message", message)
                .put("detailed_error", "").put("request_id", "simulated").put("status_code", status).encode());
    }
}
