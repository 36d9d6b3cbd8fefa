package io.cpimon.simulator.tenant;

import io.cpimon.simulator.Blocking;
import io.cpimon.simulator.odata.ODataException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of one {@link SimulatedTenant}: counts each request, lets its {@link FaultGate} delay or answer it,
 * and routes the rest to the {@link TokenEndpoint}, the {@link ApiEndpoint} or the {@link RuntimeEndpoint}; an
 * {@link ODataException} becomes an OData error, any other failure a 500. Handlers run on the tenant server's event
 * loop and only read tenant state through its thread-safe methods; nothing here blocks.
 */
final class TenantServer {

    private static final Logger LOG = LoggerFactory.getLogger(TenantServer.class);

    private final SimulatedTenant tenant;
    private final TokenEndpoint token;
    private final ApiEndpoint api;
    private final RuntimeEndpoint runtime;

    private TenantServer(SimulatedTenant tenant) {
        this.tenant = tenant;
        this.token = new TokenEndpoint(tenant);
        this.api = new ApiEndpoint(tenant);
        this.runtime = new RuntimeEndpoint(tenant);
    }

    /** Starts a server for {@code tenant} on 127.0.0.1:{@code port} (0 = ephemeral); blocks until listening. */
    static HttpServer listen(Vertx vertx, SimulatedTenant tenant, int port) {
        TenantServer s = new TenantServer(tenant);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1 << 20));
        router.route().handler(s::handle);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                .setHttp2ClearTextEnabled(false).setCompressionSupported(false));
        return Blocking.await(server.requestHandler(router).listen(port, "127.0.0.1"));
    }

    private void handle(RoutingContext ctx) {
        String path = decodePath(ctx.request().path());
        tenant.countRequest(path);
        FaultGate.Decision decision = tenant.faultGate().decide(path, decodeQuery(ctx.request().query()));
        Runnable proceed = () -> {
            Exchange ex = new Exchange(ctx, path, decision.bodyFault());
            try {
                if (decision.routes()) {
                    route(ex);
                } else {
                    FaultGate.answer(ex, decision);
                }
            } catch (ODataException e) {
                ex.send(e.status(), Exchange.JSON, ODataWriter.error(e.code(), e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("tenant {}: {} {} failed", tenant.id(), ctx.request().method(), path, e);
                ex.send(500, Exchange.JSON, ODataWriter.error("Internal Server Error", "Simulator error: " + e));
            }
        };
        if (decision.delayMs() > 0) {
            tenant.vertx().setTimer(decision.delayMs(), id -> proceed.run());
        } else {
            proceed.run();
        }
    }

    private void route(Exchange ex) {
        String path = ex.path();
        if (path.equals("/oauth/token")) {
            token.handle(ex);
        } else if (path.equals("/api/v1") || path.startsWith("/api/v1/")) {
            api.handle(ex, path.substring("/api/v1".length()));
        } else if (path.startsWith("/http/")) {
            runtime.handle(ex, path.substring("/http/".length()));
        } else if (path.startsWith("/shell/")) {
            ex.send(200, "text/html; charset=utf-8", ("<html><body><h1>Simulated SAP Cloud Integration tenant "
                    + tenant.id() + "</h1><p>Monitoring UI is not simulated.</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/")) {
            ex.sendText(200, "Simulated SAP Cloud Integration tenant " + tenant.id() + "\nAPI: " + tenant.apiUrl()
                    + "\nToken: " + tenant.tokenUrl() + "\nRuntime: " + tenant.runtimeUrl() + "\n");
        } else {
            ex.sendText(404, "Not Found");
        }
    }

    /** Percent-decodes a path ('+' stays a plus); a malformed escape leaves it as it is. */
    /** The query string as a client wrote it before encoding ({@code +} as a space); empty when there is none. */
    private static String decodeQuery(String raw) {
        if (raw == null) {
            return "";
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    private static String decodePath(String raw) {
        if (raw == null) {
            return "/";
        }
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
