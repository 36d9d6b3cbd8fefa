package io.cpimon.alerting.testing;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.config.CpimonConfig.RouteConfig;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.NewAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test objects alerting tests share: one clock instant {@link #NOW}, and builders for notices, alerts and
 * routes that start from typical values, so that a test spells out only what it is about.
 */
public final class AlertingFixtures {
    /** The instant alerting tests run at, unless a test is about another. */
    public static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private AlertingFixtures() {}

    /** A firing notice of rule {@code failed_messages} with id 1, started at {@link #NOW}. */
    public static NoticeBuilder notice(String fingerprint) {
        return new NoticeBuilder(fingerprint);
    }

    /** A FIRING alert of {@code rule}, active since {@link #NOW}, not yet inserted (id 0). */
    public static AlertBuilder alert(String rule) {
        return new AlertBuilder(rule);
    }

    /**
     * A route matching everything, grouping by rule and tenant, groupInterval 5 m, repeatInterval 1 h, critical first
     * at once, no fallback.
     */
    public static RouteBuilder route(String... channels) {
        return new RouteBuilder(List.of(channels));
    }

    /** Builds an {@link AlertNotice}. Not thread-safe. */
    public static final class NoticeBuilder {
        private Long alertId = 1L;
        private final String fingerprint;
        private String rule = "failed_messages";
        private NoticeStatus status = NoticeStatus.FIRING;
        private Map<String, String> labels;
        private Map<String, String> annotations = Map.of();
        private Instant startedAt = NOW;
        private Instant endedAt;
        private String dashboardUrl;

        NoticeBuilder(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        public NoticeBuilder alertId(Long id) {
            this.alertId = id;
            return this;
        }

        public NoticeBuilder rule(String rule) {
            this.rule = rule;
            return this;
        }

        public NoticeBuilder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public NoticeBuilder annotations(Map<String, String> annotations) {
            this.annotations = annotations;
            return this;
        }

        public NoticeBuilder startedAt(Instant at) {
            this.startedAt = at;
            return this;
        }

        public NoticeBuilder dashboardUrl(String url) {
            this.dashboardUrl = url;
            return this;
        }

        /** Firing for {@code firing}, resolved at {@code endedAt} for {@code resolved}. */
        public NoticeBuilder status(String status, Instant endedAt) {
            this.status = NoticeStatus.of(status);
            this.endedAt = this.status == NoticeStatus.RESOLVED ? endedAt : null;
            return this;
        }

        public NoticeBuilder resolvedAt(Instant at) {
            return status("resolved", at);
        }

        public AlertNotice build() {
            Map<String, String> l = labels != null ? labels : Map.of("rule", rule, "iflow", fingerprint);
            return new AlertNotice(alertId, fingerprint, rule, status, l, annotations, startedAt, endedAt, dashboardUrl);
        }
    }

    /** A repeat marker row's notice (no alert), as the dispatcher enqueues it. */
    public static AlertNotice repeatMarker() {
        return new AlertNotice(null, null, null, NoticeStatus.REPEAT, Map.of(), Map.of(), NOW, null, null);
    }

    /** Builds an {@link Alert}. Not thread-safe. */
    public static final class AlertBuilder {
        private final String rule;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Map<String, String> annotations = Map.of();
        private AlertState state = AlertState.FIRING;
        private Instant at = NOW;

        AlertBuilder(String rule) {
            this.rule = rule;
            labels.put("rule", rule);
        }

        public AlertBuilder label(String name, String value) {
            labels.put(name, value);
            return this;
        }

        public AlertBuilder annotations(Map<String, String> annotations) {
            this.annotations = annotations;
            return this;
        }

        public AlertBuilder state(AlertState state) {
            this.state = state;
            return this;
        }

        /** Active (and, when FIRING, firing) since {@code at}. */
        public AlertBuilder at(Instant at) {
            this.at = at;
            return this;
        }

        public Alert build() {
            return new Alert(0, AlertInstance.fingerprint(labels), rule, labels, annotations, state, at,
                    state == AlertState.FIRING ? at : null, at, null, null, null, null);
        }

        /** What {@code AlertStore.open} inserts for it. */
        public NewAlert toNew() {
            Alert a = build();
            return new NewAlert(a.fingerprint(), rule, a.labels(), annotations, state, at);
        }
    }

    /** Builds a {@link RouteConfig}. Not thread-safe. */
    public static final class RouteBuilder {
        private final List<String> channels;
        private Map<String, String> match = Map.of();
        private List<String> groupBy = List.of("rule", "tenant");
        private Duration groupWait = Duration.ZERO;
        private Duration groupInterval = Duration.ofMinutes(5);
        private Duration repeatInterval = Duration.ofHours(1);
        private boolean continueMatching;
        private String fallback;

        RouteBuilder(List<String> channels) {
            this.channels = channels;
        }

        public RouteBuilder match(Map<String, String> match) {
            this.match = match;
            return this;
        }

        public RouteBuilder groupWait(Duration groupWait) {
            this.groupWait = groupWait;
            return this;
        }

        public RouteBuilder repeatInterval(Duration repeatInterval) {
            this.repeatInterval = repeatInterval;
            return this;
        }

        public RouteBuilder continueMatching(boolean continueMatching) {
            this.continueMatching = continueMatching;
            return this;
        }

        public RouteBuilder fallback(String fallback) {
            this.fallback = fallback;
            return this;
        }

        public RouteConfig build() {
            return new RouteConfig(match, channels, groupBy, groupWait, groupInterval, repeatInterval, continueMatching,
                    List.of("critical"), fallback);
        }
    }
}
