package io.cpimon.db;

public enum AlertState { PENDING, FIRING, RESOLVED }
