package io.cpimon.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.cpimon.config.CpimonConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.format} to Logback: with {@code json} every console and file appender of the root logger
 * writes one JSON object per line ({@code @timestamp}, {@code level}, {@code logger_name}, {@code message},
 * {@code thread_name}, the MDC fields such as {@code tenant}, {@code rule}, {@code channel}, {@code forwarder}, and
 * {@code stack_trace}); with {@code text} the appenders keep the pattern of {@code logback.xml}. Call once at start,
 * before the components log; not thread-safe.
 */
final class LogFormat {
    private LogFormat() {}

    /** @return the appenders switched to JSON (none for text, or when Logback is not the SLF4J binding) */
    static List<String> apply(CpimonConfig.LoggingConfig logging) {
        List<String> switched = new ArrayList<>();
        if (logging.format() != CpimonConfig.LogFormat.JSON
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return switched;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
                LogstashEncoder json = new LogstashEncoder();
                json.setContext(context);
                json.start();
                // swapped while the appender runs: stopping it would close its stream (the console's included)
                Encoder<ILoggingEvent> text = out.getEncoder();
                out.setEncoder(json);
                if (text != null) {
                    text.stop();
                }
                switched.add(out.getName());
            }
        }
        return switched;
    }
}
