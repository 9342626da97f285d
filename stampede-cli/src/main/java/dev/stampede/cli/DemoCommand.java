package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.HtmlReport;
import dev.stampede.bench.report.JsonReport;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.scenario.SaleBench;
import dev.stampede.bench.scenario.SaleShape;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.ServiceProfile;
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
        List<String> patient = ServiceProfile.PATIENT.properties();
        System.out.println("demo: the local service runs with " + patient
                + " so that every buyer waits for a definite answer (see README).");
        ScenarioDriver driver = new ScenarioDriver(System.out);
        try (LocalTargets targets = new LocalTargets(1, false, patient)) {
            for (SaleShape shape : List.of(SaleShape.FLASH_SALE, SaleShape.LAST_TICKET)) {
                LoadModel model = new LoadModel.PerVuIterations(shape.vus(), 1);
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("model", model.describe());
                parameters.put("stock", shape.stock());
                parameters.put("service properties", patient);
                BenchReport report = driver.measure(
                        shape.scenario(),
                        new SaleBench(targets, progress, model, shape.stock()),
                        new RunPlan("all", 1, true, true),
                        parameters);
                System.out.print(TextReport.comparison(report.runs(), report.ceilingRps()));
                Path html = out.resolve("stampede-demo-" + shape.scenario() + ".html")
                        .toAbsolutePath();
                HtmlReport.write(report, html);
                JsonReport.write(report, out.resolve("stampede-demo-" + shape.scenario() + ".json"));
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
