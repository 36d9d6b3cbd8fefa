package io.cpimon.simulator.odata;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes URL query strings (and form bodies) the way the simulated OData service does: '+' reads as a
 * space, a duplicate option is an OData 400. Stateless.
 */
public final class QueryString {

    private QueryString() {
    }

    /**
     * The decoded options of {@code query} (null or empty: none) in the order given; throws {@link ODataException}
     * 400 on a malformed escape or a duplicate option.
     */
    public static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ODataException.badRequest("Malformed query string: " + e.getMessage());
            }
            if (out.put(k, v) != null) {
                throw ODataException.badRequest("Duplicate query option '" + k + "'");
            }
        }
        return out;
    }

    /** Percent-encodes a query option name or value, keeping OData's readable characters. */
    public static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~$'(),:/".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
