package dev.stampede.cli;

import dev.stampede.bench.http.RequestTemplate;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.HtmlReport;
import dev.stampede.bench.report.JsonReport;
import dev.stampede.bench.report.Machine;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.TextReport;
import dev.stampede.bench.scenario.HotRowCeiling;
import dev.stampede.bench.scenario.HttpBench;
import dev.stampede.bench.scenario.SaleBench;
import dev.stampede.bench.scenario.Scenario;
import dev.stampede.bench.scenario.SeatHoldBench;
import dev.stampede.bench.scenario.TransferBench;
import dev.stampede.bench.service.BenchDatabase;
import dev.stampede.bench.service.LocalTargets;
import dev.stampede.bench.service.RemoteTargets;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.bench.service.StampedeTargets;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stampede bench <scenario>}: replays a seed's experiment against every strategy and audits every run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Replay a contention experiment, audit every run, compare the strategies.",
            "Scenarios: flash-sale (15,000 VUs, 10,000 units), last-ticket (1,000 VUs, 1 unit),",
            "million (1,000,000 buyers at --rate/s, 10,000 units), http (any endpoint: --request ...),",
            "transfers (seed 004), seat-holds (seed 002: ramping VUs hold and release seats), hot-row."
        })
final class BenchCommand implements Callable<Integer> {

    /** seat-holds: every strategy's show has 10 rows of 20 seats. */
    private static final int SEAT_ROWS = 10;

    private static final int SEATS_PER_ROW = 20;

    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            description = "flash-sale | last-ticket | million | http | transfers | seat-holds | hot-row")
    String scenario;

    @Option(names = "--vus", description = "VUs (closed models); the most VUs for open models.")
    Integer vus;

    @Option(names = "--iterations", description = "Iterations per VU (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int iterations;

    @Option(names = "--stock", description = "Units put on sale per strategy (scenario default otherwise).")
    Integer stock;

    @Option(names = "--rate", description = "Arrivals per second for open models (million default: 20000).")
    Integer rate;

    @Option(
            names = "--duration",
            description = "How long an open model runs, e.g. 30s or PT1M (million: buyers / rate).")
    String duration;

    @Option(
            names = "--buyers",
            description = "million: how many buyers arrive (default: ${DEFAULT-VALUE}).",
            defaultValue = "1000000")
    long buyers;

    @Option(names = "--work-ms", description = "transfers: milliseconds of work inside each transfer (local service).")
    Integer workMs;

    @Option(
            names = "--timeout",
            description = "transfers: a request unanswered this long is a network error (default: ${DEFAULT-VALUE}).",
            defaultValue = "120s")
    String timeout;

    @Option(
            names = "--accounts",
            description = "transfers: accounts per strategy (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int accounts;

    @Option(
            names = "--time-scale",
            description = "seat-holds: multiplies every duration (stages and think times), e.g. 0.25 (default:"
                    + " ${DEFAULT-VALUE}).",
            defaultValue = "1")
    double timeScale;

    @Option(names = "--stages", description = "http: ramping VUs as duration:target pairs, e.g. 20s:30,30s:50,20s:0.")
    String stages;

    @Option(
            names = "--strategies",
            description = "all, or a comma-separated list (default: ${DEFAULT-VALUE}).",
            defaultValue = "all")
    String strategies;

    @Option(names = "--runs", description = "Runs per strategy (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int runs;

    @Option(names = "--target", description = "Running instances to drive, comma-separated (round-robin per VU).")
    String target;

    @Option(names = "--admin-token", description = "Admin token of the --target instances.")
    String adminToken;

    @Option(names = "--db", description = "JDBC URL of the targets' database, for the audit.")
    String db;

    @Option(names = "--db-user")
    String dbUser;

    @Option(names = "--db-password")
    String dbPassword;

    @Option(
            names = "--instances",
            description = "Local service instances (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    int instances;

    @Option(
            names = "--lock-backend",
            description = "Lease lock of the local service's 'lease' strategy: jdbc, redis or etcd (default: jdbc).")
    String lockBackend;

    @Option(
            names = "--etcd",
            paramLabel = "URL,URL,...",
            description = "etcd cluster of the local service for --lock-backend etcd.")
    String etcd;

    @Option(names = "--in-process", description = "Run the local service in this JVM instead of a child process.")
    boolean inProcess;

    @Option(
            names = "--service-property",
            paramLabel = "NAME=VALUE",
            description = "A property of the local service, e.g. stampede.db.connection-timeout=60s (repeatable).")
    List<String> serviceProperties = new ArrayList<>();

    @Option(
            names = "--patient",
            description = "Local service waits up to 100s for a connection, 60s (purchases, leases) or 100s"
                    + " (transfers) for a lock, and retries conflicts up to 200 (purchases) or 1000 (transfers) times, so that"
                    + " every client waits for a definite answer.")
    boolean patient;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--html", description = "Write a self-contained HTML report to this file.")
    Path html;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--no-ceiling", description = "Skip measuring the harness's ceiling on the no-op endpoint.")
    boolean noCeiling;

    @Option(names = "--no-warmup", description = "Skip the unreported warm-up of the JIT before measuring.")
    boolean noWarmup;

    @Option(names = "--request", description = "http: 'METHOD http://host:port/path'.")
    String request;

    @Option(names = "--body", description = "http: body template; {vu}, {iter} and {uuid} are replaced.")
    String body;

    @Option(names = "--header", description = "http: 'Name: value' (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(
            names = "--outcome",
            description = "http: status=outcome pairs (default: ${DEFAULT-VALUE}).",
            defaultValue = "200=success,201=success,409=sold_out,503=busy")
    String outcome;

    @Option(
            names = "--audit-sql",
            description = "http: a query run over --db afterwards; columns passed / orders / oversold are checked.")
    String auditSql;

    @Override
    public Integer call() {
        Scenario chosen = Scenario.of(scenario);
        PrintStream out = System.out;
        if (chosen == Scenario.HOT_ROW) {
            return hotRow(out);
        }
        ProgressBar progress = new ProgressBar(System.err, !noProgress && System.console() != null);
        BenchReport report = switch (chosen) {
            case HTTP -> http(progress);
            case TRANSFERS -> transfers(progress);
            case SEAT_HOLDS -> seatHolds(progress);
            default -> sale(chosen, progress);
        };
        out.print(TextReport.comparison(report.runs(), report.ceilingRps()));
        writeFiles(report, out);
        long failed = report.runs().stream().filter(r -> !r.audit().passed()).count();
        if (failed > 0) {
            out.printf("%n✗✗ %d run%s FAILED the audit ✗✗%n", failed, failed == 1 ? "" : "s");
            return 1;
        }
        return 0;
    }

    private BenchReport sale(Scenario chosen, ProgressBar progress) {
        LoadModel model = saleModel(chosen);
        int units = stock != null ? stock : chosen.defaultStock();
        try (StampedeTargets targets = targets()) {
            return runSale(
                    chosen.id(),
                    model,
                    units,
                    strategies,
                    runs,
                    new Phases(!noWarmup, !noCeiling),
                    targets,
                    progress,
                    parameters(model, units));
        }
    }

    /**
     * Service settings under which every buyer of a flash sale waits for a definite answer instead of a 503, as the
     * seed's buyers did (they waited up to 35 s).
     */
    static final List<String> PATIENT = List.of(
            "stampede.db.connection-timeout=100s",
            "stampede.strategies.lock-timeout=60s",
            "stampede.lock.max-wait=60s",
            "stampede.strategies.optimistic-max-attempts=200",
            "stampede.transfers.lock-timeout=100s",
            "stampede.transfers.max-attempts=1000",
            "stampede.transfers.max-delay=1s");

    /** Which unreported phases come before the measured runs. */
    record Phases(boolean warmUp, boolean ceiling) {}

    /** Runs a sale scenario for the strategies and prints each run's summary as it ends. */
    static BenchReport runSale(
            String scenario,
            LoadModel model,
            int stock,
            String strategyList,
            int runs,
            Phases phases,
            StampedeTargets targets,
            ProgressBar progress,
            Map<String, Object> parameters) {
        System.out.printf("%s: %s%n", scenario, targets.describe());
        SaleBench bench = new SaleBench(targets, progress);
        List<String> offered =
                new StampedeClient(targets.baseUris().getFirst(), targets.adminToken()).strategies("purchase");
        List<String> chosen = chooseStrategies(strategyList, offered);
        if (phases.warmUp()) {
            System.out.println("warming up the JIT (unreported) ...");
            bench.warmUp(chosen);
        }
        Double ceilingRps = null;
        if (phases.ceiling()) {
            RunResult noop = bench.ceiling(model);
            ceilingRps = noop.rps();
            System.out.printf(
                    "harness ceiling: %.1f req/s on the no-op endpoint (p99 %.2f ms)%n",
                    noop.rps(), noop.latency().p99Ms());
        }
        String started = Instant.now().toString();
        List<RunResult> results =
                bench.run(model, stock, chosen, runs, run -> System.out.print(TextReport.summary(run)));
        return new BenchReport(scenario, parameters, ceilingRps, Machine.describe(), started, results);
    }

    /** Seed 004: many users transferring between a few accounts, in a closed loop, per strategy. */
    private BenchReport transfers(ProgressBar progress) {
        int users = vus != null ? vus : Scenario.TRANSFERS.defaultVus();
        Duration length = duration != null ? parseDuration(duration) : Duration.ofSeconds(30);
        LoadModel model = new LoadModel.RampingVus(users, List.of(new LoadModel.Stage(length, users)));
        if (workMs != null) {
            serviceProperties.add("stampede.transfers.work=" + workMs + "ms");
        }
        try (StampedeTargets targets = targets()) {
            System.out.printf("transfers: %s%n", targets.describe());
            TransferBench bench = new TransferBench(targets, progress, parseDuration(timeout));
            List<String> chosen = chosenStrategies(bench.strategies());
            String started = Instant.now().toString();
            List<RunResult> results =
                    bench.run(model, accounts, chosen, runs, run -> System.out.print(TextReport.summary(run)));
            Map<String, Object> parameters = parameters(model, 0);
            parameters.put("accounts", accounts);
            parameters.put("work_ms", workMs == null ? 0 : workMs);
            return new BenchReport("transfers", parameters, null, Machine.describe(), started, results);
        }
    }

    /** Seed 002: VUs ramping up to --vus (100) and down, holding and releasing random free seats, per strategy. */
    private BenchReport seatHolds(ProgressBar progress) {
        int peak = vus != null ? vus : Scenario.SEAT_HOLDS.defaultVus();
        LoadModel model = SeatHoldBench.model(peak, timeScale);
        try (StampedeTargets targets = targets()) {
            System.out.printf("seat-holds: %s%n", targets.describe());
            SeatHoldBench bench = new SeatHoldBench(targets, progress);
            List<String> chosen = chosenStrategies(bench.strategies());
            String started = Instant.now().toString();
            List<RunResult> results = bench.run(
                    model,
                    timeScale,
                    SEAT_ROWS,
                    SEATS_PER_ROW,
                    chosen,
                    runs,
                    run -> System.out.print(TextReport.summary(run)));
            Map<String, Object> parameters = parameters(model, 0);
            parameters.put("seats", SEAT_ROWS + " rows x " + SEATS_PER_ROW);
            parameters.put("time_scale", timeScale);
            return new BenchReport("seat-holds", parameters, null, Machine.describe(), started, results);
        }
    }

    /** The strategies --strategies names ("all": every one the service offers); an unknown name is refused. */
    private List<String> chosenStrategies(List<String> offered) {
        return chooseStrategies(strategies, offered);
    }

    static List<String> chooseStrategies(String strategyList, List<String> offered) {
        List<String> chosen = strategyList.equals("all") ? offered : Arrays.asList(strategyList.split(","));
        chosen.stream().filter(s -> !offered.contains(s)).findFirst().ifPresent(unknown -> {
            throw new IllegalArgumentException("unknown strategy '" + unknown + "'; the service offers " + offered);
        });
        return chosen;
    }

    /** The raw ceiling of one hot row in the database, with no HTTP and no service in the way. */
    private int hotRow(PrintStream out) {
        int units = stock != null ? stock : Scenario.HOT_ROW.defaultStock();
        try (StampedeTargets targets = targets()) {
            DataSource database = targets.database()
                    .orElseThrow(
                            () -> new IllegalArgumentException("hot-row needs the database: give --db with --target"));
            HotRowCeiling ceiling = new HotRowCeiling(database);
            out.printf("hot-row: %,d units on one row, plain JDBC, durable commits; %s%n", units, targets.describe());
            out.printf("%-30s %8s %6s %12s %10s %14s%n", "mode", "threads", "batch", "purchases/s", "tx/s", "wall");
            List<HotRowCeiling.Result> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                results.add(ceiling.perTransaction(units, 1));
                results.add(ceiling.perTransaction(units, vus != null ? vus : Scenario.HOT_ROW.defaultVus()));
                results.add(ceiling.batched(units, 100));
                results.add(ceiling.batched(units, 500));
            }
            for (HotRowCeiling.Result r : results) {
                out.printf(
                        "%-30s %8d %6d %12.0f %10.0f %13.2fs%n",
                        r.mode(),
                        r.threads(),
                        r.batch(),
                        r.purchasesPerSecond(),
                        r.transactionsPerSecond(),
                        r.seconds());
            }
            return 0;
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    private BenchReport http(ProgressBar progress) {
        if (request == null) {
            throw new IllegalArgumentException("the http scenario needs --request 'METHOD http://host:port/path'");
        }
        RequestTemplate template = RequestTemplate.parse(request, body, headers);
        LoadModel model = httpModel();
        var database = BenchDatabase.connect(db, dbUser, dbPassword);
        try {
            String started = Instant.now().toString();
            List<RunResult> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                RunResult result = HttpBench.run(
                        template,
                        OutcomeMap.parse(outcome),
                        model,
                        run,
                        progress,
                        database.map(javax.sql.DataSource.class::cast),
                        auditSql);
                System.out.print(TextReport.summary(result));
                results.add(result);
            }
            Map<String, Object> parameters = parameters(model, 0);
            parameters.put("request", request);
            return new BenchReport("http", parameters, null, Machine.describe(), started, results);
        } finally {
            database.ifPresent(com.zaxxer.hikari.HikariDataSource::close);
        }
    }

    private LoadModel saleModel(Scenario chosen) {
        int vuCount = vus != null ? vus : chosen.defaultVus();
        if (chosen == Scenario.MILLION) {
            int perSecond = rate != null ? rate : 20_000;
            Duration length = duration != null ? parseDuration(duration) : Duration.ofMillis(buyers * 1000 / perSecond);
            return new LoadModel.ConstantArrivalRate(perSecond, length, buyers, vuCount);
        }
        return new LoadModel.PerVuIterations(vuCount, iterations);
    }

    private LoadModel httpModel() {
        int vuCount = vus != null ? vus : Scenario.HTTP.defaultVus();
        if (stages != null) {
            List<LoadModel.Stage> parsed = Arrays.stream(stages.split(","))
                    .map(stage -> stage.trim().split(":"))
                    .map(parts -> new LoadModel.Stage(parseDuration(parts[0]), Integer.parseInt(parts[1])))
                    .toList();
            return new LoadModel.RampingVus(0, parsed);
        }
        if (rate != null) {
            Duration length = duration != null ? parseDuration(duration) : Duration.ofSeconds(10);
            return new LoadModel.ConstantArrivalRate(rate, length, Long.MAX_VALUE, vuCount);
        }
        return new LoadModel.PerVuIterations(vuCount, iterations);
    }

    private StampedeTargets targets() {
        if (target == null) {
            return new LocalTargets(instances, inProcess, localProperties());
        }
        if (adminToken == null) {
            throw new IllegalArgumentException(
                    "--target needs --admin-token (SKUs are put on sale through the admin API)");
        }
        List<URI> uris = Arrays.stream(target.split(","))
                .map(String::trim)
                .map(URI::create)
                .toList();
        return new RemoteTargets(uris, adminToken, BenchDatabase.connect(db, dbUser, dbPassword));
    }

    private Map<String, Object> parameters(LoadModel model, int units) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("model", model.describe());
        if (units > 0) {
            parameters.put("stock", units);
        }
        parameters.put("runs", runs);
        parameters.put("instances", target == null ? instances : target.split(",").length);
        if (target == null && !localProperties().isEmpty()) {
            parameters.put("service properties", localProperties());
        }
        return parameters;
    }

    /** The properties given to local service instances. */
    private List<String> localProperties() {
        List<String> properties = new ArrayList<>(patient ? PATIENT : List.of());
        if (lockBackend != null) {
            properties.add("stampede.lock.backend=" + lockBackend);
        }
        if (etcd != null) {
            properties.add("stampede.lock.etcd-endpoints=" + etcd);
        }
        properties.addAll(serviceProperties);
        return properties;
    }

    private void writeFiles(BenchReport report, PrintStream out) {
        if (json != null) {
            JsonReport.write(report, json);
            out.println("JSON report: " + json.toAbsolutePath());
        }
        if (html != null) {
            HtmlReport.write(report, html);
            out.println("HTML report: " + html.toAbsolutePath());
        }
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("not a duration: '" + text + "' (use 500ms, 30s, 2m or PT1M)");
    }
}
