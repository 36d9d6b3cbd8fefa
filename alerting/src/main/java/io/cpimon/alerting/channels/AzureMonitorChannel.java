package io.cpimon.alerting.channels;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.monitor.ingestion.LogsIngestionClient;
import com.azure.monitor.ingestion.LogsIngestionClientBuilder;
import com.azure.monitor.ingestion.models.LogsUploadError;
import com.azure.monitor.ingestion.models.LogsUploadOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Mono;

/**
 * Azure Monitor: one record per alert of a notification into a custom Log Analytics table through the
 * Logs Ingestion API ({@code com.azure:azure-monitor-ingestion}, docs/channels.md §3), so customers attach log
 * search alert rules and action groups. Columns: see {@code src/main/azure/README.md}. The SDK's own retries
 * are off (one attempt; the dispatcher retries); the bearer comes from Microsoft Entra's client-credentials
 * grant (scope {@code https://monitor.azure.com//.default}) through a small credential, so no
 * azure-identity. 2xx delivered; 408, 429 (with Retry-After), 5xx and I/O retry; other statuses fail.
 */
public final class AzureMonitorChannel implements Channel {
    /** The channel kind's one definition: its type, config record and binding, its factory. */
    public static final ChannelKind<AzureMonitorChannelConfig> DEFINITION = new ChannelKind<>(
            AzureMonitorChannelConfig.TYPE, AzureMonitorChannelConfig.class, AzureMonitorChannelConfig::bind,
            (c, context) -> new AzureMonitorChannel(c, defaultSsl(), context.timeout()));

    static final String SCOPE = "https://monitor.azure.com//.default";
    static final URI DEFAULT_AUTHORITY = URI.create("https://login.microsoftonline.com/");

    private final String name;
    private final AzureMonitorChannelConfig config;
    private final LogsIngestionClient client;

    /** @param ssl the TLS context of the ingestion and token calls (the JDK default in production) */
    public AzureMonitorChannel(AzureMonitorChannelConfig config, SSLContext ssl, Duration timeout) {
        this.name = config.name();
        this.config = config;
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder() // qualified: JDK's and Azure's meet
                .sslContext(ssl).connectTimeout(timeout).build();
        HttpClient http = new JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder().sslContext(ssl).connectTimeout(timeout)) // qualified: JDK's
                .responseTimeout(timeout).build();
        this.client = new LogsIngestionClientBuilder()
                .endpoint(config.endpoint().toString())
                .credential(new ClientSecretCredential(config.credential(), jdk, timeout))
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();
    }

    /** The JDK's default TLS context, as production uses it. */
    private static SSLContext defaultSsl() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "azure-monitor";
    }

    /** One table row per alert of the notification. */
    static List<Object> records(GroupNotice n) {
        List<Object> rows = new ArrayList<>();
        for (AlertNotice a : n.alerts()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("TimeGenerated", n.sentAt().toString());
            row.put("Tenant", a.labels().getOrDefault("tenant", ""));
            row.put("AlertName", a.rule());
            row.put("Status", a.firing() ? "firing" : "resolved");
            row.put("Severity", a.labels().getOrDefault("severity", ""));
            row.put("Fingerprint", a.fingerprint());
            row.put("Summary", GroupNotice.summary(a));
            row.put("Labels", new TreeMap<>(a.labels()));
            row.put("Annotations", new TreeMap<>(a.annotations()));
            row.put("StartsAt", a.startsAt());
            row.put("EndsAt", a.endedAt() == null ? null : a.endedAt().toString());
            row.put("GroupKey", n.groupKey().toString());
            row.put("Reason", n.reason());
            rows.add(row);
        }
        return rows;
    }

    @Override
    public Delivery send(GroupNotice notice) {
        String peer = "Azure Monitor of channel " + name;
        AtomicReference<LogsUploadError> failed = new AtomicReference<>();
        try {
            client.upload(config.ruleId(), config.stream(), records(notice),
                    new LogsUploadOptions().setLogsUploadErrorConsumer(e -> failed.compareAndSet(null, e)));
        } catch (HttpResponseException e) {
            return classify(peer, e);
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof CredentialRejected rejected) {
                    return new Delivery.Failed(peer + ": " + rejected.getMessage());
                }
                if (c.getCause() == c) {
                    break;
                }
            }
            return new Delivery.Retry(peer + " unreachable: " + TeamsChannel.rootMessage(e), null);
        }
        LogsUploadError error = failed.get();
        if (error != null) {
            return error.getResponseException() == null
                    ? new Delivery.Retry(peer + ": upload failed", null)
                    : classify(peer, error.getResponseException());
        }
        return new Delivery.Delivered(null);
    }

    private static Delivery classify(String peer, HttpResponseException e) {
        if (e.getResponse() == null) {
            return new Delivery.Retry(peer + ": " + TeamsChannel.rootMessage(e), null);
        }
        int status = e.getResponse().getStatusCode();
        String reason = peer + " answered HTTP " + status;
        if (status == 429 || status == 408 || status >= 500) {
            return new Delivery.Retry(reason, HttpOutcomes.retryAfter(e.getResponse().getHeaderValue("Retry-After")));
        }
        return new Delivery.Failed(reason);
    }

    /** The token endpoint refused the client's credentials: trying again cannot help. */
    static final class CredentialRejected extends RuntimeException {
        CredentialRejected(String message) {
            super(message);
        }
    }

    /** Microsoft Entra client-credentials grant; caches the token until five minutes before it expires. */
    static final class ClientSecretCredential implements TokenCredential {
        private final AzureCredentialConfig credential;
        private final java.net.http.HttpClient http; // qualified: Azure's HttpClient is imported
        private final Duration timeout;
        private volatile AccessToken cached;

        ClientSecretCredential(AzureCredentialConfig credential, java.net.http.HttpClient http, // qualified: JDK's
                Duration timeout) {
            this.credential = credential;
            this.http = http;
            this.timeout = timeout;
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(this::token);
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            return token();
        }

        private synchronized AccessToken token() {
            AccessToken t = cached;
            if (t != null && t.getExpiresAt().isAfter(OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5))) {
                return t;
            }
            URI authority = credential.authorityHost() == null ? DEFAULT_AUTHORITY : credential.authorityHost();
            String base = authority.toString().endsWith("/") ? authority.toString() : authority + "/";
            String form = "grant_type=client_credentials&client_id=" + enc(credential.clientId())
                    + "&client_secret=" + enc(credential.clientSecret().reveal()) + "&scope=" + enc(SCOPE);
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(base + credential.tenantId() + "/oauth2/v2.0/token"))
                        .timeout(timeout).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("Microsoft Entra token endpoint unreachable: " + TeamsChannel.rootMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fetching a token");
            }
            if (response.statusCode() == 429 || response.statusCode() == 408 || response.statusCode() >= 500) {
                throw new IllegalStateException("Microsoft Entra token endpoint answered HTTP " + response.statusCode());
            }
            if (response.statusCode() != 200) {
                String error;
                try {
                    error = new JsonObject(response.body()).getString("error", "unknown");
                } catch (RuntimeException e) {
                    error = "unreadable answer";
                }
                throw new CredentialRejected("Microsoft Entra refused the client credentials: HTTP "
                        + response.statusCode() + " " + error);
            }
            JsonObject o = new JsonObject(response.body());
            t = new AccessToken(o.getString("access_token"),
                    OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(o.getLong("expires_in", 3600L)));
            cached = t;
            return t;
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
