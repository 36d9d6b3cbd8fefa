package io.cpimon.alerting.channels;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Email over SMTP (Angus Mail) with STARTTLS (required when configured) and optional auth (docs/channels.md §4):
 * {@code multipart/alternative} with text/plain first and text/html last, a stable subject per group, a
 * deterministic {@code Message-ID} for the first mail of an episode ({@code <group hash>.<episode start>@cpimon>})
 * under which every later mail of the episode (new alerts, repeats, the resolved mail) threads with
 * {@code In-Reply-To} and {@code References}, and {@code Auto-Submitted: auto-generated} (RFC 3834).
 * Connection problems and 4xx replies retry; rejected credentials, recipients and 5xx replies fail.
 */
public final class EmailChannel implements Channel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<EmailChannelConfig> DEFINITION = new ChannelKind<>(
            EmailChannelConfig.TYPE, EmailChannelConfig.class, EmailChannelConfig::bind,
            (c, context) -> new EmailChannel(c, context.timeout()));

    static final String DOMAIN = "cpimon";

    private final String name;
    private final EmailChannelConfig config;
    private final Session session;
    private final MessageTemplate template;

    public EmailChannel(EmailChannelConfig config, Duration timeout) {
        this.name = config.name();
        this.config = config;
        SmtpConfig smtp = config.smtp();
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.auth", Boolean.toString(smtp.user() != null));
        p.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        p.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        p.put("mail.debug", System.getProperty("cpimon.mail.debug", "false"));
        this.session = Session.getInstance(p);
        this.template = MessageTemplate.of(config.name(), config.template(), MessageTemplate.Flavour.TEXT);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "email";
    }

    /** The Message-ID of the first mail of the notice's episode: every later mail of the episode threads under it. */
    static String rootId(GroupNotice n) {
        return "<" + n.groupHash() + "." + n.episodeStart().toEpochMilli() + "@" + DOMAIN + ">";
    }

    static boolean opensEpisode(GroupNotice n) {
        return NotificationReason.FIRST.text().equals(n.reason()) || NotificationReason.TEST.text().equals(n.reason());
    }

    @Override
    public Delivery send(GroupNotice notice) {
        String root = rootId(notice);
        boolean first = opensEpisode(notice);
        String id = first ? root : "<" + notice.groupHash() + "." + notice.episodeStart().toEpochMilli() + "."
                + notice.sentAt().toEpochMilli() + "." + notice.status().text() + "@" + DOMAIN + ">";
        String problem;
        try {
            MimeMessage m = new FixedIdMessage(session, id);
            m.setFrom(new InternetAddress(config.from()));
            for (String to : config.to()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject(notice.subject(), "UTF-8");
            m.setSentDate(Date.from(notice.sentAt()));
            m.setHeader("Auto-Submitted", "auto-generated");
            m.setHeader("X-Cpimon-Status", notice.status().text());
            m.setHeader("X-Cpimon-Reason", notice.reason());
            if (!first) {
                m.setHeader("In-Reply-To", root);
                m.setHeader("References", root);
            }
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            MessageTemplate.Rendered rendered = template.render(notice);
            text.setText(rendered.text() + "\n", "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(template.isCustom() ? preformatted(notice, rendered.text()) : html(notice), "UTF-8", "html");
            problem = rendered.problem();
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            m.setContent(alternative);
            m.saveChanges();
            String password = config.smtp().password() == null ? null : config.smtp().password().reveal();
            if (config.smtp().user() == null) {
                Transport.send(m);
            } else {
                Transport.send(m, config.smtp().user(), password);
            }
            return new Delivery.Delivered(id, problem);
        } catch (AuthenticationFailedException e) {
            return new Delivery.Failed("SMTP server of channel " + name + " rejected the credentials");
        } catch (SMTPSendFailedException e) {
            String reason = "SMTP server of channel " + name + " answered " + e.getReturnCode();
            return e.getReturnCode() / 100 == 4 ? new Delivery.Retry(reason, null) : new Delivery.Failed(reason);
        } catch (SendFailedException e) {
            return new Delivery.Failed("SMTP server of channel " + name + " refused the recipients");
        } catch (MessagingException e) {
            return new Delivery.Retry("SMTP server of channel " + name + " unreachable: " + TeamsChannel.rootMessage(e), null);
        }
    }

    /** The plain text of a notice without a template, as ServiceNow's descriptions show it. */
    static String plain(GroupNotice n) {
        StringBuilder s = new StringBuilder(n.title()).append("\n\n");
        s.append("Reason: ").append(n.reason()).append('\n');
        s.append("Since: ").append(n.episodeStart()).append('\n');
        new TreeMap<>(n.commonLabels()).forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
        section(s, "Firing", n.firing(), n);
        section(s, "Resolved", n.resolved(), n);
        if (n.dashboardUrl() != null) {
            s.append("\nDashboard: ").append(n.dashboardUrl()).append('\n');
        }
        return s.toString();
    }

    private static void section(StringBuilder s, String title, List<AlertNotice> alerts, GroupNotice n) {
        if (alerts.isEmpty()) {
            return;
        }
        s.append('\n').append(title).append(" (").append(alerts.size()).append("):\n");
        for (AlertNotice a : alerts) {
            s.append("- ").append(GroupNotice.summary(a));
            Map<String, String> distinct = n.distinctLabels(a);
            if (!distinct.isEmpty()) {
                s.append(' ').append(distinct);
            }
            s.append(" since ").append(a.startedAt());
            if (a.endedAt() != null) {
                s.append(", resolved ").append(a.endedAt());
            }
            s.append('\n');
            String description = a.annotations().get("description");
            if (description != null) {
                s.append("  ").append(TeamsChannel.abbreviate(description, 2_000)).append('\n');
            }
            String error = a.annotations().get("errorText");
            if (error != null && (description == null || !description.contains(error))) {
                s.append("  Last error: ").append(TeamsChannel.abbreviate(error, 2_000)).append('\n');
            }
            String link = a.annotations().get("alternateWebLink");
            if (link != null) {
                s.append("  CPI: ").append(link).append('\n');
            }
        }
    }

    static String html(GroupNotice n) {
        StringBuilder s = new StringBuilder("<html><body>");
        s.append("<h2 style=\"color:").append(n.isFiring() ? "#8C1A1A" : "#2DC72D").append("\">").append(esc(n.title())).append("</h2>");
        s.append("<table>");
        s.append(row("reason", n.reason())).append(row("since", n.episodeStart().toString()));
        new TreeMap<>(n.commonLabels()).forEach((k, v) -> s.append(row(k, v)));
        s.append("</table>");
        for (var part : List.of(Map.entry("Firing", n.firing()), Map.entry("Resolved", n.resolved()))) {
            if (part.getValue().isEmpty()) {
                continue;
            }
            s.append("<h3>").append(part.getKey()).append(" (").append(part.getValue().size()).append(")</h3><ul>");
            for (AlertNotice a : part.getValue()) {
                s.append("<li><b>").append(esc(GroupNotice.summary(a))).append("</b>");
                Map<String, String> distinct = n.distinctLabels(a);
                if (!distinct.isEmpty()) {
                    s.append(" ").append(esc(distinct.toString()));
                }
                String description = a.annotations().get("description");
                if (description != null) {
                    s.append("<br>").append(esc(TeamsChannel.abbreviate(description, 2_000)));
                }
                String link = a.annotations().get("alternateWebLink");
                if (link != null) {
                    s.append("<br><a href=\"").append(esc(link)).append("\">Open in CPI</a>");
                }
                NoticeLinks links = NoticeLinks.of(n.dashboardUrl(), a);
                if (links.hasAlertActions() && a.firing()) {
                    s.append("<br><a href=\"").append(esc(links.ack())).append("\">Acknowledge</a> · <a href=\"")
                            .append(esc(links.silence())).append("\">Silence</a>");
                }
                s.append("</li>");
            }
            s.append("</ul>");
        }
        if (n.dashboardUrl() != null) {
            s.append("<p><a href=\"").append(esc(n.dashboardUrl())).append("\">Open in cpimon</a></p>");
        }
        return s.append("</body></html>").toString();
    }

    /** The HTML part of a mail whose text comes from the user's template: that text, as it is. */
    static String preformatted(GroupNotice n, String text) {
        return "<html><body><h2 style=\"color:" + (n.isFiring() ? "#8C1A1A" : "#2DC72D") + "\">" + esc(n.title())
                + "</h2><pre style=\"font-family:inherit;white-space:pre-wrap\">" + esc(text) + "</pre></body></html>";
    }

    private static String row(String k, String v) {
        return "<tr><th align=\"left\">" + esc(k) + "</th><td>" + esc(v) + "</td></tr>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Keeps the Message-ID we chose ({@link MimeMessage#saveChanges()} would otherwise generate one). */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
