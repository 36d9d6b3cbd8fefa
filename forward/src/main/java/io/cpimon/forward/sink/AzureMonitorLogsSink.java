package io.cpimon.forward.sink;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.monitor.ingestion.LogsIngestionClient;
import com.azure.monitor.ingestion.LogsIngestionClientBuilder;
import io.cpimon.config.AzureMonitorLogsForwarderConfig;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.forward.row.EncodedRow;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Azure Monitor Logs through the Logs Ingestion API (docs/channels.md §3.1) with {@code azure-monitor-ingestion}'s
 * {@link LogsIngestionClient}: one gzipped JSON array per batch ({@code Content-Encoding: gzip}, so the client sends
 * it as it is), bearer tokens from {@code azure-identity} (client secret, managed identity or workload identity).
 * The client's own retries are off: the forwarder retries, honouring {@code Retry-After}. Thread-safe.
 */
public final class AzureMonitorLogsSink implements LogSink {
    /**
     * How {@code azure-identity} reports a workload identity's refused token exchange: it posts the federated token
     * over {@code HttpsURLConnection} and keeps only the status of the answer (the AADSTS body is lost).
     */
    private static final Pattern TOKEN_EXCHANGE_REFUSED =
            Pattern.compile("http response code: 40[01] for url: \\S*/oauth2/v2\\.0/token");
    private final String peer;
    private final String ruleId;
    private final String stream;
    private final LogsIngestionClient client;

    /** @param http the HTTP client of the ingestion and token calls (TLS: the JVM's trust store in production) */
    public AzureMonitorLogsSink(AzureMonitorLogsForwarderConfig config, HttpClient http) {
        this(config, credential(config.credential(), http), http);
    }

    /** With a given credential (tests, or a credential chain built by the caller). */
    public AzureMonitorLogsSink(AzureMonitorLogsForwarderConfig config, TokenCredential credential, HttpClient http) {
        this.peer = "Azure Monitor Logs of forwarder " + config.name();
        this.ruleId = config.ruleId();
        this.stream = config.stream();
        this.client = new LogsIngestionClientBuilder()
                .endpoint(config.endpoint().toString())
                .credential(credential)
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();
    }

    /** The SDK's HTTP client on the JDK's, with {@code ssl} (token and ingestion calls). */
    public static HttpClient http(SSLContext ssl, Duration timeout) {
        return new JdkHttpClientBuilder(HttpAnswers.jdkClient(ssl, timeout)).responseTimeout(timeout).build();
    }

    /**
     * The {@code azure-identity} credential of the configuration. A managed identity and a workload identity without
     * a token file read the environment as {@code azure-identity} does ({@code IDENTITY_ENDPOINT} and
     * {@code IDENTITY_HEADER}, or IMDS; {@code AZURE_FEDERATED_TOKEN_FILE}, {@code AZURE_TENANT_ID},
     * {@code AZURE_CLIENT_ID}, {@code AZURE_AUTHORITY_HOST}).
     */
    public static TokenCredential credential(Credential c, HttpClient http) {
        return switch (c.kind()) {
            case CLIENT_SECRET -> {
                ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder().tenantId(c.tenantId())
                        .clientId(c.clientId()).clientSecret(c.clientSecret().reveal()).httpClient(http);
                if (c.authorityHost() != null) {
                    // a sovereign cloud or a loopback peer: no instance discovery against login.microsoftonline.com
                    b.authorityHost(c.authorityHost().toString()).disableInstanceDiscovery();
                }
                yield b.build();
            }
            case MANAGED_IDENTITY -> {
                ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().httpClient(http);
                if (c.clientId() != null) {
                    b.clientId(c.clientId());
                }
                yield b.build();
            }
            case WORKLOAD_IDENTITY -> {
                WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder().httpClient(http);
                if (c.tenantId() != null) {
                    b.tenantId(c.tenantId());
                }
                if (c.clientId() != null) {
                    b.clientId(c.clientId());
                }
                if (c.authorityHost() != null) {
                    b.authorityHost(c.authorityHost().toString()).disableInstanceDiscovery();
                }
                if (c.tokenFile() != null) {
                    b.tokenFilePath(c.tokenFile().toString());
                }
                yield b.build();
            }
        };
    }

    @Override
    public SendOutcome send(List<EncodedRow> rows) {
        byte[] body = HttpAnswers.gzip(jsonArray(rows));
        RequestOptions options = new RequestOptions().setHeader(HttpHeaderName.CONTENT_ENCODING, "gzip")
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
        try {
            client.uploadWithResponse(ruleId, stream, BinaryData.fromBytes(body), options);
            return new SendOutcome.Accepted();
        } catch (HttpResponseException e) {
            HttpResponse r = e.getResponse();
            if (r == null) {
                return credentialFailure(e);
            }
            return HttpAnswers.classify(peer, r.getStatusCode(), r.getBodyAsBinaryData() == null ? null
                    : r.getBodyAsBinaryData().toString(), r.getHeaderValue(HttpHeaderName.RETRY_AFTER),
                    r.getHeaderValue(HttpHeaderName.fromString("retry-after-ms")));
        } catch (RuntimeException e) {
            SendOutcome refused = refusedCredential(e);
            return refused != null ? refused
                    : new SendOutcome.Retry(peer + " unreachable: " + HttpAnswers.rootMessage(e), null);
        }
    }

    /** A token that could not be had: refused credentials are fatal, an unreachable authority is not. */
    private SendOutcome credentialFailure(HttpResponseException e) {
        SendOutcome refused = refusedCredential(e);
        return refused != null ? refused
                : new SendOutcome.Retry(peer + ": no token: " + HttpAnswers.cut(HttpAnswers.rootMessage(e)), null);
    }

    /** Fatal when Microsoft Entra refused the credential (an AADSTS error, a 400/401 token exchange), else null. */
    private SendOutcome refusedCredential(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("invalid_client") || m.contains("aadsts") || m.contains("unauthorized_client")
                    || TOKEN_EXCHANGE_REFUSED.matcher(m).find()) {
                return new SendOutcome.Fatal(peer + ": Microsoft Entra refused the credential: "
                        + HttpAnswers.cut(HttpAnswers.rootMessage(e)));
            }
        }
        return null;
    }

    static byte[] jsonArray(List<EncodedRow> rows) {
        int size = 2 + rows.size();
        for (EncodedRow r : rows) {
            size += r.json().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(rows.get(i).json());
        }
        out.write(']');
        return out.toByteArray();
    }
}
