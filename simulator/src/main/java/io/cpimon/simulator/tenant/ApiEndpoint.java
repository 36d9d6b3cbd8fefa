package io.cpimon.simulator.tenant;

import io.cpimon.simulator.BasicCredentials;
import io.cpimon.simulator.odata.ODataException;
import io.cpimon.simulator.odata.QueryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OData V2 service root {@code /api/v1} of one tenant: authentication (a valid bearer token or the Basic API
 * user), the CSRF rules of modifying methods, the service document, and routing to the entity sets
 * ({@link MplEndpoint}, {@link ArtifactEndpoints}). Rejections are thrown as {@link ODataException}.
 * Runs on the tenant server's event loop.
 */
final class ApiEndpoint {

    private static final Pattern ENTITY = Pattern.compile("^/(\\w+)\\('((?:[^']|'')*)'\\)(/.*)?$");

    private final SimulatedTenant tenant;
    private final MplEndpoint mpls;
    private final ArtifactEndpoints artifacts;
    private final ContentEndpoints content;

    ApiEndpoint(SimulatedTenant tenant) {
        this.tenant = tenant;
        this.mpls = new MplEndpoint(tenant);
        this.artifacts = new ArtifactEndpoints(tenant);
        this.content = new ContentEndpoints(tenant);
    }

    /** Answers {@code /api/v1<rest>}. */
    void handle(Exchange ex, String rest) {
        HttpServerRequest req = ex.request();
        if (!authorized(req)) {
            String auth = req.getHeader("Authorization");
            ex.response().putHeader("WWW-Authenticate", auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)
                    ? "Basic realm=\"SAP Cloud Integration\"" : "Bearer realm=\"cpi\", error=\"invalid_token\"");
            ex.send(401, null, new byte[0]);
            return;
        }
        if ("fetch".equalsIgnoreCase(req.getHeader("X-CSRF-Token"))) {
            ex.response().putHeader("X-CSRF-Token", Ids.hex(new SplittableRandom(System.nanoTime()), 32));
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            if (req.getHeader("X-CSRF-Token") == null) {
                ex.response().putHeader("X-CSRF-Token", "Required");
                ex.sendText(403, "CSRF token validation failed");
            } else {
                throw new ODataException(405, "Method Not Allowed", "The simulated tenant serves read requests only");
            }
            return;
        }
        QueryOptions q = QueryOptions.parse(req.query());
        switch (rest) {
            case "", "/" -> {
                q.requireJson(req.getHeader("Accept"));
                ex.sendData(200, Exchange.JSON, ODataWriter.serviceDocument());
            }
            case "/MessageProcessingLogs", "/MessageProcessingLogs/" -> mpls.collection(ex, q);
            case "/MessageProcessingLogs/$count" -> mpls.count(ex, q);
            case "/IntegrationRuntimeArtifacts", "/IntegrationRuntimeArtifacts/" -> artifacts.artifactCollection(ex, q);
            case "/KeystoreEntries", "/KeystoreEntries/" -> artifacts.keystoreCollection(ex, q);
            default -> {
                if (ContentEndpoints.COLLECTIONS.contains(rest)) {
                    content.collection(ex, q, rest);
                } else {
                    entity(ex, q, rest);
                }
            }
        }
    }

    private void entity(Exchange ex, QueryOptions q, String rest) {
        Matcher m = ENTITY.matcher(rest);
        if (m.matches()) {
            String key = m.group(2).replace("''", "'");
            String sub = m.group(3) == null ? "" : m.group(3);
            switch (m.group(1)) {
                case "MessageProcessingLogs" -> {
                    mpls.entity(ex, q, key, sub);
                    return;
                }
                case "IntegrationRuntimeArtifacts" -> {
                    artifacts.artifactEntity(ex, q, key, sub);
                    return;
                }
                case "KeystoreEntries" -> {
                    artifacts.keystoreEntity(ex, q, key, sub);
                    return;
                }
                case "JmsBrokers" -> {
                    content.jmsBroker(ex, q, key, sub);
                    return;
                }
                default -> {
                    // an unknown entity set: 404 below
                }
            }
        }
        throw ODataException.notFound("Resource not found for the segment '" + rest + "'");
    }

    private boolean authorized(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth == null) {
            return false;
        }
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tenant.tokens().valid(auth.substring(7).trim());
        }
        BasicCredentials basic = BasicCredentials.parse(auth);
        return basic != null && basic.matches(tenant.basicUser(), tenant.basicPassword());
    }
}
