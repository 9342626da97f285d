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
import dev.stampede.bench.scenario.Scenario;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.ServiceProfile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stampede demo}: every purchase strategy side by side on a fresh embedded database, audited, with an HTML
 * report per sale. By default a {@link Tour#QUICK quick tour} (under three minutes on 2 busy cores, times in
 * docs/performance.md); {@code --full} replays the seeds' shapes ({@link Tour#FULL}). {@code unsafe} is expected to
 * fail its audit; any other failed audit fails the demo (exit 1). A line on standard error counts the steps as they
 * start, with the time since the demo began.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Every purchase strategy side by side, audited, with an HTML report per sale.",
            "",
            "By default a quick tour (within about three minutes on 2 cores): last-ticket as seed 001 ran it (1,000"
                    + " buyers, 1 unit), then a flash sale at a tenth of seed 000 (1,500 buyers, 1,000 units), on a"
                    + " service in this JVM, without JIT warm-up. --full replays the seeds' shapes instead.",
            ""
        })
final class DemoCommand implements Callable<Integer> {

    /**
     * What the demo runs: its sales in order, whether the JIT of both sides is warmed up first (unreported; see
     * {@link SaleBench#warmUp}), and whether the service runs in this JVM or as a child JVM (a sale of 15,000 buyers
     * needs 30,000 sockets: more than one process may open here).
     */
    record Tour(List<SaleShape> sales, boolean warmUp, boolean inProcess) {

        /**
         * Seed 001's last ticket, then a flash sale with seed 000's proportions (two buyers in three get a unit) at a
         * tenth of its size; cold, in this JVM. The harness ceiling is measured before each sale.
         */
        static final Tour QUICK =
                new Tour(List.of(SaleShape.LAST_TICKET, new SaleShape("flash-sale", 1_500, 1_000)), false, true);

        /** The seeds' shapes, flash sale first, warmed up, on a child JVM: the demo as it was before the quick tour. */
        static final Tour FULL = new Tour(List.of(SaleShape.FLASH_SALE, SaleShape.LAST_TICKET), true, false);
    }

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Directory for the reports (default: ${DEFAULT-VALUE}).",
            defaultValue = ".")
    Path out;

    @Option(
            names = "--full",
            description = "Replay the seeds' full shapes: 15,000 buyers for 10,000 units, then 1,000 buyers for"
                    + " the last one, with a JIT warm-up, on a service in a child JVM (several minutes).")
    boolean full;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    Tour tour() {
        return full ? Tour.FULL : Tour.QUICK;
    }

    @Override
    public Integer call() {
        Tour tour = tour();
        ProgressBar bar = new ProgressBar(System.err, !noProgress && System.console() != null);
        Steps steps = new Steps(System.err, tour);
        int unexpectedFailures = 0;
        List<String> patient = ServiceProfile.PATIENT.properties();
        System.out.println("demo: the local service runs with " + patient
                + " so that every buyer waits for a definite answer (see docs/lab.md).");
        if (!tour.warmUp()) {
            System.out.println("demo: no JIT warm-up, so the first runs are cold; ./stampede demo --full warms up"
                    + " and replays the seeds' full shapes.");
        }
        ScenarioDriver driver = new ScenarioDriver(System.out);
        steps.note("starting a fresh embedded PostgreSQL and the service "
                + (tour.inProcess() ? "in this JVM" : "in a child JVM"));
        try (LocalTargets targets = new LocalTargets(1, tour.inProcess(), patient)) {
            for (SaleShape shape : tour.sales()) {
                LoadModel model = new LoadModel.PerVuIterations(shape.vus(), 1);
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("model", model.describe());
                parameters.put("stock", shape.stock());
                parameters.put("service properties", patient);
                BenchReport report = driver.measure(
                        shape.scenario(),
                        steps.counting(shape.scenario(), new SaleBench(targets, bar, model, shape.stock())),
                        new RunPlan("all", 1, tour.warmUp(), true),
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
        steps.done();
        return unexpectedFailures == 0 ? 0 : 1;
    }

    /**
     * The progress line: before each step of the tour (a warm-up, a ceiling, a strategy's run) one line on
     * {@code out}, {@code [m:ss] demo i/n: sale, step}, where {@code m:ss} is the time since the demo began and
     * {@code n} is known once the service has named its strategies.
     */
    static final class Steps {

        private final PrintStream out;
        private final Tour tour;
        private final long startNanos = System.nanoTime();
        private int step;
        private int total;

        Steps(PrintStream out, Tour tour) {
            this.out = out;
            this.tour = tour;
        }

        /** {@code scenario}, announcing each of its steps as {@code sale}'s. */
        Scenario counting(String sale, Scenario scenario) {
            return new Scenario() {
                @Override
                public String describe() {
                    return scenario.describe();
                }

                @Override
                public List<String> strategies() {
                    List<String> strategies = scenario.strategies();
                    if (total == 0) {
                        total = tour.sales().size() * (strategies.size() + (tour.warmUp() ? 2 : 1));
                    }
                    return strategies;
                }

                @Override
                public void warmUp(List<String> strategies) {
                    announce(sale, "warm-up (unreported)");
                    scenario.warmUp(strategies);
                }

                @Override
                public Optional<RunResult> ceiling() {
                    announce(sale, "harness ceiling (no-op endpoint)");
                    return scenario.ceiling();
                }

                @Override
                public RunResult run(String strategy, int run) {
                    announce(sale, strategy);
                    return scenario.run(strategy, run);
                }
            };
        }

        private void announce(String sale, String what) {
            step++;
            out.printf("[%s] demo %d/%d: %s, %s%n", elapsed(), step, total, sale, what);
            out.flush();
        }

        /** A line that is no step: what the demo is doing between steps. */
        void note(String what) {
            out.printf("[%s] demo: %s%n", elapsed(), what);
            out.flush();
        }

        /** The last line: how long the whole demo took. */
        void done() {
            note("done");
        }

        private String elapsed() {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            return "%d:%02d".formatted(seconds / 60, seconds % 60);
        }
    }
}
