package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.Secret;
import io.cpimon.config.YamlWriter;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code servicenow} channel.
 *
 * @param assignmentGroup nullable
 * @param mode default TABLE
 * @param closeCode resolve code, default {@code Solution provided}
 * @param closeNotes resolve notes prefix, default {@code Auto-resolved by cpimon}
 */
public record ServiceNowChannelConfig(
        String name, URI url, String user, Secret password, String assignmentGroup,
        ServiceNowMode mode, String closeCode, String closeNotes) implements ChannelConfig {
    public static final String TYPE = "servicenow";
    public static final String CLOSE_CODE = "Solution provided";
    public static final String CLOSE_NOTES = "Auto-resolved by cpimon";

    /** Incidents (TABLE) with the default close code and notes. */
    public ServiceNowChannelConfig(String name, URI url, String user, Secret password, String assignmentGroup) {
        this(name, url, user, password, assignmentGroup, ServiceNowMode.TABLE, CLOSE_CODE, CLOSE_NOTES);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return ChannelConfig.withoutCredentials(url) + " ("
                + (mode == null ? "table" : mode.name().toLowerCase(Locale.ROOT)) + ")";
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "url: " + YamlWriter.str(url.toString()));
        out.line(depth, "user: " + YamlWriter.str(user));
        out.line(depth, "password: " + YamlWriter.secret(password));
        out.line(depth, "assignmentGroup: " + YamlWriter.str(assignmentGroup));
        out.line(depth, "mode: " + YamlWriter.lower(mode));
        out.line(depth, "closeCode: " + YamlWriter.str(closeCode));
        out.line(depth, "closeNotes: " + YamlWriter.str(closeNotes));
    }

    static ServiceNowChannelConfig bind(String name, ConfigMap c) {
        return new ServiceNowChannelConfig(name, c.url("url", true), c.requiredString("user"),
                c.secret("password", true), c.string("assignmentGroup", null),
                c.choice("mode", Map.of("table", ServiceNowMode.TABLE, "event", ServiceNowMode.EVENT),
                        ServiceNowMode.TABLE, false),
                c.string("closeCode", CLOSE_CODE),
                c.string("closeNotes", CLOSE_NOTES));
    }
}
