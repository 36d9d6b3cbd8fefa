package io.cpimon.alerting.outbox;

import io.cpimon.db.NotificationLogEntry;
import io.cpimon.db.NotificationLogStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The notification log in memory: for a single instance without durability. Thread-safe. */
public final class InMemoryNotificationLogStore implements NotificationLogStore {
    private final Map<String, NotificationLogEntry> entries = new ConcurrentHashMap<>();

    private static String key(String groupKey, String channel) {
        return channel + "\u0000" + groupKey;
    }

    @Override
    public Optional<NotificationLogEntry> get(String groupKey, String channel) {
        return Optional.ofNullable(entries.get(key(groupKey, channel)));
    }

    @Override
    public void put(NotificationLogEntry entry) {
        entries.put(key(entry.groupKey(), entry.channel()), entry);
    }

    @Override
    public List<NotificationLogEntry> firingSentBefore(Instant sentBefore, int limit) {
        return entries.values().stream().filter(e -> e.episodeStart() != null && !e.lastSentAt().isAfter(sentBefore))
                .sorted(Comparator.comparing(NotificationLogEntry::lastSentAt)).limit(limit).toList();
    }

    @Override
    public List<NotificationLogEntry> list(int limit) {
        return entries.values().stream().sorted(Comparator.comparing(NotificationLogEntry::lastSentAt).reversed())
                .limit(limit).toList();
    }
}
