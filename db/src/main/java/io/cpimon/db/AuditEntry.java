package io.cpimon.db;

import java.time.Instant;

/**
 * One state change made through the API, as recorded after its response ended.
 * @param id 0 before it is stored
 * @param actor the token's name ({@code anonymous} when the API is open, {@code unauthenticated} when refused)
 * @param action what was done, e.g. {@code alerts.ack}, {@code silences.create}, {@code session.login}
 * @param route the route template, e.g. {@code /api/v1/alerts/{id}/ack}
 * @param target nullable: the path parameters' values (the alert id, the channel name)
 * @param status the HTTP status answered
 * @param summary nullable: a short description without secrets (a problem's detail, what was created)
 * @param remote nullable: the client's address
 */
public record AuditEntry(long id, Instant at, String actor, String action, String method, String route,
                         String target, int status, String summary, String remote) {}
