package dev.stampede.bench.service;

import dev.stampede.bench.report.CpuFigures;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU time the service's process has used, from one Prometheus scrape (read by {@link ServiceScrapes}): Micrometer's
 * {@code process.cpu.time} ({@code process_cpu_time_ns_total}, nanoseconds, the JVM's {@code
 * OperatingSystemMXBean.getProcessCpuTime()}), as the counter {@link CpuFigures#SERVICE} in microseconds.
 */
public final class ServiceCpuMeters {

    private static final Pattern CPU_TIME = Pattern.compile("^process_cpu_time_ns_total(\\{[^}]*})?\\s+(\\S+)$");

    private ServiceCpuMeters() {}

    /** {@link CpuFigures#SERVICE} of one scrape; nothing when the scrape has no CPU time. */
    public static Map<String, Long> parse(String scrape) {
        return scrape.lines()
                .map(CPU_TIME::matcher)
                .filter(Matcher::matches)
                .findFirst()
                .map(cpu -> Map.of(CpuFigures.SERVICE, Math.round(Double.parseDouble(cpu.group(2)) / 1000)))
                .orElse(Map.of());
    }
}
