package io.cpimon.alerting.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A condition a rule found true at one evaluation. Its identity is the fingerprint of its labels
 * (which always include {@code rule}); annotations (summary, description, links) may change freely.
 */
public record AlertInstance(Map<String, String> labels, Map<String, String> annotations) {

    public AlertInstance {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        if (!labels.containsKey("rule")) {
            throw new IllegalArgumentException("an alert instance needs a 'rule' label: " + labels);
        }
    }

    public String rule() {
        return labels.get("rule");
    }

    public String fingerprint() {
        return fingerprint(labels);
    }

    /** 16 hex digits of SHA-256 over the sorted {@code name=value} pairs: stable across restarts and instances. */
    public static String fingerprint(Map<String, String> labels) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> canonical.append(k).append('\u0000').append(v).append('\u0001'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
