package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.scenario.SaleBench;
import dev.stampede.bench.scenario.SaleShape;
import dev.stampede.bench.scenario.ServiceKill;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A sale as a seed ran it, with the seed's shape as defaults: every buyer connects first, all are released at the same
 * instant, for each strategy on a fresh SKU; then the audit.
 */
abstract class SaleCommand implements Callable<Integer> {

    private final String scenario;

    @Option(
            names = "--vus",
            paramLabel = "N",
            description = "Buyers, connected first and released at the same instant (default: ${DEFAULT-VALUE}).")
    int vus;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "Purchases of one unit per buyer (default: ${DEFAULT-VALUE}).")
    int iterations = 1;

    @Option(
            names = "--stock",
            paramLabel = "N",
            description = "Units put on sale for each strategy's run (default: ${DEFAULT-VALUE}).")
    int stock;

    @Option(
            names = "--fault",
            paramLabel = "kill-service@TIME",
            converter = ServiceKillConverter.class,
            description = "kill-service@5s: kill -9 the first instance (a child process; with --balancer haproxy, one"
                    + " of those behind it) that long after each strategy's buyers are released, then start it"
                    + " again. The audit waits for it and for the service to settle what it decided, then checks"
                    + " successes <= orders <= successes + outcome_unknown answers + requests with no answer; the run"
                    + " reports the answers lost"
                    + " with the instance and the time to the next sale.")
    ServiceKill fault;

    @Mixin
    SaleSpreadOptions spread;

    @Mixin
    PhaseOptions phases;

    @Mixin
    ServiceScenarioOptions service;

    SaleCommand(SaleShape shape) {
        this.scenario = shape.scenario();
        this.vus = shape.vus();
        this.stock = shape.stock();
    }

    @Override
    public Integer call() {
        spread.check(stock);
        Optional<ServiceKill> killing = Optional.ofNullable(fault);
        LoadModel model = new LoadModel.PerVuIterations(vus, iterations);
        Map<String, Object> parameters = new LinkedHashMap<>(Map.of("stock", stock, "skus", spread.skus));
        killing.ifPresent(kill -> parameters.put("fault", kill.describe()));
        return service.run(
                scenario,
                model,
                parameters,
                phases,
                (targets, progress) -> new SaleBench(targets, progress, model, stock, spread.skus, killing));
    }
}
