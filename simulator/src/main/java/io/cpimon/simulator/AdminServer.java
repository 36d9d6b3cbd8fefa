package io.cpimon.simulator;

import io.cpimon.simulator.peers.AzureMonitorPeer;
import io.cpimon.simulator.peers.GoogleChatPeer;
import io.cpimon.simulator.peers.HttpPeer;
import io.cpimon.simulator.peers.MattermostPeer;
import io.cpimon.simulator.peers.PeerRequest;
import io.cpimon.simulator.peers.RocketChatPeer;
import io.cpimon.simulator.peers.ServiceNowPeer;
import io.cpimon.simulator.peers.SlackPeer;
import io.cpimon.simulator.peers.TeamsPeer;
import io.cpimon.simulator.peers.WebhookPeer;
import io.cpimon.simulator.scenario.ScenarioRun;
import io.cpimon.simulator.tenant.Fault;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.RuntimeArtifact;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The simulator's admin API on 127.0.0.1 (JSON): switch faults, take tenants and peers down, read what
 * peers received, read ground truth, move the clock, start scenarios. Handlers run their work on worker
 * threads ({@code executeBlocking}) because lifecycle calls block. See README "Admin API".
 */
final class AdminServer {

    private final Simulator sim;
    private final HttpServer server;

    AdminServer(Simulator sim, int port) {
        this.sim = sim;
        Router r = Router.router(sim.vertx());
        r.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
        r.get("/admin").handler(ctx -> run(ctx, this::summary));
        r.post("/admin/tenants/:id/down").handler(ctx -> run(ctx, () -> {
            sim.tenant(ctx.pathParam("id")).down();
            return ok();
        }));
        r.post("/admin/tenants/:id/up").handler(ctx -> run(ctx, () -> {
            sim.tenant(ctx.pathParam("id")).up();
            return ok();
        }));
        r.post("/admin/tenants/:id/faults").handler(ctx -> run(ctx, () -> {
            Fault f = fault(body(ctx));
            sim.tenant(ctx.pathParam("id")).inject(f);
            return new JsonObject().put("injected", faultJson(f));
        }));
        r.delete("/admin/tenants/:id/faults").handler(ctx -> run(ctx, () -> {
            sim.tenant(ctx.pathParam("id")).clearFaults();
            return ok();
        }));
        r.get("/admin/tenants/:id/truth").handler(ctx -> run(ctx, () -> {
            JsonArray a = new JsonArray();
            sim.tenant(ctx.pathParam("id")).groundTruth().forEach(m -> a.add(mplJson(m)));
            return new JsonObject().put("mpls", a);
        }));
        r.post("/admin/tenants/:id/artifacts/:aid").handler(ctx -> run(ctx, () -> {
            SimulatedTenant t = sim.tenant(ctx.pathParam("id"));
            JsonObject b = body(ctx);
            String aid = ctx.pathParam("aid");
            if (t.artifact(aid) == null) {
                t.deploy(RuntimeArtifact.started(aid, aid, b.getString("version", "1.0.0"), sim.clock().instant()));
            }
            if (b.containsKey("version")) {
                t.artifactVersion(aid, b.getString("version"));
            }
            if (b.containsKey("status")) {
                t.artifactStatus(aid, b.getString("status"));
            }
            return new JsonObject().put("artifact", String.valueOf(t.artifact(aid)));
        }));
        r.delete("/admin/tenants/:id/artifacts/:aid").handler(ctx -> run(ctx, () -> {
            sim.tenant(ctx.pathParam("id")).undeploy(ctx.pathParam("aid"));
            return ok();
        }));
        r.post("/admin/peers/:name/fail").handler(ctx -> run(ctx, () -> {
            JsonObject b = body(ctx);
            Long ra = b.getLong("retryAfterSeconds");
            peer(ctx.pathParam("name")).failWith(b.getInteger("status", 500), ra == null ? null : Duration.ofSeconds(ra));
            return ok();
        }));
        r.post("/admin/peers/:name/slow").handler(ctx -> run(ctx, () -> {
            peer(ctx.pathParam("name")).slow(Duration.ofMillis(body(ctx).getLong("delayMs", 0L)));
            return ok();
        }));
        r.post("/admin/peers/:name/down").handler(ctx -> run(ctx, () -> {
            if (ctx.pathParam("name").equals("smtp")) {
                sim.smtp().down();
            } else {
                peer(ctx.pathParam("name")).down();
            }
            return ok();
        }));
        r.post("/admin/peers/:name/up").handler(ctx -> run(ctx, () -> {
            if (ctx.pathParam("name").equals("smtp")) {
                sim.smtp().up();
            } else {
                peer(ctx.pathParam("name")).up();
            }
            return ok();
        }));
        r.get("/admin/peers/:name/inbox").handler(ctx -> run(ctx, () -> inbox(ctx.pathParam("name"))));
        r.delete("/admin/peers/:name/inbox").handler(ctx -> run(ctx, () -> {
            if (ctx.pathParam("name").equals("smtp")) {
                sim.smtp().clear();
            } else {
                peer(ctx.pathParam("name")).clear();
            }
            return ok();
        }));
        r.post("/admin/clock/advance").handler(ctx -> run(ctx, () -> {
            sim.clock().advance(Duration.ofMillis(body(ctx).getLong("millis", body(ctx).getLong("seconds", 0L) * 1000)));
            return new JsonObject().put("now", sim.clock().instant().toString());
        }));
        r.post("/admin/clock/set").handler(ctx -> run(ctx, () -> {
            sim.clock().set(Instant.parse(body(ctx).getString("instant")));
            return new JsonObject().put("now", sim.clock().instant().toString());
        }));
        r.post("/admin/scenario/:name").handler(ctx -> run(ctx, () -> {
            String phase = ctx.queryParams().get("phaseSeconds");
            ScenarioRun run = sim.scenario(ctx.pathParam("name"), Duration.ofSeconds(phase == null ? 600 : Long.parseLong(phase)));
            return scenarioJson(run);
        }));
        r.get("/admin/scenario").handler(ctx -> run(ctx, () -> {
            ScenarioRun run = sim.activeScenario();
            return run == null ? new JsonObject().putNull("scenario") : scenarioJson(run);
        }));
        server = Blocking.await(sim.vertx().createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setHttp2ClearTextEnabled(false))
                .requestHandler(r).listen(port, "127.0.0.1"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/admin";
    }

    private static JsonObject ok() {
        return new JsonObject().put("ok", true);
    }

    private static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        return ctx.body().asJsonObject();
    }

    private void run(RoutingContext ctx, Callable<JsonObject> work) {
        ctx.vertx().executeBlocking(work).onComplete(ar -> {
            if (ctx.response().ended()) {
                return;
            }
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", "application/json").end(ar.result().encodePrettily());
            } else {
                Throwable e = ar.cause();
                int status = e instanceof NoSuchElementException ? 404
                        : e instanceof IllegalArgumentException || e instanceof DecodeException || e instanceof ClassCastException
                                || e instanceof NullPointerException || e instanceof DateTimeParseException ? 400 : 500;
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encode());
            }
        });
    }

    private HttpPeer peer(String name) {
        return switch (name) {
            case "teams" -> sim.teams();
            case "servicenow" -> sim.serviceNow();
            case "azure-monitor" -> sim.azureMonitor();
            case "webhook" -> sim.webhook();
            case "slack" -> sim.slack();
            case "googlechat" -> sim.googleChat();
            case "mattermost" -> sim.mattermost();
            case "rocketchat" -> sim.rocketChat();
            default -> throw new NoSuchElementException("no peer " + name
                    + " (teams, servicenow, azure-monitor, webhook, slack, googlechat, mattermost, rocketchat, smtp)");
        };
    }

    /**
     * {@code {"kind":"STATUS","status":503,"retryAfterSeconds":30,"delayMs":0,"scopes":["API"],"pathPrefix":null,"skip":0,"times":-1,"query":null}};
     * kind defaults to STATUS, scopes to API.
     */
    static Fault fault(JsonObject b) {
        Fault.Kind kind = Fault.Kind.valueOf(b.getString("kind", "STATUS").toUpperCase(Locale.ROOT));
        Set<Fault.Scope> scopes = EnumSet.noneOf(Fault.Scope.class);
        JsonArray s = b.getJsonArray("scopes");
        if (s != null) {
            for (Object o : s) {
                scopes.add(Fault.Scope.valueOf(o.toString().toUpperCase(Locale.ROOT)));
            }
        }
        Long ra = b.getLong("retryAfterSeconds");
        return new Fault(kind, b.getInteger("status", kind == Fault.Kind.STATUS ? 500 : 200), Duration.ofMillis(b.getLong("delayMs", 0L)),
                ra == null ? null : Duration.ofSeconds(ra), scopes, b.getString("pathPrefix"), b.getInteger("skip", 0), b.getInteger("times", -1),
                b.getString("query"));
    }

    private static JsonObject faultJson(Fault f) {
        JsonArray scopes = new JsonArray();
        f.scopes().forEach(s -> scopes.add(s.name()));
        return new JsonObject().put("kind", f.kind().name()).put("status", f.status()).put("delayMs", f.delay().toMillis())
                .put("retryAfterSeconds", f.retryAfter() == null ? null : f.retryAfter().toSeconds()).put("scopes", scopes)
                .put("pathPrefix", f.pathPrefix()).put("skip", f.skip()).put("times", f.times()).put("query", f.query());
    }

    static JsonObject mplJson(MplTruth m) {
        return new JsonObject().put("messageGuid", m.messageGuid()).put("correlationId", m.correlationId())
                .put("applicationMessageId", m.applicationMessageId()).put("applicationMessageType", m.applicationMessageType())
                .put("logStart", m.logStart() == null ? null : m.logStart().toString())
                .put("logEnd", m.logEnd() == null ? null : m.logEnd().toString()).put("sender", m.sender())
                .put("receiver", m.receiver()).put("artifactId", m.artifactId()).put("artifactName", m.artifactName())
                .put("packageId", m.packageId()).put("packageName", m.packageName()).put("status", m.status())
                .put("customStatus", m.customStatus()).put("logLevel", m.logLevel()).put("errorText", m.errorText())
                .put("customHeaders", new JsonObject(new LinkedHashMap<>(m.customHeaders())));
    }

    private JsonObject summary() {
        JsonArray tenants = new JsonArray();
        for (SimulatedTenant t : sim.tenants()) {
            JsonArray faults = new JsonArray();
            t.faults().forEach(f -> faults.add(faultJson(f)));
            tenants.add(new JsonObject().put("id", t.id()).put("api", t.apiUrl()).put("token", t.tokenUrl())
                    .put("runtime", t.runtimeUrl()).put("clientId", t.clientId()).put("clientSecret", t.clientSecret())
                    .put("user", t.basicUser()).put("password", t.basicPassword()).put("down", t.isDown())
                    .put("mpls", t.mplCount()).put("faults", faults));
        }
        JsonArray peers = new JsonArray();
        sim.httpPeers().forEach((name, p) -> peers.add(new JsonObject().put("name", name).put("url", p.baseUrl()).put("down", p.isDown())));
        JsonArray pairs = new JsonArray();
        sim.pairs().forEach(p -> pairs.add(new JsonObject().put("primary", p.primary().id()).put("dr", p.dr().id())
                .put("routing", p.routing().name())));
        ScenarioRun run = sim.activeScenario();
        return new JsonObject().put("now", sim.clock().instant().toString()).put("tenants", tenants).put("pairs", pairs)
                .put("peers", peers).put("scenario", run == null ? null : run.name());
    }

    private static JsonObject scenarioJson(ScenarioRun run) {
        JsonArray timeline = new JsonArray();
        run.timeline().forEach(e -> timeline.add(new JsonObject().put("at", e.at().toString()).put("description", e.description())));
        return new JsonObject().put("scenario", run.name()).put("start", run.start().toString()).put("phase", run.phase().toString())
                .put("cycle", run.cycle().toString()).put("timeline", timeline).put("log", new JsonArray(run.log()));
    }

    private JsonObject inbox(String name) throws MessagingException {
        if (name.equals("smtp")) {
            JsonArray mails = new JsonArray();
            for (MimeMessage m : sim.smtp().messages()) {
                mails.add(new JsonObject().put("subject", m.getSubject()).put("messageId", m.getMessageID())
                        .put("from", addresses(m.getFrom())).put("to", addresses(m.getAllRecipients()))
                        .put("inReplyTo", m.getHeader("In-Reply-To", ",")).put("references", m.getHeader("References", ","))
                        .put("contentType", m.getContentType()));
            }
            return new JsonObject().put("peer", name).put("messages", mails);
        }
        HttpPeer p = peer(name);
        JsonArray requests = new JsonArray();
        for (PeerRequest req : p.requests()) {
            boolean gzip = "gzip".equalsIgnoreCase(req.header("Content-Encoding"));
            requests.add(new JsonObject().put("at", req.at().toString()).put("method", req.method()).put("path", req.path())
                    .put("query", req.query()).put("status", req.status()).put("contentType", req.header("Content-Type"))
                    .put(gzip ? "bodyBase64" : "body", gzip ? Base64.getEncoder().encodeToString(req.body()) : req.bodyAsString()));
        }
        JsonObject out = new JsonObject().put("peer", name).put("url", p.baseUrl()).put("requests", requests);
        switch (p) {
            case TeamsPeer t -> out.put("received", new JsonArray(new ArrayList<>(t.received()))).put("rejected", new JsonArray(t.rejected()))
                    .put("legacyReceived", new JsonArray(new ArrayList<>(t.legacyReceived())));
            case ServiceNowPeer s -> out.put("incidents", new JsonArray(new ArrayList<>(s.incidents())))
                    .put("events", new JsonArray(new ArrayList<>(s.events())));
            case AzureMonitorPeer a -> {
                JsonObject streams = new JsonObject();
                a.streams().forEach(st -> streams.put(st, new JsonArray(new ArrayList<>(a.rows(st)))));
                out.put("streams", streams);
            }
            case WebhookPeer w -> out.put("received", new JsonArray(new ArrayList<>(w.received())));
            case SlackPeer sl -> {
                JsonArray posts = new JsonArray();
                sl.posts().forEach(x -> posts.add(new JsonObject().put("channel", x.channel()).put("ts", x.ts())
                        .put("threadTs", x.threadTs()).put("viaWebhook", x.viaWebhook()).put("body", x.body())));
                out.put("posts", posts).put("rejected", new JsonArray(sl.rejected()));
            }
            case GoogleChatPeer g -> {
                JsonArray posts = new JsonArray();
                g.posts().forEach(x -> posts.add(new JsonObject().put("name", x.name()).put("thread", x.thread())
                        .put("threadKey", x.threadKey()).put("body", x.body())));
                out.put("posts", posts).put("rejected", new JsonArray(g.rejected()));
            }
            case MattermostPeer mm -> out.put("received", new JsonArray(new ArrayList<>(mm.received())))
                    .put("posts", mm.posts().size()).put("rejected", new JsonArray(mm.rejected()));
            case RocketChatPeer rc -> {
                JsonArray posts = new JsonArray();
                rc.posts().forEach(x -> posts.add(x.body()));
                out.put("received", posts).put("rejected", new JsonArray(rc.rejected()));
            }
            default -> {
            }
        }
        return out;
    }

    private static JsonArray addresses(Address[] a) {
        JsonArray out = new JsonArray();
        if (a != null) {
            Arrays.stream(a).map(Address::toString).forEach(out::add);
        }
        return out;
    }

}
