package io.cpimon.simulator.peers;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.odata.QueryString;
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
 * Microsoft Teams on loopback (docs/channels.md §1.2, §1.3, §7).
 * <ul>
 * <li>Workflows webhook ({@link #url()}): needs the right {@code sig} and {@code api-version}; validates the
 * envelope ({@code type=message}, attachments of {@code application/vnd.microsoft.card.adaptive}, card
 * {@code type=AdaptiveCard}, version ≤ 1.5, no {@code Action.Submit}); answers 202 with an empty body,
 * 400 with a Logic-Apps style error for a bad envelope. Bodies over 28 KB get 202 (as the real service) but land in {@link #tooLarge()}.</li>
 * <li>Legacy connector ({@link #legacyUrl()}): MessageCard; 200 {@code 1}; 400 {@code Summary or Text is required.};
 * 413 over 28 KB; with {@link #throttleInBody(boolean)} 200 with {@code HTTP error 429} in the body.</li>
 * </ul>
 * Thread-safe.
 */
public final class TeamsPeer extends HttpPeer {

    static final int SIZE_LIMIT = 28 * 1024;

    private final String workflowId;
    private final String sig;
    private final String legacyPath;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final List<String> tooLarge = new CopyOnWriteArrayList<>();
    private final List<JsonObject> legacyReceived = new CopyOnWriteArrayList<>();
    private volatile boolean throttleInBody;

    public TeamsPeer(Vertx vertx, SimClock clock, int port, long seed) {
        super("teams", vertx, clock, new HttpServerOptions());
        SplittableRandom r = new SplittableRandom(seed);
        this.workflowId = Ids.hex(r, 32);
        this.sig = Ids.messageGuid(r).substring(2) + Ids.messageGuid(r).substring(2, 19);
        this.legacyPath = "/webhookb2/" + uuid(r) + "@" + uuid(r) + "/IncomingWebhook/" + Ids.hex(r, 32) + "/" + uuid(r);
        start(port);
    }

    private static String uuid(SplittableRandom r) {
        return Ids.hex(r, 8) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 12);
    }

    /** The Workflows webhook URL (Power Platform shape) with its {@code sig=} secret. */
    public String url() {
        return baseUrl() + "/powerautomate/automations/direct/workflows/" + workflowId
                + "/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + sig;
    }

    /** The legacy Office 365 connector URL (MessageCard). */
    public String legacyUrl() {
        return baseUrl() + legacyPath;
    }

    /** Valid Workflows envelopes received (answered 202), in order. */
    public List<JsonObject> received() {
        return List.copyOf(received);
    }

    /** Bodies answered 400 (invalid envelope or JSON), in order. */
    public List<String> rejected() {
        return List.copyOf(rejected);
    }

    /** Valid envelopes over 28 KB: answered 202 like the real service, but Teams would not render them. */
    public List<String> tooLarge() {
        return List.copyOf(tooLarge);
    }

    /** MessageCards the legacy connector accepted (answered 200 {@code 1}). */
    public List<JsonObject> legacyReceived() {
        return List.copyOf(legacyReceived);
    }

    /** Legacy connector: answer 200 with the throttling error inside the body (as connectors do). */
    public void throttleInBody(boolean on) {
        this.throttleInBody = on;
    }

    @Override
    protected void onClear() {
        received.clear();
        rejected.clear();
        tooLarge.clear();
        legacyReceived.clear();
        throttleInBody = false;
    }

    @Override
    protected PeerResponse failure(int status) {
        if (status == 429) {
            return PeerResponse.of(429, "application/json", "{\"error\":{\"code\":\"WorkflowRequestsThrottled\","
                    + "\"message\":\"Number of requests exceeded the limit.\"}}");
        }
        return PeerResponse.of(status, "application/json", "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"Simulated failure " + status + "\"}}");
    }

    @Override
    protected PeerResponse respond(PeerRequest req) {
        if (req.path().equals(legacyPath)) {
            return legacy(req);
        }
        String expectedPath = "/powerautomate/automations/direct/workflows/" + workflowId + "/triggers/manual/paths/invoke";
        if (!req.path().equals(expectedPath)) {
            return PeerResponse.of(404, "application/json", "{\"error\":{\"code\":\"WorkflowNotFound\",\"message\":\"The workflow could not be found.\"}}");
        }
        if (!"POST".equals(req.method())) {
            return PeerResponse.of(405, "application/json", "{\"error\":{\"code\":\"MethodNotAllowed\",\"message\":\"Use POST.\"}}");
        }
        var q = QueryString.parse(req.query());
        if (!q.containsKey("api-version")) {
            return PeerResponse.of(400, "application/json", "{\"error\":{\"code\":\"MissingApiVersionParameter\","
                    + "\"message\":\"The api-version query parameter (?api-version=) is required for all requests.\"}}");
        }
        if (!sig.equals(q.get("sig"))) {
            return PeerResponse.of(401, "application/json", "{\"error\":{\"code\":\"DirectApiAuthorizationRequired\","
                    + "\"message\":\"The request must be authenticated only by Shared Access scheme.\"}}");
        }
        String body = req.bodyAsString();
        String problem = envelopeProblem(body);
        if (problem != null) {
            rejected.add(body);
            return PeerResponse.of(400, "application/json", "{\"error\":{\"code\":\"InvalidRequestContent\",\"message\":"
                    + quote(problem) + "}}");
        }
        if (req.body().length > SIZE_LIMIT) {
            tooLarge.add(body);
        } else {
            received.add(new JsonObject(body));
        }
        return PeerResponse.empty(202);
    }

    private static String quote(String s) {
        return new JsonArray().add(s).encode().replaceAll("^\\[|\\]$", "");
    }

    /** Why {@code body} is not a valid Workflows envelope, or null. */
    static String envelopeProblem(String body) {
        JsonObject o;
        try {
            o = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return "The request body is not valid JSON.";
        }
        if (!"message".equals(o.getValue("type"))) {
            return "Property 'type' must be 'message'.";
        }
        if (!(o.getValue("attachments") instanceof JsonArray atts) || atts.isEmpty()) {
            return "Property 'attachments' must be a non-empty array.";
        }
        for (Object a : atts) {
            if (!(a instanceof JsonObject att)) {
                return "Each attachment must be an object.";
            }
            if (!"application/vnd.microsoft.card.adaptive".equals(att.getValue("contentType"))) {
                return "Attachment contentType must be 'application/vnd.microsoft.card.adaptive'.";
            }
            if (!(att.getValue("content") instanceof JsonObject card)) {
                return "Attachment 'content' must be an Adaptive Card object.";
            }
            if (!"AdaptiveCard".equals(card.getValue("type"))) {
                return "Property 'type' must be 'AdaptiveCard'.";
            }
            if (!(card.getValue("version") instanceof String v) || !versionAtMost15(v)) {
                return "Adaptive Card 'version' must be a string no greater than 1.5.";
            }
            if (card.getValue("body") != null && !(card.getValue("body") instanceof JsonArray)) {
                return "Adaptive Card 'body' must be an array.";
            }
            if (card.getValue("actions") instanceof JsonArray actions) {
                for (Object act : actions) {
                    if (act instanceof JsonObject ao && "Action.Submit".equals(ao.getValue("type"))) {
                        return "Action.Submit is not supported in Teams webhook cards.";
                    }
                }
            }
        }
        return null;
    }

    private static boolean versionAtMost15(String v) {
        String[] p = v.split("\\.");
        try {
            int major = Integer.parseInt(p[0]);
            int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            return major == 1 && minor <= 5 || major < 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private PeerResponse legacy(PeerRequest req) {
        if (!"POST".equals(req.method())) {
            return PeerResponse.of(405, "text/plain", "Method not allowed");
        }
        if (req.body().length > SIZE_LIMIT) {
            return PeerResponse.of(413, "text/plain", "Webhook message delivery failed with error: Microsoft Teams endpoint"
                    + " returned HTTP error 413 with ContextId tcid=0,server=msgapi-production-weu-azsc2-1-47,cv=simulated.");
        }
        JsonObject card;
        try {
            card = new JsonObject(req.bodyAsString());
        } catch (DecodeException | ClassCastException e) {
            return PeerResponse.of(400, "text/plain", "Bad payload received by generic incoming webhook.");
        }
        if (isBlank(card.getValue("summary")) && isBlank(card.getValue("text"))) {
            return PeerResponse.of(400, "text/plain", "Summary or Text is required.");
        }
        if (throttleInBody) {
            return PeerResponse.of(200, "text/plain", "Webhook message delivery failed with error: Microsoft Teams endpoint"
                    + " returned HTTP error 429 with ContextId tcid=0,server=msgapi-production-weu-azsc2-1-47,cv=simulated.");
        }
        legacyReceived.add(card);
        return PeerResponse.of(200, "text/plain; charset=utf-8", "1");
    }

    private static boolean isBlank(Object v) {
        return !(v instanceof String s) || s.isBlank();
    }
}
