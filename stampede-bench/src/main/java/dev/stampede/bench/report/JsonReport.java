package dev.stampede.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results as JSON: {@code {"scenario", "runs": [{"strategy", "requests", "outcomes": {...}, "latency_ms": {...},
 * "wall_s", "rps", "audit": {...}}]}} plus the parameters, the harness ceiling and the throughput series.
 */
public final class JsonReport {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    public static String render(BenchReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", report.scenario());
        root.put("started_at", report.startedAt());
        root.put("machine", report.machine());
        root.put("parameters", report.parameters());
        root.put("ceiling_rps", report.ceilingRps());
        root.put("runs", report.runs().stream().map(JsonReport::run).toList());
        return JSON.writeValueAsString(root);
    }

    public static void write(BenchReport report, Path file) {
        try {
            Files.writeString(file, render(report));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static Map<String, Object> run(RunResult run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("strategy", run.strategy());
        json.put("run", run.run());
        json.put("requests", run.requests());
        json.put(
                "outcomes",
                Map.of(
                        "success", run.outcomes().success(),
                        "sold_out", run.outcomes().soldOut(),
                        "busy", run.outcomes().busy(),
                        "error", run.outcomes().errors(),
                        "other_status", run.outcomes().otherStatus(),
                        "network_error", run.outcomes().networkError()));
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("avg", run.latency().avgMs());
        latency.put("min", run.latency().minMs());
        latency.put("p50", run.latency().medMs());
        latency.put("p90", run.latency().p90Ms());
        latency.put("p95", run.latency().p95Ms());
        latency.put("p99", run.latency().p99Ms());
        latency.put("max", run.latency().maxMs());
        json.put("latency_ms", latency);
        json.put("wall_s", run.wallSeconds());
        json.put("rps", run.rps());
        json.put("dropped_iterations", run.droppedIterations());
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("passed", run.audit().passed());
        audit.put("orders", run.audit().orders());
        audit.put("oversold", run.audit().oversold());
        audit.put("stock_left", run.audit().stockLeft());
        audit.put("sources", run.audit().sources());
        audit.put("problems", run.audit().problems());
        json.put("audit", audit);
        json.put("throughput", Map.of("bucket_ms", run.bucketMillis(), "rps", List.copyOf(run.throughput())));
        return json;
    }
}
