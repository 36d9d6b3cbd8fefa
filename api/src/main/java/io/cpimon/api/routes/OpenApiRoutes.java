package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3.1 description of every route ({@code openapi.yaml} of this module's
 * resources), outside authentication so that tools and people can read it before they have a token. The document is
 * read once, when the routes are built. Stateless after that; handlers never block.
 */
public final class OpenApiRoutes implements ApiRoutes {
    /** Where the document lives on the class path. */
    public static final String RESOURCE = "/openapi.yaml";
    /** The media type of YAML (RFC 9512). */
    static final String CONTENT_TYPE = "application/yaml; charset=utf-8";

    private final String document;

    public OpenApiRoutes() {
        this.document = document();
    }

    /** The document's text. */
    public static String document() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Cache-Control", "no-cache").end(document));
    }
}
