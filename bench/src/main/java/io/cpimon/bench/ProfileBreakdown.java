package io.cpimon.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a child process's CPU went, from the execution samples of its JFR recording: by component (the sampled
 * thread's name with the tenant id and trailing numbers folded, so that 1,000 tenants' {@code poll-…} threads count as
 * one component {@code poll-<tenant>}) and by cpimon frame (the first {@code io.cpimon} method on the sampled stack,
 * i.e. which of cpimon's own code the time is spent in or below). Shares of the samples are turned into cores with
 * the process's measured CPU. GC and JIT threads are not sampled by JFR; their CPU is the measured total minus what
 * the samples account for only roughly, so the table's cores are an estimate. Not thread-safe; one use per recording.
 */
final class ProfileBreakdown {
    private static final Pattern TRAILING_NUMBER = Pattern.compile("[-#]\\d+$");
    private static final String SAMPLE = "jdk.ExecutionSample";

    private final Map<String, Integer> byComponent = new HashMap<>();
    private final Map<String, Integer> byCpimonFrame = new HashMap<>();
    private final Pattern tenantIds;
    private int samples;

    /** @param tenantIds a pattern matching the tenant ids inside thread names, e.g. {@code fleet-\d+} */
    ProfileBreakdown(Pattern tenantIds) {
        this.tenantIds = tenantIds;
    }

    /** Reads every execution sample of {@code jfr}. */
    ProfileBreakdown read(Path jfr) throws IOException {
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!SAMPLE.equals(e.getEventType().getName())) {
                    continue;
                }
                samples++;
                RecordedThread t = e.getThread("sampledThread");
                byComponent.merge(component(t == null ? null : t.getJavaName()), 1, Integer::sum);
                byCpimonFrame.merge(cpimonFrame(e.getStackTrace()), 1, Integer::sum);
            }
        }
        return this;
    }

    int samples() {
        return samples;
    }

    /** The component a thread belongs to: its name with tenant ids and a trailing counter folded. */
    String component(String threadName) {
        if (threadName == null || threadName.isEmpty()) {
            return "(unnamed virtual threads)";
        }
        String folded = tenantIds.matcher(threadName).replaceAll("<tenant>");
        return TRAILING_NUMBER.matcher(folded).replaceAll("-N");
    }

    private static String cpimonFrame(RecordedStackTrace stack) {
        if (stack == null) {
            return "(no stack)";
        }
        for (RecordedFrame f : stack.getFrames()) {
            if (f.isJavaFrame() && f.getMethod() != null) {
                String type = f.getMethod().getType().getName();
                if (type.startsWith("io.cpimon.")) {
                    return type.substring("io.cpimon.".length()) + "." + f.getMethod().getName();
                }
            }
        }
        return "(no cpimon frame: Vert.x/Netty I/O, JDK, JDBC driver below a pooled call)";
    }

    /** Prints the top {@code limit} rows of both tables, with each share scaled to {@code cores}. */
    void print(double cores, int limit) {
        System.out.printf("--- CPU by component (JFR execution samples: %d; cores = share × the %.2f cores measured) ---%n",
                samples, cores);
        table(byComponent, cores, limit);
        System.out.println("--- CPU by cpimon frame (the first io.cpimon method on each sampled stack) ---");
        table(byCpimonFrame, cores, limit);
    }

    private void table(Map<String, Integer> counts, double cores, int limit) {
        List<Map.Entry<String, Integer>> rows = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(limit).toList();
        for (Map.Entry<String, Integer> r : rows) {
            double share = samples == 0 ? 0 : r.getValue() / (double) samples;
            System.out.printf("  %5.1f %%  %5.3f cores  %s%n", share * 100, share * cores, r.getKey());
        }
    }

    /** The component with the most samples and its share, e.g. {@code poll-<tenant>:41%}; {@code none} without samples. */
    String top() {
        return byComponent.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> e.getKey() + ":" + Math.round(100.0 * e.getValue() / samples) + "%").orElse("none");
    }
}
