package io.cpimon.simulator.tenant;

import io.cpimon.simulator.SimClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The OAuth access tokens of one tenant: issues JWT-shaped tokens for its client, remembers each until it expires on
 * the {@link SimClock}, forgets all on revoke. Thread-safe.
 */
final class TokenIssuer {

    private final SimClock clock;
    private final String tenantId;
    private final String clientId;
    private final Supplier<String> tokenUrl;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private volatile Duration validity = Duration.ofSeconds(43199);

    TokenIssuer(SimClock clock, String tenantId, String clientId, Supplier<String> tokenUrl) {
        this.clock = clock;
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.tokenUrl = tokenUrl;
    }

    Duration validity() {
        return validity;
    }

    void validity(Duration d) {
        this.validity = Objects.requireNonNull(d);
    }

    String issue() {
        SplittableRandom r = new SplittableRandom(Ids.mix(System.nanoTime(), tokens.size()));
        Instant now = clock.instant();
        Instant exp = now.plus(validity);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"RS256\",\"jku\":\"http://127.0.0.1/token_keys\","
                + "\"kid\":\"default-jwt-key\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        String jti = Ids.hex(r, 32);
        String payload = b64.encodeToString(("{\"jti\":\"" + jti + "\",\"sub\":\"" + clientId.replace("\"", "")
                + "\",\"client_id\":\"" + clientId + "\",\"cid\":\"" + clientId
                + "\",\"grant_type\":\"client_credentials\",\"scope\":[\"it!b" + tenantId.length()
                + ".MonitoringDataRead\",\"uaa.resource\"],\"zid\":\"" + tenantId + "\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + exp.getEpochSecond() + ",\"iss\":\"" + tokenUrl.get() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String signature = b64.encodeToString(Ids.sha256(header + "." + payload + jti));
        String token = header + "." + payload + "." + signature;
        tokens.put(token, exp);
        return token;
    }

    boolean valid(String token) {
        Instant exp = tokens.get(token);
        return exp != null && clock.instant().isBefore(exp);
    }

    void revokeAll() {
        tokens.clear();
    }
}
