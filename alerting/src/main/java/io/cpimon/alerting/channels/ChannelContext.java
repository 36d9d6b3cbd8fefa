package io.cpimon.alerting.channels;

import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * What a channel factory may build a channel from.
 *
 * @param client the HTTP client the HTTP channels share
 * @param timeout of one delivery attempt
 */
public record ChannelContext(WebClient client, Duration timeout) {}
