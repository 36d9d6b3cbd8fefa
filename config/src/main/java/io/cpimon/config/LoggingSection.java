package io.cpimon.config;

import java.util.Map;

/** The {@code logging} section: the format of the log lines. Stateless. */
final class LoggingSection {
    private LoggingSection() {}

    static CpimonConfig.LoggingConfig bind(ConfigMap l) {
        CpimonConfig.LogFormat format = l.choice("format", Map.of(
                "text", CpimonConfig.LogFormat.TEXT,
                "json", CpimonConfig.LogFormat.JSON), CpimonConfig.LogFormat.TEXT, false);
        l.done();
        return new CpimonConfig.LoggingConfig(format);
    }

    static void print(CpimonConfig.LoggingConfig l, YamlWriter out) {
        out.line(0, "logging:");
        out.line(1, "format: " + YamlWriter.lower(l.format()));
    }
}
