package io.cpimon.alerting.channels;

/** {@code TABLE}: incidents through the Table API; {@code EVENT}: Event Management {@code jsonv2} events. */
public enum ServiceNowMode { TABLE, EVENT }
