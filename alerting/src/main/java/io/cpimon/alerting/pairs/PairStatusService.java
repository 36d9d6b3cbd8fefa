package io.cpimon.alerting.pairs;

import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Computes a {@link PairView} for every configured pair from the alerts the pair rules ({@code failover},
 * {@code failback}, {@code dr_drift}, {@code duplicate_processing}) raised: the alerts are the record of what
 * happened, so the active tenant is the DR tenant exactly while a {@code failover} alert of the pair fires.
 * Blocking (reads the alert store); thread-safe, holds no state of its own.
 */
public final class PairStatusService {
    /** How many {@code failover}/{@code failback} alerts a pair's history shows. */
    public static final int HISTORY = 20;
    private static final List<String> SWITCH_RULES = List.of("failover", "failback");

    private final AlertStore alerts;
    private final Supplier<List<PairConfig>> pairs;

    public PairStatusService(AlertStore alerts, List<PairConfig> pairs) {
        this(alerts, () -> pairs);
    }

    /** @param pairs the pairs in force, asked at every call (a reload swaps them) */
    public PairStatusService(AlertStore alerts, Supplier<List<PairConfig>> pairs) {
        this.alerts = alerts;
        this.pairs = pairs;
    }

    /** Every configured pair, in configuration order. Blocking: two statements whatever the number of pairs. */
    public List<PairView> pairs() {
        Map<String, List<Alert>> open = new HashMap<>();
        for (Alert a : alerts.openAlerts()) {
            String pair = a.labels().get("pair");
            if (pair != null) {
                open.computeIfAbsent(pair, k -> new ArrayList<>()).add(a);
            }
        }
        Map<String, List<Alert>> switches = new HashMap<>();
        for (Alert a : alerts.newestPerPair(SWITCH_RULES, HISTORY)) {
            switches.computeIfAbsent(a.labels().get("pair"), k -> new ArrayList<>()).add(a);
        }
        List<PairView> out = new ArrayList<>();
        for (PairConfig p : pairs.get()) {
            out.add(view(p, open.getOrDefault(p.id(), List.of()), switches.getOrDefault(p.id(), List.of())));
        }
        return out;
    }

    /** @param switches the pair's newest {@code failover}/{@code failback} alerts, newest first, at most {@link #HISTORY} */
    private PairView view(PairConfig p, List<Alert> open, List<Alert> switches) {
        boolean failedOver = open.stream().anyMatch(a -> a.rule().equals("failover") && a.state() == AlertState.FIRING);
        List<PairView.Switch> history = new ArrayList<>();
        for (Alert a : switches) {
            history.add(new PairView.Switch(a.rule(), a.id(), a.state(), a.activeAt(), a.endsAt(),
                    a.annotations().get("summary")));
        }
        List<PairView.Drift> drift = open.stream().filter(a -> a.rule().equals("dr_drift"))
                .map(a -> new PairView.Drift(a.labels().getOrDefault("artifact", ""),
                        a.annotations().getOrDefault("drift", ""), a.state().name()))
                .toList();
        long duplicates = open.stream().filter(a -> a.rule().equals("duplicate_processing"))
                .mapToLong(a -> count(a.annotations().get("count"))).sum();
        return new PairView(p.id(), p.primary(), p.dr(), p.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                failedOver ? p.dr() : p.primary(), failedOver, history, drift,
                duplicates);
    }

    /** The {@code count} annotation of a duplicate alert; 0 when it is missing or not a number. */
    private static long count(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
