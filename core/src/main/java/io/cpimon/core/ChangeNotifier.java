package io.cpimon.core;

/**
 * Told when something the dashboard shows has changed (a probe result, an ingested page, an alert
 * transition). Implementations must not block: the server wires it to the Vert.x event bus.
 */
@FunctionalInterface
public interface ChangeNotifier {
    ChangeNotifier NOOP = (kind, tenantId) -> {};

    /** @param kind {@code probe}, {@code ingest}, {@code alert}, {@code notification}; @param tenantId nullable */
    void changed(String kind, String tenantId);
}
