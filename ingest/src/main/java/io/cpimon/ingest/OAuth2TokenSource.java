package io.cpimon.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.config.CpimonConfig.OAuth2Config;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth2 client credentials against the tenant's XSUAA token URL (docs/cpi-api.md §1.3): the client id and
 * secret go in a Basic header, {@code grant_type=client_credentials} in a form body. The token is
 * cached until {@link #MARGIN} before it expires. Thread-safe; blocking.
 */
public final class OAuth2TokenSource implements TokenSource {
    static final Duration MARGIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;
    private final OAuth2Config config;
    private final Clock clock;
    private final Duration timeout;
    private String token;
    private Instant expiresAt = Instant.MIN;

    public OAuth2TokenSource(WebClient client, OAuth2Config config, Clock clock, Duration timeout) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public synchronized String authorization() {
        if (token == null || !clock.instant().isBefore(expiresAt)) {
            fetch();
        }
        return "Bearer " + token;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch() {
        HttpResponse<Buffer> response;
        try {
            response = client.postAbs(config.tokenUrl().toString())
                    .putHeader("Authorization", BasicAuthTokenSource.header(config.clientId(), config.clientSecret().reveal()))
                    .putHeader("Accept", "application/json")
                    .putHeader("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(timeout.toMillis())
                    .sendBuffer(Buffer.buffer("grant_type=client_credentials"))
                    .await();
        } catch (Exception e) {
            throw CpiClient.networkFailure("token request to " + config.tokenUrl(), e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 400 || status == 403) {
            throw new CpiException(CpiException.Kind.AUTH, status,
                    "token endpoint " + config.tokenUrl() + " rejected client '" + config.clientId() + "' (HTTP " + status + ")");
        }
        if (status / 100 != 2) {
            throw CpiClient.classify(status, response, "token request to " + config.tokenUrl());
        }
        try {
            JsonNode body = JSON.readTree(response.bodyAsString());
            JsonNode accessToken = body.get("access_token");
            if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
                throw new CpiException(CpiException.Kind.MALFORMED, status, "token response without access_token");
            }
            long expiresIn = body.path("expires_in").asLong(3600);
            Instant now = clock.instant();
            token = accessToken.asText();
            Duration validity = Duration.ofSeconds(Math.max(expiresIn, 0));
            expiresAt = validity.compareTo(MARGIN.multipliedBy(2)) > 0 ? now.plus(validity).minus(MARGIN) : now.plus(validity.dividedBy(2));
        } catch (IOException e) {
            throw new CpiException(CpiException.Kind.MALFORMED, status, "token response is not JSON: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "OAuth2(" + config.tokenUrl() + ", client " + config.clientId() + ", secret <secret>)";
    }
}
