package io.cpimon.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time used since it was made: by this JVM, and by one embedded PostgreSQL cluster (its postmaster, found by its
 * data directory, and the postmaster's children: backends, workers). A backend that ended in between is not counted.
 * Used by one thread.
 */
final class CpuMeter {
    /** CPU milliseconds used by this JVM and by the cluster. */
    record Used(double jvmMs, double postgresMs) {}

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final String dataDirectory;
    private final long jvmStart;
    private final long postgresStart;

    /** @param dataDirectory the cluster's {@code -D} directory */
    CpuMeter(Path dataDirectory) {
        this.dataDirectory = dataDirectory.toString();
        this.jvmStart = OS.getProcessCpuTime();
        this.postgresStart = postgresNanos();
    }

    Used used() {
        return new Used((OS.getProcessCpuTime() - jvmStart) / 1e6, (postgresNanos() - postgresStart) / 1e6);
    }

    private long postgresNanos() {
        Optional<ProcessHandle> postmaster = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(List::of).map(a -> a.contains(dataDirectory)).orElse(false))
                .findFirst();
        return postmaster.map(pm -> cpu(pm) + pm.children().mapToLong(CpuMeter::cpu).sum()).orElse(0L);
    }

    private static long cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
