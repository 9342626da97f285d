package dev.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.scenario.ServiceKill;
import dev.stampede.bench.service.Balancer;
import dev.stampede.bench.service.RegionTargets;
import dev.stampede.bench.service.ServiceProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code stampede bench SCENARIO ...} as picocli parses it: each scenario takes its own options and no other. */
class BenchCommandLineTest {

    private static final List<String> SCENARIOS = List.of(
            "flash-sale",
            "last-ticket",
            "million",
            "hot-row",
            "seat-holds",
            "transfers",
            "checkout",
            "http",
            "regions");

    /** The command object picocli filled for {@code stampede bench words} (words without spaces in them). */
    private static <T> T parse(Class<T> type, String words) {
        return parse(type, words.split(" "));
    }

    /** The command object picocli filled for {@code stampede bench args...}. */
    private static <T> T parse(Class<T> type, String... args) {
        CommandLine.ParseResult result = StampedeCommand.commandLine().parseArgs(bench(args));
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return type.cast(result.commandSpec().userObject());
    }

    private static String[] bench(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    /** What {@code stampede bench args...} prints on standard output, having exited with {@code expectedExit}. */
    private static String output(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = StampedeCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute(bench(args))).isEqualTo(expectedExit);
        return out.toString();
    }

    /** What {@code stampede bench args...} prints on standard error, having exited with {@code expectedExit}. */
    private static String errors(int expectedExit, String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = StampedeCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute(bench(args))).isEqualTo(expectedExit);
        return err.toString();
    }

    @Test
    void benchHelpListsEveryScenarioWithOneLineEach() {
        List<String> lines = output(0, "--help").lines().toList();

        for (String scenario : SCENARIOS) {
            int at = lines.indexOf(lines.stream()
                    .filter(line -> line.startsWith("  " + scenario + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(scenario + " is not listed")));
            assertThat(lines.get(at)).as(scenario).matches("  " + scenario + " +\\S.*\\.");
        }
        assertThat(lines).filteredOn(line -> line.startsWith("      ")).isEmpty();
    }

    @Test
    void benchWithoutAScenarioAsksForOne() {
        assertThat(errors(2)).contains("Missing required subcommand").contains("flash-sale");
    }

    @ParameterizedTest
    @CsvSource({
        "flash-sale,  --vus,      (default: 15000)",
        "flash-sale,  --stock,    (default: 10000)",
        "flash-sale,  --skus,     (default: 1,",
        "million,     --skus,     (default: 1,",
        "last-ticket, --vus,      (default: 1000)",
        "last-ticket, --stock,    (default: 1)",
        "million,     --rate,     (default: 20000)",
        "million,     --buyers,   (default: 1000000)",
        "hot-row,     --threads,  (default: 24)",
        "seat-holds,  --vus,      (default: 100)",
        "transfers,   --duration, (default: 30s)",
        "transfers,   --timeout,  (default: 120s)",
        "http,        --outcome,  (default: 200=success,201=success,409=sold_out,503=busy)"
    })
    void eachScenariosHelpShowsItsDefaults(String scenario, String option, String shown) {
        String help = output(0, scenario, "--help").replaceAll("\\s+", " ");

        assertThat(help).contains(option).contains(shown);
    }

    @Test
    void theSaleScenariosTakeAKillFaultAndRefuseAnUnknownOne() {
        FlashSaleCommand flash =
                parse(FlashSaleCommand.class, "flash-sale --fault kill-service@2s --instances 2 --balancer haproxy");
        LastTicketCommand last = parse(LastTicketCommand.class, "last-ticket --fault kill-service@500ms");

        assertThat(flash.fault).isEqualTo(new ServiceKill(Duration.ofSeconds(2)));
        assertThat(last.fault).isEqualTo(new ServiceKill(Duration.ofMillis(500)));
        assertThatThrownBy(() -> parse(FlashSaleCommand.class, "flash-sale --fault kill-redis@2s"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("use kill-service@5s");
    }

    @Test
    void flashSaleTakesTheSaleOptionsAndTheSharedGroups() {
        FlashSaleCommand command = parse(
                FlashSaleCommand.class,
                "flash-sale --vus 500 --iterations 2 --stock 300 --strategies batched,conditional --runs 3 --no-warmup"
                        + " --json out.json --html out.html --no-progress --instances 2 --in-process");

        assertThat(command.vus).isEqualTo(500);
        assertThat(command.iterations).isEqualTo(2);
        assertThat(command.stock).isEqualTo(300);
        assertThat(RunPlan.of(command.service.strategies, command.service.runs, command.phases))
                .isEqualTo(new RunPlan("batched,conditional", 3, false, true));
        assertThat(command.service.reporting.json).isEqualTo(Path.of("out.json"));
        assertThat(command.service.reporting.html).isEqualTo(Path.of("out.html"));
        assertThat(command.service.reporting.noProgress).isTrue();
        assertThat(command.service.targets.instances).isEqualTo(2);
        assertThat(command.service.targets.inProcess).isTrue();
    }

    @Test
    void theSalesTakeASkuCountThatDefaultsToTheSeedsOneHotSku() {
        assertThat(parse(FlashSaleCommand.class, "flash-sale --skus 1000 --vus 10000").spread.skus)
                .isEqualTo(1_000);
        assertThat(parse(MillionCommand.class, "million --skus 50").spread.skus).isEqualTo(50);
        assertThat(parse(LastTicketCommand.class, "last-ticket").spread.skus).isEqualTo(1);
        assertThat(parse(FlashSaleCommand.class, "flash-sale").spread.skus).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flash-sale --stock 5 --skus 6", "last-ticket --skus 2", "million --skus 0"})
    void aSpreadThatCannotBeMadeIsAUsageErrorBeforeAnythingStarts(String words) {
        String errors = errors(2, words.split(" "));

        assertThat(errors).contains("--skus must be between 1 and the stock").doesNotContain("Exception");
    }

    @Test
    void patientPutsTheProfileFirstAndServicePropertiesLastSoThatTheyWin() {
        FlashSaleCommand command = parse(
                FlashSaleCommand.class,
                "flash-sale --patient --lock-backend etcd --etcd http://127.0.0.1:2379"
                        + " --service-property stampede.lock.max-wait=5s");

        List<String> expected = new ArrayList<>(ServiceProfile.PATIENT.properties());
        expected.addAll(List.of(
                "stampede.lock.backend=etcd",
                "stampede.lock.etcd-endpoints=http://127.0.0.1:2379",
                "stampede.lock.max-wait=5s"));
        assertThat(command.service.targets.localProperties()).containsExactlyElementsOf(expected);
    }

    @Test
    void serveAndBenchTurnTheLockBackendIntoTheSameServiceSettings() {
        ServeCommand serve = (ServeCommand) StampedeCommand.commandLine()
                .parseArgs("serve", "--lock-backend", "etcd", "--etcd", "http://a:1,http://b:2")
                .subcommand()
                .commandSpec()
                .userObject();
        TransfersCommand transfers =
                parse(TransfersCommand.class, "transfers --lock-backend etcd --etcd http://a:1,http://b:2");

        List<String> settings =
                List.of("stampede.lock.backend=etcd", "stampede.lock.etcd-endpoints=http://a:1,http://b:2");
        assertThat(serve.lock.properties()).isEqualTo(settings);
        assertThat(transfers.service.targets.localProperties()).isEqualTo(settings);
    }

    @Test
    void serveTurnsARedisClusterIntoItsServiceSetting() {
        ServeCommand serve = (ServeCommand) StampedeCommand.commandLine()
                .parseArgs("serve", "--redis-cluster", "10.0.0.21:6379,10.0.0.22:6379")
                .subcommand()
                .commandSpec()
                .userObject();

        assertThat(serve.springArguments())
                .contains("--stampede.redis.cluster=10.0.0.21:6379,10.0.0.22:6379")
                .noneMatch(argument -> argument.startsWith("--stampede.redis.url="));
    }

    @Test
    void eachSaleKeepsItsSeedsShapeAsDefaults() {
        FlashSaleCommand flashSale = parse(FlashSaleCommand.class, "flash-sale");
        LastTicketCommand lastTicket = parse(LastTicketCommand.class, "last-ticket");

        assertThat(List.of(flashSale.vus, flashSale.iterations, flashSale.stock))
                .containsExactly(15_000, 1, 10_000);
        assertThat(List.of(lastTicket.vus, lastTicket.iterations, lastTicket.stock))
                .containsExactly(1_000, 1, 1);
        assertThat(RunPlan.of(flashSale.service.strategies, flashSale.service.runs, flashSale.phases))
                .isEqualTo(new RunPlan("all", 1, true, true));
        assertThat(flashSale.service.targets.localProperties()).isEmpty();
    }

    @Test
    void millionTakesTheOpenModelsOptions() {
        MillionCommand command = parse(
                MillionCommand.class,
                "million --buyers 50000 --rate 5000 --duration 2m --vus 300 --stock 700 --no-ceiling"
                        + " --target http://127.0.0.1:8080,http://127.0.0.1:8081 --admin-token t"
                        + " --db jdbc:postgresql://127.0.0.1/x");

        assertThat(command.buyers).isEqualTo(50_000);
        assertThat(command.rate).isEqualTo(5_000);
        assertThat(command.duration).isEqualTo(Duration.ofMinutes(2));
        assertThat(command.vus).isEqualTo(300);
        assertThat(command.stock).isEqualTo(700);
        assertThat(command.phases.noCeiling).isTrue();
        assertThat(command.service.targets.targets)
                .containsExactly(URI.create("http://127.0.0.1:8080"), URI.create("http://127.0.0.1:8081"));
        assertThat(command.service.targets.database.url).isEqualTo("jdbc:postgresql://127.0.0.1/x");
    }

    @Test
    void regionsTakesItsRegionsDelayDatabaseAndOpenModelWithDefaultsOfTwoRegionsAt25Ms() {
        RegionsCommand defaults = parse(RegionsCommand.class, "regions");
        RegionsCommand command = parse(
                RegionsCommand.class,
                "regions --regions 3 --instances-per-region 2 --delay 40ms --database near-every-region"
                        + " --cluster-port 16700 --rate 300 --duration 5s --vus 50 --stock 900 --runs 3"
                        + " --strategies quota@40ms,redis@40ms --service-property stampede.redis.quota.buckets=12");

        assertThat(defaults.regions).isEqualTo(2);
        assertThat(defaults.delay).isEqualTo(Duration.ofMillis(25));
        assertThat(defaults.placement()).isEqualTo(RegionTargets.Database.IN_REGION_0);
        assertThat(defaults.model())
                .isEqualTo(new LoadModel.ConstantArrivalRate(200, Duration.ofSeconds(10), Long.MAX_VALUE, 400));
        assertThat(command.regions).isEqualTo(3);
        assertThat(command.instancesPerRegion).isEqualTo(2);
        assertThat(command.delay).isEqualTo(Duration.ofMillis(40));
        assertThat(command.placement()).isEqualTo(RegionTargets.Database.NEAR_EVERY_REGION);
        assertThat(command.clusterPort).isEqualTo(16_700);
        assertThat(command.model())
                .isEqualTo(new LoadModel.ConstantArrivalRate(300, Duration.ofSeconds(5), Long.MAX_VALUE, 50));
        assertThat(command.stock).isEqualTo(900);
        assertThat(RunPlan.of(command.strategies, command.runs, command.phases))
                .isEqualTo(new RunPlan("quota@40ms,redis@40ms", 3, true, true));
        assertThat(command.serviceProperties).containsExactly("stampede.redis.quota.buckets=12");
    }

    @ParameterizedTest
    @CsvSource({
        "--database elsewhere,  --database must be in-region-0 or near-every-region",
        "--regions 1,           --regions must be from 2 to 5",
        "--delay -5ms,          --delay"
    })
    void aRegionsMistakeIsAUsageErrorBeforeAnythingStarts(String words, String message) {
        String errors = errors(2, ("regions " + words).split(" "));

        assertThat(errors).contains(message).doesNotContain("Exception");
    }

    @Test
    void seatHoldsTakesItsPeakAndTimeScale() {
        SeatHoldsCommand command = parse(SeatHoldsCommand.class, "seat-holds --vus 50 --time-scale 0.25 --runs 2");

        assertThat(command.vus).isEqualTo(50);
        assertThat(command.timeScale).isEqualTo(0.25);
        assertThat(RunPlan.of(command.service.strategies, command.service.runs))
                .isEqualTo(new RunPlan("all", 2, false, false));
    }

    @Test
    void transfersTakesItsWorkTimeoutAndAccounts() {
        TransfersCommand command = parse(
                TransfersCommand.class,
                "transfers --vus 20 --duration PT1M --accounts 4 --work-ms 1000 --timeout 300s"
                        + " --strategies pessimistic");

        assertThat(command.vus).isEqualTo(20);
        assertThat(command.duration).isEqualTo(Duration.ofMinutes(1));
        assertThat(command.accounts).isEqualTo(4);
        assertThat(command.workMs).isEqualTo(1000);
        assertThat(command.timeout).isEqualTo(Duration.ofSeconds(300));
        assertThat(command.service.strategies.strategies).isEqualTo("pessimistic");
    }

    @Test
    void hotRowTakesStockThreadsRunsAndADatabase() {
        HotRowCommand command = parse(
                HotRowCommand.class,
                "hot-row --stock 500 --threads 8 --runs 3 --db jdbc:postgresql://127.0.0.1/x --db-user u"
                        + " --db-password p");

        assertThat(List.of(command.stock, command.threads, command.runs.runs)).containsExactly(500, 8, 3);
        assertThat(List.of(command.database.url, command.database.user, command.database.password))
                .containsExactly("jdbc:postgresql://127.0.0.1/x", "u", "p");
    }

    @Test
    void httpTakesTheRequestItsOutcomesAndAnyOfTheThreeLoadModels() {
        HttpCommand command = parse(
                HttpCommand.class,
                "http",
                "--request",
                "POST http://127.0.0.1:9000/api/buy",
                "--body",
                "{\"user\":\"{vu}\"}",
                "--header",
                "Authorization: Bearer abc",
                "--header",
                "X-Trace: 1",
                "--outcome",
                "200=success,409=sold_out",
                "--stages",
                "20s:30,500ms:50,PT20S:0",
                "--audit-sql",
                "select true as passed",
                "--db",
                "jdbc:postgresql://127.0.0.1/shop");

        assertThat(command.headers).containsExactly("Authorization: Bearer abc", "X-Trace: 1");
        assertThat(command.outcomes.of(409)).isEqualTo(Outcome.SOLD_OUT);
        assertThat(command.outcomes.of(503)).isEqualTo(Outcome.OTHER_STATUS);
        assertThat(command.stages)
                .containsExactly(
                        new LoadModel.Stage(Duration.ofSeconds(20), 30),
                        new LoadModel.Stage(Duration.ofMillis(500), 50),
                        new LoadModel.Stage(Duration.ofSeconds(20), 0));
        assertThat(parse(HttpCommand.class, "http", "--request", "GET http://127.0.0.1:1/")
                        .outcomes
                        .of(201))
                .isEqualTo(Outcome.SUCCESS);
    }

    @ParameterizedTest
    @CsvSource({
        "flash-sale,  --rate,           100",
        "flash-sale,  --request,        GET http://127.0.0.1:1/",
        "last-ticket, --time-scale,     0.5",
        "million,     --iterations,     2",
        "seat-holds,  --no-warmup,      ",
        "seat-holds,  --stock,          10",
        "transfers,   --no-ceiling,     ",
        "transfers,   --iterations,     2",
        "hot-row,     --patient,        ",
        "hot-row,     --skus,           10",
        "seat-holds,  --skus,           10",
        "hot-row,     --strategies,     conditional",
        "hot-row,     --json,           out.json",
        "http,        --strategies,     conditional",
        "http,        --target,         http://127.0.0.1:8080",
        "http,        --no-warmup,      "
    })
    void aScenarioRefusesAnotherScenariosOption(String scenario, String option, String value) {
        List<String> args = new ArrayList<>(List.of(scenario, option));
        if (value != null) {
            args.add(value);
        }
        if (scenario.equals("http")) {
            args.addAll(List.of("--request", "GET http://127.0.0.1:1/"));
        }

        assertThatThrownBy(() -> parse(Object.class, args.toArray(String[]::new)))
                .isInstanceOf(UnmatchedArgumentException.class)
                .hasMessageContaining(option);
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "PT1M, PT1M", "1h, PT1H"})
    void durationsAreReadInTheServicesFormOrInIso8601(String given, String expected) {
        assertThat(parse(TransfersCommand.class, "transfers", "--duration", given).duration)
                .isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "5x", "soon", "-5s", ""})
    void aBadDurationIsAUsageErrorNamingTheOption(String given) {
        assertThatThrownBy(() -> parse(TransfersCommand.class, "transfers", "--timeout", given))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--timeout")
                .hasMessageContaining("'" + given + "'");
        assertThatThrownBy(() -> parse(MillionCommand.class, "million", "--duration", given))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20s", "20s:30:1", "20s:many", "soon:30", "20s:-1", "20s:30,,30s:0"})
    void aBadStageIsAUsageErrorNamingTheOption(String given) {
        assertThatThrownBy(() ->
                        parse(HttpCommand.class, "http", "--request", "GET http://127.0.0.1:1/", "--stages", given))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--stages");
    }

    @Test
    void aBadOutcomeIsAUsageErrorNamingTheOption() {
        assertThatThrownBy(() -> parse(
                        HttpCommand.class, "http", "--request", "GET http://127.0.0.1:1/", "--outcome", "200=won"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--outcome")
                .hasMessageContaining("unknown outcome 'won'");
    }

    @Test
    void httpWithoutARequestIsAUsageError() {
        assertThatThrownBy(() -> parse(HttpCommand.class, "http", "--vus", "10"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--request");
    }

    @Test
    void aTargetWithoutItsAdminTokenIsAUsageErrorBeforeAnythingStarts() {
        String errors = errors(2, "last-ticket", "--target", "http://127.0.0.1:1");

        assertThat(errors).contains("--target needs --admin-token").contains("Usage: stampede bench last-ticket");
    }

    @Test
    void theBalancerIsNamedInLowerCaseAndDefaultsToNone() {
        assertThat(parse(FlashSaleCommand.class, "flash-sale --instances 3 --balancer haproxy")
                        .service
                        .targets
                        .balancer)
                .isEqualTo(Balancer.HAPROXY);
        assertThat(parse(FlashSaleCommand.class, "flash-sale").service.targets.balancer)
                .isEqualTo(Balancer.NONE);
    }

    @Test
    void aLocalRedisClusterIsOffByDefaultTakesFreePortsWithoutAValueAndAFirstPortWithOne() {
        assertThat(parse(FlashSaleCommand.class, "flash-sale").service.targets.localRedisCluster)
                .isNull();
        assertThat(parse(FlashSaleCommand.class, "flash-sale --local-redis-cluster --instances 3")
                        .service
                        .targets
                        .localRedisCluster)
                .isZero();
        assertThat(parse(FlashSaleCommand.class, "flash-sale --local-redis-cluster=16600")
                        .service
                        .targets
                        .localRedisCluster)
                .isEqualTo(16600);
    }

    @Test
    void aLocalRedisClusterForTargetsItDidNotStartIsAUsageErrorBeforeAnythingStarts() {
        String errors = errors(
                2, "last-ticket", "--target", "http://127.0.0.1:1", "--admin-token", "t", "--local-redis-cluster");

        assertThat(errors).contains("--balancer and --local-redis-cluster are for local instances");
    }

    @Test
    void aBalancerInFrontOfTargetsItDidNotStartIsAUsageErrorBeforeAnythingStarts() {
        String errors = errors(
                2, "last-ticket", "--target", "http://127.0.0.1:1", "--admin-token", "t", "--balancer", "haproxy");

        assertThat(errors).contains("--balancer and --local-redis-cluster are for local instances");
    }

    @Test
    void aMistakeFoundWhileRunningIsReportedByItsMessageAloneWithTheUsageExitCode() {
        String errors = errors(2, "http", "--request", "GET http://127.0.0.1:1/", "--audit-sql", "select 1");

        assertThat(errors)
                .contains("--audit-sql needs --db")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void fewerThanOneRunIsRefused() {
        String errors = errors(2, "http", "--request", "GET http://127.0.0.1:1/", "--runs", "0");

        assertThat(errors).contains("--runs must be at least 1");
    }

    @Test
    void theStrategiesAreAllOfferedOrTheNamedOnesAndAnUnknownNameIsRefused() {
        List<String> offered = List.of("pessimistic", "conditional", "batched");

        assertThat(new RunPlan("all", 1, false, false).choose(offered)).isEqualTo(offered);
        assertThat(new RunPlan("batched,conditional", 1, false, false).choose(offered))
                .containsExactly("batched", "conditional");
        assertThatThrownBy(() -> new RunPlan("batched,quantum", 1, false, false).choose(offered))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown strategy 'quantum'")
                .hasMessageContaining(Arrays.toString(offered.toArray()));
    }
}
