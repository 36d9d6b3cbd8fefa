package io.cpimon.alerting.channels;

import io.cpimon.config.ConfigMap;
import io.cpimon.config.YamlWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A channel's own message template: {@code template: |} inline, or {@code templateFile:} (a path, relative to the
 * working directory). Binding compiles it and renders it against {@link MessageModel#sample()}, so that
 * {@code check-config} reports a broken template with its line. Immutable.
 *
 * @param source the Mustache text
 * @param file nullable: where it was read from
 */
public record TemplateConfig(String source, String file) {

    /** Prints the keys {@code template} or {@code templateFile} (nothing for null). */
    static void print(TemplateConfig t, YamlWriter out, int depth) {
        if (t == null) {
            return;
        }
        if (t.file() != null) {
            out.line(depth, "templateFile: " + YamlWriter.str(t.file()));
        } else {
            out.line(depth, "template: |");
            t.source().lines().forEach(l -> out.line(depth + 1, l));
        }
    }

    /** Reads {@code template} or {@code templateFile} of channel {@code c} (null when neither is written). */
    static TemplateConfig bind(ConfigMap c, MessageTemplate.Flavour flavour) {
        ConfigMap.Text inline = c.text("template", false);
        ConfigMap.Text file = c.text("templateFile", false);
        if (inline != null && file != null) {
            c.error(file, "give either template or templateFile, not both");
            return null;
        }
        if (inline != null) {
            boolean block = inline.value().contains("\n");
            TemplateConfig t = new TemplateConfig(inline.value(), null);
            String problem = t.problem(flavour);
            if (problem != null) {
                int at = problemLine(t, flavour);
                c.error(block && at > 0 ? c.keyLine("template") + at : c.keyLine("template"), c.field("template"),
                        problem);
            }
            return t;
        }
        if (file != null) {
            String source;
            try {
                source = Files.readString(Path.of(file.value()));
            } catch (IOException | InvalidPathException e) {
                c.error(file, "cannot read template file " + file.value() + ": " + e.getClass().getSimpleName());
                return null;
            }
            TemplateConfig t = new TemplateConfig(source, file.value());
            String problem = t.problem(flavour);
            if (problem != null) {
                c.error(file, file.value() + ": " + problem);
            }
            return t;
        }
        return null;
    }

    /** Why this template cannot render the sample alert ({@code template line N: …}), or null. */
    String problem(MessageTemplate.Flavour flavour) {
        try {
            MessageTemplate.render(MessageTemplate.compile(source, flavour), MessageModel.of(MessageModel.sample()));
            return null;
        } catch (MessageTemplate.TemplateException e) {
            return (e.line() > 0 ? "template line " + e.line() + ": " : "template: ") + e.getMessage();
        }
    }

    private static int problemLine(TemplateConfig t, MessageTemplate.Flavour flavour) {
        try {
            MessageTemplate.render(MessageTemplate.compile(t.source(), flavour), MessageModel.of(MessageModel.sample()));
            return 0;
        } catch (MessageTemplate.TemplateException e) {
            return e.line();
        }
    }
}
