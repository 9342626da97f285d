package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.HtmlReport;
import dev.stampede.bench.report.JsonReport;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.scenario.Scenario;
import dev.stampede.bench.service.LocalTargets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stampede demo}: flash-sale and last-ticket for every strategy on a fresh embedded database, side by side,
 * with an HTML report. {@code unsafe} is expected to fail its audit; any other failure fails the demo.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run flash-sale and last-ticket for every strategy and write an HTML report.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", description = "Directory for the reports (default: ${DEFAULT-VALUE}).", defaultValue = ".")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        ProgressBar progress = new ProgressBar(System.err, !noProgress && System.console() != null);
        int unexpectedFailures = 0;
        System.out.println("demo: the local service runs with " + BenchCommand.PATIENT
                + " so that every buyer waits for a definite answer (see README).");
        try (LocalTargets targets = new LocalTargets(1, false, BenchCommand.PATIENT)) {
            for (Scenario scenario : List.of(Scenario.FLASH_SALE, Scenario.LAST_TICKET)) {
                LoadModel model = new LoadModel.PerVuIterations(scenario.defaultVus(), 1);
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("model", model.describe());
                parameters.put("stock", scenario.defaultStock());
                parameters.put("service properties", BenchCommand.PATIENT);
                BenchReport report = BenchCommand.runSale(
                        scenario.id(),
                        model,
                        scenario.defaultStock(),
                        "all",
                        1,
                        new BenchCommand.Phases(true, true),
                        targets,
                        progress,
                        parameters);
                System.out.print(TextReport.comparison(report.runs(), report.ceilingRps()));
                Path html =
                        out.resolve("stampede-demo-" + scenario.id() + ".html").toAbsolutePath();
                HtmlReport.write(report, html);
                JsonReport.write(report, out.resolve("stampede-demo-" + scenario.id() + ".json"));
                System.out.println("HTML report: " + html);
                for (RunResult run : report.runs()) {
                    boolean unsafe = run.strategy().equals("unsafe");
                    if (unsafe && !run.audit().passed()) {
                        System.out.println("unsafe FAILED its audit, as it should: it oversells by design.");
                    } else if (!run.audit().passed()) {
                        unexpectedFailures++;
                    }
                }
            }
        }
        return unexpectedFailures == 0 ? 0 : 1;
    }
}
