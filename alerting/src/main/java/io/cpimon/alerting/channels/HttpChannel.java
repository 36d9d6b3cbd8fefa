package io.cpimon.alerting.channels;

import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * What every channel that speaks HTTP through Vert.x holds: its configured name and YAML type, the shared
 * {@link WebClient} (owned and closed by the caller) and the timeout of one request. Subclasses render and classify
 * (see {@link HttpOutcomes}); they make one attempt per {@link #send}.
 */
public abstract class HttpChannel implements Channel {
    protected final String name;
    protected final WebClient client;
    protected final Duration timeout;
    private final String type;

    protected HttpChannel(String name, String type, WebClient client, Duration timeout) {
        this.name = name;
        this.type = type;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String type() {
        return type;
    }
}
