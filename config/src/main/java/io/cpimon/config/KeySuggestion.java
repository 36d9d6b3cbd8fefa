package io.cpimon.config;

import java.util.Collection;
import java.util.Locale;

/** "did you mean" for unknown keys: same letters ignoring case and separators, else a small edit distance. */
final class KeySuggestion {
    private KeySuggestion() {}

    /** @return {@code " (did you mean 'x'?)"}, else {@code " (known keys: a, b)"}, else empty */
    static String hint(String key, Collection<String> known) {
        if (known.isEmpty()) {
            return " (no keys are allowed here)";
        }
        String normal = normalize(key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (normalize(candidate).equals(normal)) {
                return " (did you mean '" + candidate + "'?)"; // pagesize, page_size, page-size
            }
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int tolerated = Math.max(1, Math.min(3, key.length() / 3));
        if (bestDistance <= tolerated) {
            return " (did you mean '" + best + "'?)";
        }
        return " (known keys: " + String.join(", ", known) + ")";
    }

    private static String normalize(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
