package dev.stampede.cli;

import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.Machine;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.scenario.Scenario;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one way {@code stampede bench} runs a scenario, once it is set up on its targets: choose the strategies, warm up
 * and measure the harness ceiling when the plan says so, run every strategy printing each run's summary as it ends,
 * then the side-by-side table and the JSON/HTML files. The exit code is 1 when any run failed its audit.
 */
final class ScenarioDriver {

    private final PrintStream out;

    ScenarioDriver(PrintStream out) {
        this.out = out;
    }

    /** Runs and reports a scenario set up on its targets (the caller opened them and closes them). */
    int run(String name, Scenario scenario, RunPlan plan, Map<String, Object> parameters, ReportOptions reporting) {
        Map<String, Object> described = new LinkedHashMap<>(parameters);
        described.put("runs", plan.runs());
        BenchReport report = measure(name, scenario, plan, described);
        out.print(TextReport.comparison(report.runs(), report.ceilingRps()));
        reporting.write(report, out);
        long failed = report.runs().stream().filter(r -> !r.audit().passed()).count();
        if (failed > 0) {
            out.printf("%n✗✗ %d run%s FAILED the audit ✗✗%n", failed, failed == 1 ? "" : "s");
            return 1;
        }
        return 0;
    }

    /** Everything up to the side-by-side table: what is driven, the phases the plan asks for, every run's summary. */
    BenchReport measure(String name, Scenario scenario, RunPlan plan, Map<String, Object> parameters) {
        out.printf("%s: %s%n", name, scenario.describe());
        List<String> chosen = plan.choose(scenario.strategies());
        if (plan.warmUp()) {
            out.println("warming up the JIT (unreported) ...");
            scenario.warmUp(chosen);
        }
        Optional<RunResult> ceiling = plan.ceiling() ? scenario.ceiling() : Optional.empty();
        ceiling.ifPresent(noop -> {
            out.print(TextReport.summary(noop));
            out.printf(
                    "harness ceiling: %.1f req/s on the no-op endpoint (p99 %.2f ms)%n",
                    noop.rps(), noop.latency().p99Ms());
        });
        String started = Instant.now().toString();
        List<RunResult> results = scenario.run(chosen, plan.runs(), run -> out.print(TextReport.summary(run)));
        Map<String, Object> described = new LinkedHashMap<>(parameters);
        described.put("warmed_up", plan.warmUp() ? chosen : List.of());
        return new BenchReport(
                name, described, ceiling.map(RunResult::rps).orElse(null), Machine.describe(), started, results);
    }
}
