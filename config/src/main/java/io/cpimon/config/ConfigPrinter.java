package io.cpimon.config;

/**
 * Renders a {@link CpimonConfig} as YAML text: the effective configuration, defaults included, in
 * the same shape as cpimon.yaml, section by section. Every {@link Secret} prints as {@code <secret>} followed by a
 * comment naming its source ({@code env:NAME}, {@code file:PATH} or {@code inline}), never its value.
 * Used by {@code check-config} to show what was understood. Stateless.
 */
public final class ConfigPrinter {
    private ConfigPrinter() {}

    public static String print(CpimonConfig c) {
        YamlWriter out = new YamlWriter();
        ServerSection.print(c.server(), out);
        DatabaseSection.print(c.database(), out);
        RetentionSection.print(c.retention(), out);
        TenantsSection.print(c.tenants(), out);
        PairsSection.print(c.pairs(), out);
        RulesSection.print(c.rules(), out);
        ChannelsSection.print(c.channels(), out);
        RoutesSection.print(c.routes(), out);
        if (!c.forwarding().isEmpty()) {
            ForwardingSection.print(c.forwarding(), out);
        }
        LoggingSection.print(c.logging(), out);
        return out.toString();
    }

    /** A YAML scalar: plain when that reads back as the same string, double-quoted otherwise. */
    static String str(String v) {
        return YamlWriter.str(v);
    }
}
