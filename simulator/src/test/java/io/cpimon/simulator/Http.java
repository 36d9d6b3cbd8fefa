package io.cpimon.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.simulator.tenant.SimulatedTenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Plain HTTP against the simulator, as a client in another process would do it. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /**
     * A request on a new client (no pooled connection): after a server went down, a pooled keep-alive
     * connection would fail with a reset instead of the connection refused under test.
     */
    public static HttpResponse<String> fresh(HttpRequest.Builder b, String authorization) {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse<String> get(String url, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), authorization);
    }

    public static HttpResponse<String> head(String url, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()), authorization);
    }

    public static HttpResponse<String> post(String url, String authorization, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, authorization);
    }

    public static HttpResponse<String> send(HttpRequest.Builder b, String authorization) {
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** A bearer token from the tenant's token endpoint (Basic client credentials). */
    static String bearer(SimulatedTenant t) {
        HttpResponse<String> r = post(t.tokenUrl() + "?grant_type=client_credentials", basic(t.clientId(), t.clientSecret()), null, "");
        if (r.statusCode() != 200) {
            throw new AssertionError("token: " + r.statusCode() + " " + r.body());
        }
        return "Bearer " + json(r).get("access_token").asText();
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
