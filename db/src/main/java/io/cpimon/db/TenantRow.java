package io.cpimon.db;

import java.util.Map;

/**
 * The config mirror of a tenant (no secrets).
 * @param pairId nullable; @param role {@code primary}, {@code dr} or null
 */
public record TenantRow(String id, String name, Map<String, String> labels, String pairId, String role, String apiUrl, String probeUrl) {}
