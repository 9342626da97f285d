package dev.stampede.bench.load;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** The CPU time this JVM's process has used, user and system, every thread ({@code getProcessCpuTime()}). */
final class ProcessCpu {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    /** Nanoseconds of CPU time since the process started. */
    static long nanos() {
        return OS.getProcessCpuTime();
    }
}
