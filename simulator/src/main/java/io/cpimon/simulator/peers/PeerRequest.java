package io.cpimon.simulator.peers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One request a channel peer received, and the status it answered. Immutable.
 *
 * @param at      when it arrived (the simulator's clock)
 * @param headers request headers, names lower-cased (last value wins)
 * @param body    the raw body bytes as received (possibly gzip)
 * @param status  the status the peer answered (0 while not yet answered / when it hung)
 */
public record PeerRequest(Instant at, String method, String path, String query, Map<String, String> headers,
        byte[] body, int status) {

    public PeerRequest {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    PeerRequest withStatus(int s) {
        return new PeerRequest(at, method, path, query, headers, body, s);
    }
}
