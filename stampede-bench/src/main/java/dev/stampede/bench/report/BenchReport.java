package dev.stampede.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything a bench command measured.
 *
 * @param parameters the load parameters as given (vus, stock, rate, ...)
 * @param ceilingRps the harness's own ceiling: the same load against a no-op endpoint (null when not measured)
 * @param machine a one-line description of the machine (cores, memory, JVM)
 */
public record BenchReport(
        String scenario,
        Map<String, Object> parameters,
        Double ceilingRps,
        String machine,
        String startedAt,
        List<RunResult> runs) {}
