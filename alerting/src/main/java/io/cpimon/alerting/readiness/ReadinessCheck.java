package io.cpimon.alerting.readiness;

import io.cpimon.alerting.rules.DrDriftRule;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.ReadinessAck;
import io.cpimon.db.RuleQueries.Artifact;
import io.cpimon.db.RuleQueries.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The readiness of one pair as a pure function of what ingest stored of its two tenants: artifacts (as
 * {@code dr_drift} judges them), keystore entries, security artifacts, variables, number ranges and partner directory
 * parameters. What a tenant
 * never had read (no snapshot of a kind) is not compared and said so; SAP's own keystore entries ({@code sap_…},
 * different on every tenant by design) are not compared. Stateless; any thread.
 */
public final class ReadinessCheck {
    /** A keystore entry whose two validities differ by less than this is the same certificate renewed on both. */
    static final Duration SAME_VALIDITY = Duration.ofDays(1);

    private ReadinessCheck() {}

    /**
     * What is stored of the two tenants of a pair.
     *
     * @param contentRead per tenant, the content kinds whose snapshot was read
     */
    public record Inputs(List<Artifact> artifacts, List<Certificate> certificates, List<ContentRow> content,
                         Map<String, Set<Kind>> contentRead, List<ReadinessAck> acks) {}

    /** The pair's readiness at {@code now}; variables reaching RetainUntil before {@code now + window} are findings. */
    public static Readiness evaluate(PairConfig pair, Inputs in, Instant now, Duration window) {
        List<Finding> findings = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        artifacts(pair, in.artifacts(), findings, notCompared);
        keystore(pair, in.certificates(), findings, notCompared);
        for (Kind kind : List.of(Kind.USER_CREDENTIAL, Kind.OAUTH2_CLIENT, Kind.SECURE_PARAMETER, Kind.NUMBER_RANGE,
                Kind.STRING_PARAMETER, Kind.BINARY_PARAMETER)) {
            missingOnDr(pair, kind, in, findings, notCompared);
        }
        variables(pair, in, now, window, findings, notCompared);
        Map<String, ReadinessAck> acks = new LinkedHashMap<>();
        for (ReadinessAck a : in.acks()) {
            if (a.pairId().equals(pair.id())) {
                acks.put(a.findingKey(), a);
            }
        }
        List<Finding> out = new ArrayList<>(findings.size());
        int cost = 0;
        for (Finding f : findings) {
            ReadinessAck a = acks.get(f.key());
            out.add(a == null ? f : f.withAck(a));
            cost += a == null ? f.weight() : 0;
        }
        boolean ready = out.stream().noneMatch(f -> !f.acknowledged());
        return new Readiness(pair.id(), pair.primary(), pair.dr(), Math.max(0, 100 - cost), ready, now, out,
                notCompared);
    }

    private static void artifacts(PairConfig pair, List<Artifact> all, List<Finding> out, List<String> notCompared) {
        Map<String, Artifact> primary = byId(all, pair.primary());
        Map<String, Artifact> dr = byId(all, pair.dr());
        if (primary.isEmpty() || dr.isEmpty()) {
            notCompared.add("artifacts: no snapshot of " + (primary.isEmpty() ? pair.primary() : pair.dr()) + " yet");
            return;
        }
        for (Artifact a : primary.values()) {
            Artifact d = dr.get(a.artifactId());
            String drift = DrDriftRule.drift(a, d);
            if (drift == null) {
                continue;
            }
            FindingKind kind = d == null ? FindingKind.ARTIFACT_MISSING
                    : "ERROR".equalsIgnoreCase(d.status()) ? FindingKind.ARTIFACT_ERROR : FindingKind.ARTIFACT_VERSION;
            out.add(finding(kind, a.artifactId(), pair.dr(), "Artifact " + a.artifactId() + " is STARTED on "
                    + pair.primary() + (a.version() == null ? "" : " at version " + a.version()) + " but " + drift
                    + " on " + pair.dr() + "."));
        }
    }

    private static Map<String, Artifact> byId(List<Artifact> all, String tenant) {
        Map<String, Artifact> out = new TreeMap<>();
        for (Artifact a : all) {
            if (a.tenantId().equals(tenant)) {
                out.put(a.artifactId(), a);
            }
        }
        return out;
    }

    private static void keystore(PairConfig pair, List<Certificate> all, List<Finding> out, List<String> notCompared) {
        Map<String, Certificate> primary = certificates(all, pair.primary());
        Map<String, Certificate> dr = certificates(all, pair.dr());
        if (primary.isEmpty() || dr.isEmpty()) {
            notCompared.add("keystore: no entries of " + (primary.isEmpty() ? pair.primary() : pair.dr()) + " yet");
            return;
        }
        for (Certificate p : primary.values()) {
            Certificate d = dr.get(p.alias());
            if (d == null) {
                out.add(finding(FindingKind.KEYSTORE_MISSING, p.alias(), pair.dr(), "Keystore entry " + p.alias()
                        + " (" + p.type() + ", valid until " + p.validNotAfter() + ") exists on " + pair.primary()
                        + " but not on " + pair.dr() + "."));
                continue;
            }
            String sooner = expiresSooner(p.validNotAfter(), d.validNotAfter());
            if (sooner != null) {
                boolean onDr = sooner.equals("second");
                Certificate early = onDr ? d : p;
                Certificate late = onDr ? p : d;
                out.add(finding(FindingKind.KEYSTORE_EXPIRES_SOONER, p.alias(), early.tenantId(), "Keystore entry "
                        + p.alias() + " expires on " + early.tenantId() + " at " + early.validNotAfter() + ", sooner than on "
                        + late.tenantId() + " (" + late.validNotAfter() + "): it was renewed on one tenant only."));
            }
        }
    }

    /** {@code "first"} or {@code "second"}: which validity ends at least {@link #SAME_VALIDITY} sooner; else null. */
    static String expiresSooner(Instant first, Instant second) {
        if (first == null || second == null) {
            return null;
        }
        Duration gap = Duration.between(first, second);
        if (gap.compareTo(SAME_VALIDITY) >= 0) {
            return "first";
        }
        return gap.negated().compareTo(SAME_VALIDITY) >= 0 ? "second" : null;
    }

    private static Map<String, Certificate> certificates(List<Certificate> all, String tenant) {
        Map<String, Certificate> out = new TreeMap<>();
        for (Certificate c : all) {
            if (c.tenantId().equals(tenant) && !c.alias().startsWith("sap_")) {
                out.put(c.alias(), c);
            }
        }
        return out;
    }

    private static void missingOnDr(PairConfig pair, Kind kind, Inputs in, List<Finding> out, List<String> notCompared) {
        if (!compared(pair, kind, in, notCompared)) {
            return;
        }
        Map<String, ContentRow> dr = content(in.content(), pair.dr(), kind);
        FindingKind findingKind = switch (kind) {
            case USER_CREDENTIAL -> FindingKind.USER_CREDENTIAL_MISSING;
            case OAUTH2_CLIENT -> FindingKind.OAUTH2_CLIENT_MISSING;
            case SECURE_PARAMETER -> FindingKind.SECURE_PARAMETER_MISSING;
            case STRING_PARAMETER -> FindingKind.STRING_PARAMETER_MISSING;
            case BINARY_PARAMETER -> FindingKind.BINARY_PARAMETER_MISSING;
            default -> FindingKind.NUMBER_RANGE_MISSING;
        };
        for (Map.Entry<String, ContentRow> e : content(in.content(), pair.primary(), kind).entrySet()) {
            if (dr.containsKey(e.getKey())) {
                continue;
            }
            ContentRow p = e.getValue();
            String explanation = switch (kind) {
                case NUMBER_RANGE -> "Number range " + p.name() + " is deployed on " + pair.primary()
                        + " but missing on " + pair.dr() + ".";
                case STRING_PARAMETER, BINARY_PARAMETER -> capitalized(kind.label()) + " " + p.name()
                        + " of partner " + p.scope() + " exists on " + pair.primary() + " but not on " + pair.dr()
                        + ": iFlows that read it for this partner fail there after a failover.";
                default -> capitalized(kind.label()) + " " + p.name() + " is deployed on " + pair.primary()
                        + " but missing on " + pair.dr() + ": there is no API that copies it, deploy it by hand.";
            };
            out.add(finding(findingKind, e.getKey(), pair.dr(), explanation));
        }
    }

    private static boolean compared(PairConfig pair, Kind kind, Inputs in, List<String> notCompared) {
        for (String tenant : List.of(pair.primary(), pair.dr())) {
            if (!in.contentRead().getOrDefault(tenant, Set.of()).contains(kind)) {
                notCompared.add(kind.label() + "s: not read on " + tenant
                        + (kind == Kind.SECURE_PARAMETER ? " (the API client may lack the role to read them)" : " yet"));
                return false;
            }
        }
        return true;
    }

    private static void variables(PairConfig pair, Inputs in, Instant now, Duration window, List<Finding> out,
                                  List<String> notCompared) {
        Instant horizon = now.plus(window);
        boolean compared = compared(pair, Kind.VARIABLE, in, notCompared);
        Map<String, ContentRow> primary = content(in.content(), pair.primary(), Kind.VARIABLE);
        Map<String, ContentRow> dr = content(in.content(), pair.dr(), Kind.VARIABLE);
        if (compared) {
            // only global variables must exist on both: a local one appears when its iFlow first runs on a tenant
            missingGlobal(primary.values(), dr, pair.primary(), pair.dr(), out);
            missingGlobal(dr.values(), primary, pair.dr(), pair.primary(), out);
        }
        for (Map<String, ContentRow> side : List.of(primary, dr)) {
            for (ContentRow v : side.values()) {
                if (expiresWithin(v.expiresAt(), now, horizon)) {
                    String subject = subject(v);
                    long days = daysLeft(now, v.expiresAt());
                    out.add(new Finding(FindingKind.VARIABLE_EXPIRING.key() + ":" + v.tenantId() + ":" + subject,
                            FindingKind.VARIABLE_EXPIRING, subject, v.tenantId(), capitalized(scope(v)) + " variable "
                            + subject + " on " + v.tenantId() + (v.expiresAt().isAfter(now) ? " reaches its RetainUntil in "
                            + days + " day" + (days == 1 ? "" : "s") : " has passed its RetainUntil") + " ("
                            + v.expiresAt() + "): the tenant deletes it then unless an iFlow writes it again.",
                            FindingKind.VARIABLE_EXPIRING.weight(), null));
                }
            }
        }
    }

    /**
     * Whole days until {@code until}, a started day counted: 19 days and 23 hours read "20 days", as the operator set
     * it; 0 once passed.
     */
    public static long daysLeft(Instant now, Instant until) {
        long seconds = Duration.between(now, until).toSeconds();
        return seconds <= 0 ? 0 : Math.ceilDiv(seconds, Duration.ofDays(1).toSeconds());
    }

    /** A RetainUntil before the horizon (already passed included); a variable without one is not judged. */
    public static boolean expiresWithin(Instant retainUntil, Instant now, Instant horizon) {
        return retainUntil != null && retainUntil.isBefore(horizon);
    }

    private static void missingGlobal(Collection<ContentRow> from, Map<String, ContentRow> other, String has,
                                      String lacks, List<Finding> out) {
        for (ContentRow v : from) {
            if (v.scope().isEmpty() && !other.containsKey(v.name() + "@")) {
                out.add(finding(FindingKind.VARIABLE_MISSING, v.name(), lacks, "Global variable " + v.name()
                        + " exists on " + has + " but not on " + lacks + ": iFlows reading it fail there after a failover."));
            }
        }
    }

    private static Map<String, ContentRow> content(List<ContentRow> all, String tenant, Kind kind) {
        Map<String, ContentRow> out = new TreeMap<>();
        for (ContentRow r : all) {
            if (r.tenantId().equals(tenant) && r.kind() == kind) {
                // a variable's and a partner parameter's name is unique within its iFlow or partner only
                out.put(r.scope().isEmpty() && kind != Kind.VARIABLE ? r.name() : r.name() + "@" + r.scope(), r);
            }
        }
        return out;
    }

    private static String subject(ContentRow v) {
        return v.scope().isEmpty() ? v.name() : v.name() + "@" + v.scope();
    }

    private static String scope(ContentRow v) {
        return v.scope().isEmpty() ? "global" : "local";
    }

    private static Finding finding(FindingKind kind, String subject, String tenant, String explanation) {
        return new Finding(kind.key() + ":" + subject, kind, subject, tenant, explanation, kind.weight(), null);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
