package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.scenario.TransferBench;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stampede bench transfers}: seed 004. */
@Command(
        name = "transfers",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "200 users moving money among 10 accounts (seed 004).",
            "",
            "Each user transfers a random amount between two random accounts, again and again, for --duration."
                    + " Afterwards the money audit: total balance conserved, no negative balance, the ledger matches,"
                    + " settled transfers == successes the bench saw. A failed audit exits 1.",
            ""
        })
final class TransfersCommand implements Callable<Integer> {

    @Option(
            names = "--vus",
            paramLabel = "N",
            description = "Users, each transferring in a loop (default: ${DEFAULT-VALUE}).")
    int vus = 200;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "30s",
            description = "How long the users go on, e.g. 30s, 2m or PT1M (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--accounts",
            paramLabel = "N",
            description = "Accounts per strategy's run (default: ${DEFAULT-VALUE}).")
    int accounts = 10;

    @Option(
            names = "--work-ms",
            paramLabel = "MS",
            description = "Milliseconds of work inside each transfer, holding its locks (local service only;"
                    + " default: none).")
    Integer workMs;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "120s",
            description = "A request unanswered this long is a network error, e.g. 300s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ServiceScenarioOptions service;

    @Override
    public Integer call() {
        LoadModel model = new LoadModel.RampingVus(vus, List.of(new LoadModel.Stage(duration, vus)));
        if (workMs != null) {
            service.targets.addServiceProperty("stampede.transfers.work=" + workMs + "ms");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("accounts", accounts);
        parameters.put("work_ms", workMs == null ? 0 : workMs);
        return service.run(
                "transfers",
                model,
                parameters,
                (targets, progress) -> new TransferBench(targets, progress, timeout, model, accounts));
    }
}
