package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.YamlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code email} channel: one SMTP server, a sender, at least one recipient.
 *
 * @param template nullable: the user's template of the text part (the HTML part then shows the same text)
 */
public record EmailChannelConfig(String name, SmtpConfig smtp, String from, List<String> to, TemplateConfig template)
        implements ChannelConfig {
    public static final String TYPE = "email";

    /** A channel with the default template. */
    public EmailChannelConfig(String name, SmtpConfig smtp, String from, List<String> to) {
        this(name, smtp, from, to, null);
    }
    static final int SMTP_PORT = 587;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return "smtp://" + smtp.host() + ":" + smtp.port() + " → " + String.join(", ", to);
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "smtp:");
        out.line(depth + 1, "host: " + YamlWriter.str(smtp.host()));
        out.line(depth + 1, "port: " + smtp.port());
        out.line(depth + 1, "starttls: " + smtp.starttls());
        out.line(depth + 1, "user: " + YamlWriter.str(smtp.user()));
        out.line(depth + 1, "password: " + YamlWriter.secret(smtp.password()));
        out.line(depth, "from: " + YamlWriter.str(from));
        out.line(depth, "to: " + YamlWriter.flow(to));
        TemplateConfig.print(template, out, depth);
    }

    static EmailChannelConfig bind(String name, ConfigMap c) {
        ConfigMap s = c.required("smtp");
        SmtpConfig smtp = null;
        if (s != null) {
            smtp = new SmtpConfig(s.requiredString("host"), s.integer("port", SMTP_PORT, 1, 65535),
                    s.bool("starttls", true), s.string("user", null), s.secret("password", false));
            s.done();
        }
        ConfigMap.Text from = c.text("from", true);
        if (from != null) {
            checkEmail(c, from);
        }
        List<String> to = new ArrayList<>();
        List<ConfigMap.Item> toItems = c.items("to");
        if (toItems == null || toItems.isEmpty()) {
            c.error(c.line("to"), c.field("to"),
                    toItems == null ? "missing required field" : "must list at least one address");
        } else {
            for (ConfigMap.Item item : toItems) {
                ConfigMap.Text address = item.text();
                if (address != null && checkEmail(c, address)) {
                    to.add(address.value());
                }
            }
        }
        return new EmailChannelConfig(name, smtp, from == null ? null : from.value(), List.copyOf(to),
                TemplateConfig.bind(c, MessageTemplate.Flavour.TEXT));
    }

    private static boolean checkEmail(ConfigMap c, ConfigMap.Text address) {
        if (!address.value().matches("[^@\\s]+@[^@\\s]+")) {
            c.error(address, address.shown() + " is not an email address");
            return false;
        }
        return true;
    }
}
