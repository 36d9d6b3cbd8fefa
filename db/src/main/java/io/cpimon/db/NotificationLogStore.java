package io.cpimon.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable notification log per (group key, channel). Thread-safe; blocking. */
public interface NotificationLogStore {

    Optional<NotificationLogEntry> get(String groupKey, String channel);

    /** Inserts or replaces the entry of its (group key, channel); call only after the peer accepted. */
    void put(NotificationLogEntry entry);

    /** Entries with firing alerts whose last notification was at or before {@code sentBefore}, oldest first. */
    List<NotificationLogEntry> firingSentBefore(Instant sentBefore, int limit);

    /** Every entry, newest send first. */
    List<NotificationLogEntry> list(int limit);
}
