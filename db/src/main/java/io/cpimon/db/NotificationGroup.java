package io.cpimon.db;

/** One alert group's outbox rows for one channel. */
public record NotificationGroup(String groupKey, String channel) {}
