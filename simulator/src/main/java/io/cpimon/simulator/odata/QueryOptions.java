package io.cpimon.simulator.odata;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query options of one OData request and the checks every entity set applies to them: which system options
 * ({@code $…}) it accepts, non-negative integers, {@code $inlinecount}, JSON only. Every check throws
 * {@link ODataException}. Immutable and thread-safe; {@link #get} returns null for an absent option.
 */
public final class QueryOptions {

    /** In the order given: {@link #nextLink} repeats them so. */
    private final Map<String, String> options;

    private QueryOptions(Map<String, String> options) {
        this.options = options;
    }

    /** Parses a raw query string (see {@link QueryString#parse}). */
    public static QueryOptions parse(String query) {
        return new QueryOptions(Collections.unmodifiableMap(QueryString.parse(query)));
    }

    /** The value of option {@code name}, or null. */
    public String get(String name) {
        return options.get(name);
    }

    /** 400 when a system option ({@code $…}) other than {@code allowed} is present; custom options pass. */
    public void allowOnly(Set<String> allowed) {
        for (String k : options.keySet()) {
            if (k.startsWith("$") && !allowed.contains(k)) {
                throw ODataException.badRequest("The system query option '" + k + "' is not supported here");
            }
        }
    }

    /** Option {@code name} as a non-negative integer, null when absent; 400 when not one. */
    public Integer nonNegative(String name) {
        String v = options.get(name);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw ODataException.badRequest("Invalid value '" + v + "' for " + name);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ODataException.badRequest("Invalid value '" + v + "' for " + name);
        }
    }

    /** Whether {@code $inlinecount=allpages} was asked for ({@code none} or absent: no); 400 for other values. */
    public boolean inlineCount() {
        String v = options.get("$inlinecount");
        if (v == null || v.equals("none")) {
            return false;
        }
        if (v.equals("allpages")) {
            return true;
        }
        throw ODataException.badRequest("Invalid value '" + v + "' for $inlinecount (allpages or none)");
    }

    /**
     * 406 unless the request asks for JSON by {@code $format=json} or, without {@code $format}, by its
     * {@code accept} header (may be null): a real tenant would answer Atom XML, which is not simulated.
     */
    public void requireJson(String accept) {
        String format = options.get("$format");
        if (format != null) {
            if (!format.equalsIgnoreCase("json")) {
                throw new ODataException(406, "Not Acceptable", "The simulated tenant serves $format=json only"
                        + " (a real tenant would send Atom XML for '" + format + "')");
            }
            return;
        }
        if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("application/json")) {
            throw new ODataException(406, "Not Acceptable", "A real tenant answers Atom XML without $format=json"
                    + " or Accept: application/json; the simulator serves JSON only");
        }
    }

    /**
     * The absolute URL of the next page: {@code entitySetUrl}, then every option but {@code $skiptoken} in the order
     * given, then {@code $skiptoken=<skiptoken>}.
     */
    public String nextLink(String entitySetUrl, int skiptoken) {
        StringBuilder b = new StringBuilder(entitySetUrl).append('?');
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (!e.getKey().equals("$skiptoken")) {
                b.append(QueryString.encode(e.getKey())).append('=').append(QueryString.encode(e.getValue()))
                        .append('&');
            }
        }
        return b.append("$skiptoken=").append(skiptoken).toString();
    }
}
