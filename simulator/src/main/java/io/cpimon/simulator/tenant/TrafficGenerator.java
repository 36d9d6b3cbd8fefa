package io.cpimon.simulator.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic traffic: Poisson arrivals per iFlow ({@link #arrivals}) and, per tenant, the MPL
 * versions one business message leaves ({@link #process}). Same seed and same calls → same MPLs.
 * Stateless.
 */
public final class TrafficGenerator {

    /** One business message arriving at a tenant (or at a pair, which routes it). */
    public record BusinessMessage(IflowSpec iflow, Instant start, String businessKey, long seed) {
    }

    /** How a tenant treats one iFlow right now (scenarios change it). */
    record Behaviour(double failureRatio, boolean stuck) {
    }

    private static final String[] ERRORS = {
        "org.apache.camel.component.ahc.AhcOperationFailedException: HTTP operation failed invoking https://%s.invalid/api/v1/inbound with statusCode: 500",
        "org.apache.camel.component.ahc.AhcOperationFailedException: HTTP operation failed invoking https://%s.invalid/api/v1/inbound with statusCode: 503",
        "org.apache.camel.component.ahc.AhcOperationFailedException: HTTP operation failed invoking https://%s.invalid/api/v1/inbound with statusCode: 429",
        "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error occured: java.net.ConnectException: Connection refused (%s)",
        "org.apache.cxf.interceptor.Fault: Could not send Message., cause: java.net.SocketTimeoutException: SocketTimeoutException invoking https://%s.invalid/sap/bc/srt: Read timed out",
    };

    private TrafficGenerator() {
    }

    /** Arrivals with start in [from, to), ordered by start; business keys drawn in that order from {@code keys}. */
    public static List<BusinessMessage> arrivals(List<IflowSpec> iflows, long seed, Instant from, Instant to, BusinessKeySequence keys) {
        if (!to.isAfter(from)) {
            return List.of();
        }
        record Arrival(IflowSpec iflow, long startMillis, long seed) {
        }
        List<Arrival> all = new ArrayList<>();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        for (IflowSpec f : iflows) {
            if (f.messagesPerMinute() <= 0) {
                continue;
            }
            SplittableRandom r = new SplittableRandom(Ids.mix(Ids.mix(seed, Ids.seedOf(f.id())), fromMs));
            double perMs = f.messagesPerMinute() / 60_000.0;
            double t = fromMs;
            while (true) {
                t += -Math.log(1 - r.nextDouble()) / perMs;
                if (t >= toMs) {
                    break;
                }
                all.add(new Arrival(f, (long) t, r.nextLong()));
            }
        }
        all.sort(Comparator.comparingLong(Arrival::startMillis).thenComparing(a -> a.iflow().id()));
        List<BusinessMessage> out = new ArrayList<>(all.size());
        for (Arrival a : all) {
            out.add(new BusinessMessage(a.iflow(), Instant.ofEpochMilli(a.startMillis()), keys.next(), a.seed()));
        }
        return out;
    }

    /** A version of an MPL and when it becomes visible. */
    record Step(MplTruth mpl, Instant visibleAt) {
    }

    /** The versions {@code msg} leaves on a tenant with seed {@code tenantSeed}, oldest first. */
    static List<Step> process(BusinessMessage msg, long tenantSeed, String tenantId, Behaviour behaviour, Realism realism) {
        SplittableRandom r = new SplittableRandom(Ids.mix(tenantSeed, msg.seed()));
        IflowSpec f = msg.iflow();
        String guid = Ids.messageGuid(r);
        String correlation = Ids.messageGuid(r);
        Map<String, String> headers = new LinkedHashMap<>();
        if (f.businessKeyHeader() != null) {
            headers.put(f.businessKeyHeader(), msg.businessKey());
        }
        Instant start = msg.start();
        long meanMs = Math.max(1, f.processingTime().toMillis());
        long durationMs = Math.max(15, (long) (meanMs * -Math.log(1 - r.nextDouble())));
        double outcome = r.nextDouble();
        double shape = r.nextDouble();
        double realismRoll = r.nextDouble();
        boolean failed = outcome < behaviour.failureRatio();
        String error = String.format(ERRORS[r.nextInt(ERRORS.length)], f.receiver() == null ? "receiver" : f.receiver().toLowerCase().replace('_', '-'));

        MplTruth processing = new MplTruth(guid, correlation, msg.businessKey(), f.messageType(), start,
                start.plusMillis(Math.min(40, durationMs)), f.sender(), f.receiver(), f.id(), f.name(), f.packageId(),
                f.packageName(), "PROCESSING", "PROCESSING", "INFO", null, headers);
        List<Step> steps = new ArrayList<>(2);

        if (behaviour.stuck()) {
            steps.add(new Step(processing, processing.logEnd()));
            return steps;
        }
        // realism variants (each a disjoint band of realismRoll)
        double band = 0;
        if (realismRoll < (band += realism.retryNullDatesRatio())) {
            MplTruth retry = new MplTruth(guid, correlation, msg.businessKey(), f.messageType(), null, null, f.sender(),
                    f.receiver(), f.id(), f.name(), f.packageId(), f.packageName(), "RETRY", "RETRY", "INFO", error, headers);
            steps.add(new Step(retry, start));
            return steps;
        }
        if (realismRoll < (band += realism.abandonedRatio())) {
            steps.add(new Step(processing, processing.logEnd()));
            Instant abandonedAt = start.plus(Duration.ofMinutes(10 + r.nextInt(20)));
            steps.add(new Step(processing.withStatus("ABANDONED", abandonedAt), abandonedAt));
            return steps;
        }
        Instant end = start.plusMillis(durationMs);
        boolean longRunning = shape < f.longRunningRatio();
        if (longRunning) {
            end = start.plusMillis(30_000 + r.nextInt(270_000));
        }
        if (realismRoll < (band += realism.sameMillisBurstRatio())) {
            // CPI writes many entries of one batch in the same millisecond: align LogEnd to the second
            long ms = end.toEpochMilli();
            long aligned = (ms / 1000) * 1000;
            end = Instant.ofEpochMilli(aligned < start.toEpochMilli() ? aligned + 1000 : aligned);
        }
        Instant visibleAt = end;
        if (realismRoll >= band && realismRoll < band + realism.lateVisibleRatio()) {
            visibleAt = end.plus(Duration.ofSeconds(60 + r.nextInt(540)));
        }
        MplTruth last = processing.withStatus(failed ? "FAILED" : "COMPLETED", end);
        if (failed) {
            last = last.withErrorText(error);
        }
        if (longRunning) {
            steps.add(new Step(processing, processing.logEnd()));
        }
        steps.add(new Step(last, visibleAt));
        return steps;
    }
}
