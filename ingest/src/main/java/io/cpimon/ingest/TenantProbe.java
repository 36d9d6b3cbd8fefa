package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig.ProbeConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Probes one tenant's runtime endpoint, as a global load balancer would: the configured statuses count
 * as up (CPI answers 401 to an unauthenticated call of a deployed iFlow), everything else and no answer
 * within the timeout count as down. Every result is stored with its latency. A probe that succeeds after one that
 * failed runs the {@linkplain #onRecovery recovery action} (the service wakes the tenant's MPL poller, which may be
 * in a long backoff while the tenant was down). Every stored result is then handed to the {@linkplain #onResult result
 * action} (the service publishes it as a {@code ProbeEvents} event, so that the probe rules judge it at once instead of
 * on their next periodic evaluation). Blocking; not thread-safe.
 */
public final class TenantProbe {
    private final String tenantId;
    private final ProbeConfig config;
    private final WebClient client;
    private final ProbeStore probes;
    private final Clock clock;
    private final ChangeNotifier notifier;
    private Runnable onRecovery = () -> {};
    private Consumer<ProbeResult> onResult = r -> {};
    private boolean lastUp = true;

    public TenantProbe(String tenantId, ProbeConfig config, WebClient client, ProbeStore probes, Clock clock, ChangeNotifier notifier) {
        this.tenantId = tenantId;
        this.config = config;
        this.client = client;
        this.probes = probes;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** What to do when a probe succeeds after a failed one; must not block long. Returns this probe. */
    public TenantProbe onRecovery(Runnable action) {
        this.onRecovery = Objects.requireNonNull(action);
        return this;
    }

    /** What to do with every result once it is stored; must not block long. Returns this probe. */
    public TenantProbe onResult(Consumer<ProbeResult> action) {
        this.onResult = Objects.requireNonNull(action);
        return this;
    }

    public ProbeResult probeOnce() {
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        ProbeResult result;
        try {
            HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(config.method()), config.url().toString())
                    .timeout(config.timeout().toMillis());
            if (config.auth() != null) {
                request.putHeader("Authorization", BasicAuthTokenSource.header(config.auth().user(), config.auth().password().reveal()));
            }
            HttpResponse<Buffer> response = request.send().await();
            long latency = (System.nanoTime() - t0) / 1_000_000;
            int status = response.statusCode();
            boolean statusUp = config.upStatus().contains(status);
            boolean bodyUp = config.bodyMatch() == null
                    || (response.body() != null && response.body().toString().contains(config.bodyMatch()));
            String error = !statusUp ? "HTTP " + status + " is not an up status " + config.upStatus()
                    : !bodyUp ? "body does not contain '" + config.bodyMatch() + "'" : null;
            result = new ProbeResult(tenantId, at, statusUp && bodyUp, status, latency, error);
        } catch (Exception e) {
            long latency = (System.nanoTime() - t0) / 1_000_000;
            result = new ProbeResult(tenantId, at, false, null, latency, CpiClient.networkFailure(config.method() + " " + config.url(), e).getMessage());
        }
        probes.record(result);
        notifier.changed("probe", tenantId);
        if (result.up() && !lastUp) {
            onRecovery.run();
        }
        onResult.accept(result);
        lastUp = result.up();
        return result;
    }
}
