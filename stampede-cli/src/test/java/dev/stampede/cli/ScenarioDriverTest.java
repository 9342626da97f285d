package dev.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.stampede.bench.http.RequestTemplate;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunOrder;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.scenario.HttpBench;
import dev.stampede.bench.scenario.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one driver of every scenario, over a scenario that records what the driver asked of it and measures a real
 * HTTP endpoint on loopback.
 */
class ScenarioDriverTest {

    private HttpServer server;
    private String endpoint;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/buy", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        server.start();
        endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/buy";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Two "strategies" that both POST to the endpoint, and a ceiling that does the same. */
    private Scenario recording() {
        HttpBench http = new HttpBench(
                RequestTemplate.parse("POST " + endpoint, "{}", List.of()),
                OutcomeMap.parse("201=success"),
                new LoadModel.PerVuIterations(4, 5),
                new ProgressBar(System.err, false),
                Optional.empty(),
                null);
        return new Scenario() {
            @Override
            public String describe() {
                return "two labels on " + endpoint;
            }

            @Override
            public List<String> strategies() {
                return List.of("first", "second");
            }

            @Override
            public void warmUp(List<String> strategies) {
                asked.add("warm-up " + strategies);
            }

            @Override
            public Optional<RunResult> ceiling() {
                asked.add("ceiling");
                return Optional.of(http.run("ceiling", 1));
            }

            @Override
            public RunResult run(String strategy, int run) {
                asked.add(strategy + " #" + run);
                return http.run(strategy, run);
            }
        };
    }

    private BenchReport measure(RunPlan plan) {
        return new ScenarioDriver(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .measure("recorded", recording(), plan, Map.of("model", "4 x 5"));
    }

    /**
     * Every strategy is warmed up before any measured run, and the runs go in rounds whose order rotates (issue 15: the
     * strategy that runs later runs warmer): round 1 first then second, round 2 second then first. The report keeps
     * both: the strategies warmed up, and each run's position in its round.
     */
    @Test
    void aSaleLikePlanWarmsUpEveryStrategyMeasuresTheCeilingThenRunsRoundsInARotatingOrder() {
        BenchReport report = measure(new RunPlan("all", 2, true, true));

        assertThat(asked)
                .containsExactly(
                        "warm-up [first, second]", "ceiling", "first #1", "second #1", "second #2", "first #2");
        assertThat(report.runs())
                .extracting(run -> run.strategy() + " #" + run.run() + " at "
                        + run.counters().get(RunOrder.POSITION))
                .containsExactly("first #1 at 1", "second #1 at 2", "second #2 at 1", "first #2 at 2");
        assertThat(report.parameters()).containsEntry("warmed_up", List.of("first", "second"));
        assertThat(TextReport.comparison(report.runs(), report.ceilingRps()))
                .contains("order of the runs (run k of every strategy, in turn): #1 first, second; #2 second, first");
        assertThat(report.runs())
                .allSatisfy(run -> assertThat(run.outcomes().success()).isEqualTo(20));
        assertThat(report.ceilingRps()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("recorded: two labels on " + endpoint)
                .contains("warming up the JIT (unreported)")
                .contains("█ ceiling #1")
                .contains("harness ceiling: ")
                .contains("█ first #1")
                .contains("█ second #2");
    }

    @Test
    void withoutPhasesNeitherTheWarmUpNorTheCeilingIsAskedFor() {
        BenchReport report = measure(new RunPlan("second", 1, false, false));

        assertThat(asked).containsExactly("second #1");
        assertThat(report.parameters()).containsEntry("warmed_up", List.of());
        assertThat(report.ceilingRps()).isNull();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .doesNotContain("warming up")
                .doesNotContain("harness ceiling");
    }

    @Test
    void httpThroughTheCommandLineWritesTheReportsAndExitsZeroWhenNothingFailed(@TempDir Path dir) {
        Path json = dir.resolve("http.json");
        Path html = dir.resolve("http.html");

        int exit = StampedeCommand.commandLine()
                .execute(
                        "bench",
                        "http",
                        "--request",
                        "POST " + endpoint,
                        "--body",
                        "{\"buyer\":\"{vu}-{iter}\"}",
                        "--outcome",
                        "201=success",
                        "--vus",
                        "10",
                        "--iterations",
                        "3",
                        "--runs",
                        "2",
                        "--no-progress",
                        "--json",
                        json.toString(),
                        "--html",
                        html.toString());

        assertThat(exit).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
        assertThat(report.path("scenario").asString()).isEqualTo("http");
        assertThat(report.path("parameters").path("request").asString()).isEqualTo("POST " + endpoint);
        assertThat(report.path("parameters").path("runs").asInt()).isEqualTo(2);
        assertThat(report.path("parameters").has("instances")).isFalse();
        assertThat(report.path("runs")).hasSize(2);
        for (JsonNode run : report.path("runs")) {
            assertThat(run.path("strategy").asString()).isEqualTo("POST /buy");
            assertThat(run.path("outcomes").path("success").asLong()).isEqualTo(30);
        }
        assertThat(html).isNotEmptyFile();
    }

    @Test
    void aRunThatFailsItsAuditMakesTheExitCodeOne() {
        ScenarioDriver driver = new ScenarioDriver(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Scenario failing = new Scenario() {
            private final Scenario real = recording();

            @Override
            public String describe() {
                return real.describe();
            }

            @Override
            public List<String> strategies() {
                return real.strategies();
            }

            @Override
            public RunResult run(String strategy, int run) {
                RunResult measured = real.run(strategy, run);
                return strategy.equals("second") ? withFailedAudit(measured) : measured;
            }
        };

        int exit = driver.run("recorded", failing, new RunPlan("all", 1, false, false), Map.of(), new ReportOptions());

        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("1 run FAILED the audit");
    }

    private static RunResult withFailedAudit(RunResult run) {
        return new RunResult(
                run.strategy(),
                run.run(),
                run.requests(),
                run.outcomes(),
                run.latency(),
                run.wallSeconds(),
                run.rps(),
                run.bucketMillis(),
                run.throughput(),
                run.droppedIterations(),
                new AuditVerdict(false, 21L, 1L, 20, -1, List.of("sql"), List.of("oversold by 1")),
                run.counters(),
                run.latencyByKind());
    }
}
