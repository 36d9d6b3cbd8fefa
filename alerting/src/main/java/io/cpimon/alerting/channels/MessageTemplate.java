package io.cpimon.alerting.channels;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of a channel's messages: the user's Mustache template ({@code template} or {@code templateFile}) over the
 * {@link MessageModel}, or the channel's default one. Logic-less and strict (JMustache): a misspelt name or section
 * is an error with its line, partials load nothing. A user template that fails at send time never loses the
 * notification: the default renders it instead, and {@link Rendered#problem()} says so (the log and the notification
 * log carry it). Immutable; thread-safe.
 */
public final class MessageTemplate {
    private static final Logger LOG = LoggerFactory.getLogger(MessageTemplate.class);
    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    /** How variables are escaped and which default applies, per family of markup. */
    public enum Flavour {
        /** Slack and its mrkdwn: {@code &}, {@code <}, {@code >} escaped (docs/channels.md §8.1). */
        SLACK("slack", Escapers.simple(new String[][] {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}})),
        /** Markdown (Teams, Mattermost): nothing escaped. */
        MARKDOWN("markdown", Escapers.NONE),
        /** Google Chat text paragraphs: the HTML subset, so values are HTML-escaped. */
        GOOGLE_CHAT("googlechat", Escapers.simple(new String[][] {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"},
            {"\"", "&quot;"}})),
        /** Plain text (email, webhook). */
        TEXT("text", Escapers.NONE);

        private final String resource;
        private final Mustache.Escaper escaper;

        Flavour(String resource, Mustache.Escaper escaper) {
            this.resource = resource;
            this.escaper = escaper;
        }

        Mustache.Compiler compiler() {
            return Mustache.compiler().withEscaper(escaper).strictSections(true).emptyStringIsFalse(true)
                    .zeroIsFalse(true).withLoader(name -> {
                        throw new MustacheParseException("partials ({{> " + name + "}}) are not supported");
                    });
        }

        /** The default template's source. */
        public String defaultSource() {
            try (InputStream in = MessageTemplate.class.getResourceAsStream("templates/" + resource + ".mustache")) {
                if (in == null) {
                    throw new IllegalStateException("default template " + resource + " is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What a template could not do, with the template line it failed at (0: unknown). */
    public static final class TemplateException extends Exception {
        private final int line;

        TemplateException(String message, int line, Throwable cause) {
            super(message, cause);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** A rendered text. @param problem null, or why the user's template failed and the default was used */
    public record Rendered(String text, String problem) {}

    private final String channel;
    private final Template custom;
    private final Template fallback;
    /** Null, or why the user's template did not compile (every message then says so). */
    private final String broken;

    private MessageTemplate(String channel, Template custom, Template fallback, String broken) {
        this.channel = channel;
        this.custom = custom;
        this.fallback = fallback;
        this.broken = broken;
    }

    /**
     * The template of channel {@code channel}. A user's template that does not compile (bound configurations were
     * checked already) is logged and replaced by the default, and every rendering says so.
     *
     * @param config nullable: the default template alone
     */
    public static MessageTemplate of(String channel, TemplateConfig config, Flavour flavour) {
        Template fallback = flavour.compiler().compile(flavour.defaultSource());
        if (config == null) {
            return new MessageTemplate(channel, null, fallback, null);
        }
        try {
            return new MessageTemplate(channel, compile(config.source(), flavour), fallback, null);
        } catch (TemplateException e) {
            String problem = failure(e);
            LOG.warn("channel {}: {}", channel, problem);
            return new MessageTemplate(channel, null, fallback, problem);
        }
    }

    private static String failure(TemplateException e) {
        return "template failed" + (e.line() > 0 ? " at line " + e.line() : "") + ": " + e.getMessage()
                + "; the default template was used";
    }

    /** Compiles {@code source}; errors name their line. */
    static Template compile(String source, Flavour flavour) throws TemplateException {
        try {
            return flavour.compiler().compile(source);
        } catch (MustacheException e) {
            throw problem(e);
        }
    }

    /** Renders {@code model} with {@code template}; errors name their line. */
    static String render(Template template, Map<String, Object> model) throws TemplateException {
        try {
            return template.execute(model);
        } catch (MustacheException e) {
            throw problem(e);
        } catch (RuntimeException e) { // a template must never cost a notification, whatever it trips over
            throw new TemplateException(e.getClass().getSimpleName() + ": " + e.getMessage(), 0, e);
        }
    }

    private static TemplateException problem(MustacheException e) {
        int line = 0;
        if (e instanceof MustacheException.Context c) {
            line = c.lineNo;
        } else {
            Matcher m = LINE.matcher(String.valueOf(e.getMessage()));
            if (m.find()) {
                line = Integer.parseInt(m.group(1));
            }
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof MustacheException.Context c && message.startsWith("No method or field")) {
            message = "no value named '" + c.key + "' in the message model";
        }
        return new TemplateException(message, line, e);
    }

    /** Whether a user's template replaces the default. */
    public boolean isCustom() {
        return custom != null || broken != null;
    }

    /** The text of {@code notice}: the user's template, or the default when there is none or it fails. */
    public Rendered render(GroupNotice notice) {
        return render(notice, MessageModel.MAX_ALERTS);
    }

    /** {@link #render(GroupNotice)} listing at most {@code maxAlerts} alerts, for channels that shrink to fit. */
    public Rendered render(GroupNotice notice, int maxAlerts) {
        Map<String, Object> model = MessageModel.of(notice, maxAlerts);
        if (custom != null) {
            try {
                return new Rendered(trim(render(custom, model)), null);
            } catch (TemplateException e) {
                String problem = failure(e);
                LOG.warn("channel {}: {}", channel, problem);
                return new Rendered(trim(fallback.execute(model)), problem);
            }
        }
        return new Rendered(trim(fallback.execute(model)), broken);
    }

    /** What ends a text cut to fit a peer's limit. */
    static final String CUT_MARK = "\n… (cut to fit; the whole group is in cpimon)";

    /** {@code text}, or its start with {@link #CUT_MARK} when it is longer than {@code max} characters. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - CUT_MARK.length())) + CUT_MARK;
    }

    private static String trim(String s) {
        return s.strip();
    }
}
