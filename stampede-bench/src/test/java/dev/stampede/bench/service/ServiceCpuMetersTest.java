package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.CpuFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceCpuMetersTest {

    @Test
    void theServicesCpuTimeIsReadInMicroseconds() {
        Map<String, Long> cpu = ServiceCpuMeters.parse("""
                # HELP process_cpu_time_ns_total The "cpu time" used by the Java Virtual Machine process
                # TYPE process_cpu_time_ns_total counter
                process_cpu_time_ns_total{application="stampede"} 1.2345678E10
                process_cpu_usage{application="stampede"} 0.5
                """);

        assertThat(cpu).containsOnly(Map.entry(CpuFigures.SERVICE, 12_345_678L));
    }

    @Test
    void aScrapeWithoutCpuTimeReadsNothing() {
        assertThat(ServiceCpuMeters.parse("process_cpu_usage{application=\"stampede\"} 0.5\n"))
                .isEmpty();
    }
}
