package io.cpimon.api;

import io.vertx.ext.web.Router;

/**
 * A group of endpoints (e.g. alerts and silences, channels) mounted on the API router by
 * {@code server}'s wiring. Handlers must not block: run store calls through {@link Endpoints#respond}.
 */
@FunctionalInterface
public interface ApiRoutes {
    void mount(Router router, Endpoints endpoints);
}
