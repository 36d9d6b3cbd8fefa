package io.cpimon.bench;

import com.sun.management.OperatingSystemMXBean;
import io.cpimon.db.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;

/**
 * The CPU time used since it was made: by this JVM, by its Vert.x event loops among that (in the benches, the simulated
 * tenants' servers and cpimon's HTTP client), and by the embedded PostgreSQL server ({@link ForwardBench.PostgresCpu}:
 * its postmaster with its ended children, plus its live children). Used by one thread.
 */
final class CpuMeter {
    /** CPU milliseconds used by this JVM, by its Vert.x event loops (part of the JVM's), and by PostgreSQL. */
    record Used(double jvmMs, double vertxMs, double postgresMs) {}

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final ForwardBench.PostgresCpu postgres;
    private final long jvmStart;
    private final long vertxStart;
    private final long postgresStart;

    CpuMeter(Database db) throws SQLException {
        this.postgres = ForwardBench.PostgresCpu.of(db);
        this.jvmStart = OS.getProcessCpuTime();
        this.vertxStart = vertxNanos();
        this.postgresStart = postgres.nanos();
    }

    Used used() {
        return new Used((OS.getProcessCpuTime() - jvmStart) / 1e6, (vertxNanos() - vertxStart) / 1e6,
                (postgres.nanos() - postgresStart) / 1e6);
    }

    private static long vertxNanos() {
        long sum = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("vert.x-")) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }
}
