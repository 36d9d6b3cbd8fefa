package io.cpimon.api;

import io.vertx.ext.web.Router;

/**
 * The endpoints of one resource (tenants, alerts, silences, channels, …), mounted on the API router by
 * {@link ApiServer} behind authentication. Handlers must not block: they read the request with {@link Requests} and
 * run the service call through {@link Endpoints#respond}.
 */
@FunctionalInterface
public interface ApiRoutes {
    /** Adds this resource's routes; called once, on the thread that starts the server. */
    void mount(Router router, Endpoints endpoints);

    /** Frees what the routes hold (timers, event-bus consumers, open streams) when the server stops. */
    default void close() {}
}
