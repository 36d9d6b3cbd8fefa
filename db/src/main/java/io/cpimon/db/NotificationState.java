package io.cpimon.db;

public enum NotificationState { PENDING, SENT, DEAD }
