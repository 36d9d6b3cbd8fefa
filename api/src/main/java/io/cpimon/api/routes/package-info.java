/**
 * The API's resources, one {@link io.cpimon.api.ApiRoutes} per resource (tenants, messages, alerts, silences, rules,
 * pairs, channels, inbound alerts, notifications, the event stream, health, metrics), and the read models they render
 * ({@link io.cpimon.api.routes.TenantViews}). Each handler parses the request, makes one service or store call off the
 * event loop and renders the result; decisions live in the modules that own them.
 */
package io.cpimon.api.routes;
