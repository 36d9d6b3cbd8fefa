package io.cpimon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.api.routes.HealthRoutes;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.CpimonConfig.TokenConfig;
import io.cpimon.config.Secret;
import io.cpimon.simulator.tenant.TestCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardened HTTP face over real HTTP: security headers on every kind of response, the login rate limit on an
 * injected clock, and HTTPS from a PEM pair and from a PKCS#12 file with a {@code Secure} session cookie.
 */
class ApiHardeningIT {
    static final String TOKEN = "hardening-viewer-token-Qe42";
    static Vertx vertx;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    static ApiServer plain;
    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        plain = server(null);
    }

    static ApiServer server(KeyCertOptions tls) {
        List<TokenConfig> tokens = List.of(new TokenConfig("wall", Role.VIEWER, Secret.of(TOKEN)));
        ApiServer s = new ApiServer(vertx, "127.0.0.1", 0,
                new ApiAuth(tokens, clock, new LoginRateLimit(10, Duration.ofMinutes(1), clock)),
                List.of(new HealthRoutes(Map::of)), tls);
        s.start();
        return s;
    }

    @AfterAll
    static void stop() {
        plain.close();
        vertx.close().await();
    }

    static HttpResponse<String> send(HttpClient client, String url, String method, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String url(ApiServer s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    @Test
    void everyResponse_carriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/index.html", "/app.js", "/healthz", "/api/v1/tenants", "/api/v1/nope",
                "/nope", "/metrics")) {
            HttpResponse<String> r = send(http, url(plain, path), "GET", null);
            SecurityHeaders.ALL.forEach((name, value) -> assertThat(r.headers().firstValue(name))
                    .as(path + " " + r.statusCode() + " " + name).hasValue(value));
        }
        assertThat(SecurityHeaders.CSP).contains("script-src 'self'").doesNotContain("unsafe-inline")
                .contains("frame-ancestors 'none'");
        HttpResponse<String> oversized = send(http, url(plain, "/healthz?q=" + "x".repeat(10_000)), "GET", null);
        assertThat(oversized.statusCode()).as("answered by the invalid-request handler").isEqualTo(414);
        assertThat(oversized.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void login_rightTokenManyTimesFromOneAddress_neverLimited() throws Exception {
        String body = new JsonObject().put("token", TOKEN).encode();
        for (int i = 0; i < 25; i++) {
            assertThat(send(HttpClient.newHttpClient(), url(plain, "/api/v1/session"), "POST", body).statusCode())
                    .as("login " + i).isEqualTo(200);
        }
    }

    @Test
    void login_overTenFailuresPerMinute_is429WithRetryAfter_untilTheWindowEnds() throws Exception {
        String body = new JsonObject().put("token", "wrong").encode();
        for (int i = 0; i < 10; i++) {
            assertThat(send(http, url(plain, "/api/v1/session"), "POST", body).statusCode()).as("attempt " + i)
                    .isEqualTo(401);
        }
        clock.advance(Duration.ofSeconds(45));
        HttpResponse<String> limited = send(http, url(plain, "/api/v1/session"), "POST",
                new JsonObject().put("token", TOKEN).encode());
        assertThat(limited.statusCode()).as("even the right token waits").isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("15");
        assertThat(new JsonObject(limited.body()).getString("detail")).contains("too many login attempts");

        clock.advance(Duration.ofSeconds(15));
        HttpResponse<String> again = send(http, url(plain, "/api/v1/session"), "POST",
                new JsonObject().put("token", TOKEN).encode());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                .containsIgnoringCase("HttpOnly").contains("SameSite=Strict").doesNotContain("Secure"));
        assertThat(send(http, url(plain, "/api/v1/tenants"), "GET", null).statusCode())
                .as("bearer calls are not rate limited, only logins").isEqualTo(401);
    }

    @Test
    void https_fromPemPairAndPkcs12_withSecureCookie(@TempDir Path dir) throws Exception {
        TestCertificate cert = TestCertificate.shared();
        Path certPem = dir.resolve("cert.pem");
        Path keyPem = dir.resolve("key.pem");
        writePem(cert, certPem, keyPem);
        HttpClient trusting = HttpClient.newBuilder().sslContext(cert.sslContext()).build();
        for (KeyCertOptions tls : List.of(
                new PemKeyCertOptions().setCertPath(certPem.toString()).setKeyPath(keyPem.toString()),
                new PfxOptions().setPath(cert.keystore().toString()).setPassword(cert.password()))) {
            ApiServer s = server(tls);
            try {
                String base = "https://localhost:" + s.port();
                HttpResponse<String> health = send(trusting, base + "/healthz", "GET", null);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CSP);
                HttpResponse<String> login = send(trusting, base + "/api/v1/session", "POST",
                        new JsonObject().put("token", TOKEN).encode());
                assertThat(login.statusCode()).isEqualTo(200);
                assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                        .contains("; Secure").containsIgnoringCase("HttpOnly").contains("SameSite=Strict"));
                assertThat(catchPlain(url(s, "/healthz"))).as("plain HTTP to the TLS port").isNotEqualTo(200);
            } finally {
                s.close();
            }
        }
    }

    private static int catchPlain(String url) {
        try {
            return send(http, url, "GET", null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void writePem(TestCertificate cert, Path certPem, Path keyPem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(cert.keystore())) {
            ks.load(in, cert.password().toCharArray());
        }
        String alias = ks.aliases().nextElement();
        Key key = ks.getKey(alias, cert.password().toCharArray());
        Certificate c = ks.getCertificate(alias);
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }
}
