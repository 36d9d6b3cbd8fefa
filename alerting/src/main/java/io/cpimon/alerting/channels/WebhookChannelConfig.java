package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.CpimonConfig.BasicAuthConfig;
import io.cpimon.config.Secret;
import io.cpimon.config.YamlWriter;

/**
 * A {@code webhook} channel: Prometheus Alertmanager v4 webhook JSON.
 *
 * @param auth nullable: basic credentials towards the receiver
 * @param template nullable: the user's template of the {@code message} field
 */
public record WebhookChannelConfig(String name, Secret url, BasicAuthConfig auth, TemplateConfig template)
        implements ChannelConfig {
    public static final String TYPE = "webhook";

    /** A channel with the default template. */
    public WebhookChannelConfig(String name, Secret url, BasicAuthConfig auth) {
        this(name, url, auth, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return "Alertmanager v4 webhook; URL hidden";
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "url: " + YamlWriter.secret(url));
        if (auth != null) {
            out.line(depth, "auth:");
            out.basicAuth(depth + 1, auth);
        }
        TemplateConfig.print(template, out, depth);
    }

    static WebhookChannelConfig bind(String name, ConfigMap c) {
        Secret url = c.secretUrl("url");
        ConfigMap auth = c.optional("auth");
        return new WebhookChannelConfig(name, url, auth == null ? null : auth.basicAuth(),
                TemplateConfig.bind(c, MessageTemplate.Flavour.TEXT));
    }
}
