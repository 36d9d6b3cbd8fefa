package io.cpimon.simulator.tenant;

import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The faults injected into one tenant and how each request meets them: which faults match it (counting it against
 * their {@code skip}/{@code times}), how long it is delayed, and the answer of a STATUS fault, shaped like the real
 * platform's for the scope it hits. Survives the tenant going down and up. Thread-safe: the fault list is guarded
 * by itself; {@link #answer} runs on the tenant server's event loop.
 */
final class FaultGate {

    /** An injected fault and how often it matched. Guarded by {@code faults}. */
    private static final class ActiveFault {
        final Fault fault;
        int seen;
        int applied;

        ActiveFault(Fault fault) {
            this.fault = fault;
        }
    }

    /**
     * What the faults make of one request.
     *
     * @param scope    the endpoint the path belongs to; null: none (no fault applies)
     * @param delayMs  the sum of the matching SLOW faults' delays
     * @param deciding the fault that decides the answer; null: the normal answer
     */
    record Decision(Fault.Scope scope, long delayMs, Fault deciding) {

        /** Whether the request is routed normally (possibly with a body fault). */
        boolean routes() {
            return deciding == null || bodyFault() != null;
        }

        /** The deciding fault when it corrupts the body of a normal answer, else null. */
        Fault bodyFault() {
            if (deciding == null) {
                return null;
            }
            return switch (deciding.kind()) {
                case MALFORMED_JSON, TRUNCATED_BODY, WRONG_TYPES, EMPTY_200 -> deciding;
                default -> null;
            };
        }
    }

    private final List<ActiveFault> faults = new ArrayList<>();

    void inject(Fault fault) {
        synchronized (faults) {
            faults.add(new ActiveFault(Objects.requireNonNull(fault)));
        }
    }

    void clear() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** The faults still active, in injection order. */
    List<Fault> active() {
        synchronized (faults) {
            return faults.stream().map(f -> f.fault).toList();
        }
    }

    /** Whether a STATUS or HANG fault on {@link Fault.Scope#RUNTIME} is active (the runtime processes nothing). */
    boolean runtimeBlocked() {
        synchronized (faults) {
            return faults.stream().map(f -> f.fault).anyMatch(f -> f.scopes().contains(Fault.Scope.RUNTIME)
                    && (f.kind() == Fault.Kind.STATUS || f.kind() == Fault.Kind.HANG));
        }
    }

    /**
     * Decides one request to the percent-decoded {@code path} and {@code query} (empty when none); counts it against
     * every fault it meets.
     */
    Decision decide(String path, String query) {
        Fault.Scope scope = path.startsWith("/oauth/") ? Fault.Scope.TOKEN
                : path.startsWith("/api/") ? Fault.Scope.API
                : path.startsWith("/http/") || path.equals("/http") ? Fault.Scope.RUNTIME : null;
        List<Fault> matching = scope == null ? List.of() : matching(scope, path, query);
        long delay = 0;
        Fault deciding = null;
        for (Fault f : matching) {
            if (f.kind() == Fault.Kind.SLOW) {
                delay += f.delay().toMillis();
            } else {
                deciding = f;
            }
        }
        return new Decision(scope, delay, deciding);
    }

    /**
     * The faults that apply to one request, in order: zero or more SLOW ones, then at most one deciding fault.
     * Counts the request against each matching fault's skip/times.
     */
    private List<Fault> matching(Fault.Scope scope, String path, String query) {
        synchronized (faults) {
            List<Fault> out = new ArrayList<>(1);
            Iterator<ActiveFault> it = faults.iterator();
            while (it.hasNext()) {
                ActiveFault af = it.next();
                Fault f = af.fault;
                if (!f.scopes().contains(scope) || (f.pathPrefix() != null && !path.startsWith(f.pathPrefix()))
                        || (f.query() != null && !query.contains(f.query()))) {
                    continue;
                }
                if (f.kind() == Fault.Kind.WRONG_TYPES && !isMplCollection(path)) {
                    continue;
                }
                af.seen++;
                if (af.seen <= f.skip()) {
                    continue;
                }
                af.applied++;
                if (f.times() > 0 && af.applied >= f.times()) {
                    it.remove();
                }
                out.add(f);
                if (f.kind() != Fault.Kind.SLOW) {
                    break;
                }
            }
            return out;
        }
    }

    private static boolean isMplCollection(String path) {
        return path.equals("/api/v1/MessageProcessingLogs") || path.equals("/api/v1/MessageProcessingLogs/");
    }

    /** Answers a request whose deciding fault does not route it: STATUS answers, HANG never does. */
    static void answer(Exchange ex, Decision d) {
        if (d.deciding().kind() == Fault.Kind.STATUS) {
            statusFault(ex, d.deciding(), d.scope());
        }
    }

    private static void statusFault(Exchange ex, Fault f, Fault.Scope scope) {
        HttpServerResponse r = ex.response();
        if (f.retryAfter() != null) {
            r.putHeader("Retry-After", Long.toString(Math.max(0, f.retryAfter().toSeconds())));
        }
        int status = f.status();
        switch (status) {
            case 401 -> {
                r.putHeader("WWW-Authenticate", scope == Fault.Scope.RUNTIME
                        ? "Basic realm=\"SAP Cloud Integration\"" : "Bearer realm=\"cpi\"");
                ex.send(401, null, new byte[0]);
            }
            case 502, 503, 504 -> {
                String title = status == 502 ? "502 Bad Gateway"
                        : status == 503 ? "503 Service Unavailable" : "504 Gateway Timeout";
                String text = status == 503
                        ? "The tenant is undergoing planned maintenance. Please try again later." : title;
                ex.send(status, "text/html; charset=utf-8", ("<html><head><title>" + title + "</title></head><body><h1>"
                        + title + "</h1><p>" + text + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                if (scope == Fault.Scope.TOKEN) {
                    String err = status == 429 ? "too_many_requests" : status == 403 ? "access_denied" : "server_error";
                    ex.send(status, Exchange.JSON, ("{\"error\":\"" + err
                            + "\",\"error_description\":\"Simulated failure " + status + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
                } else if (scope == Fault.Scope.RUNTIME) {
                    ex.sendText(status, "Runtime failure " + status);
                } else {
                    ex.send(status, Exchange.JSON, ODataWriter.error(apiCode(status), apiMessage(status)));
                }
            }
        }
    }

    private static String apiCode(int status) {
        return switch (status) {
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            default -> Integer.toString(status);
        };
    }

    private static String apiMessage(int status) {
        return switch (status) {
            case 403 -> "Sorry! You are not authorized to access this resource.";
            case 429 -> "Too many requests. Server's rate limit exceeded.";
            case 500 -> "Internal Server Error";
            default -> "Simulated failure " + status;
        };
    }
}
