package io.cpimon.alerting.lifecycle;

import io.cpimon.db.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The silence stage: which active silences mute a label set. Pure; thread-safe. */
public final class Silencer {
    private Silencer() {}

    /** @return the ids of the silences active at {@code now} whose matchers all match (comma-separated), or null */
    public static String silencedBy(Map<String, String> labels, List<Silence> silences, Instant now) {
        String ids = silences.stream().filter(s -> s.mutes(labels, now)).map(s -> Long.toString(s.id()))
                .collect(Collectors.joining(","));
        return ids.isEmpty() ? null : ids;
    }
}
