package io.cpimon.db;

import java.time.Instant;
import java.util.Map;

public record NewAlert(
        String fingerprint, String rule, Map<String, String> labels, Map<String, String> annotations,
        AlertState state, Instant activeAt) {}
