package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.scenario.SaleBench;
import dev.stampede.bench.scenario.SaleShape;
import java.util.Map;
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
        LoadModel model = new LoadModel.PerVuIterations(vus, iterations);
        return service.run(
                scenario,
                model,
                Map.of("stock", stock, "skus", spread.skus),
                phases,
                (targets, progress) -> new SaleBench(targets, progress, model, stock, spread.skus));
    }
}
