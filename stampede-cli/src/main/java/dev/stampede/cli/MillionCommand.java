package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.scenario.SaleBench;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stampede bench million}: the open-model exercise of seed 003. */
@Command(
        name = "million",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "1,000,000 buyers at 20,000/s for 10,000 units (seed 003).",
            "",
            "An open model: buyers arrive at --rate per second whatever the latency; an arrival that finds every VU"
                    + " busy is dropped and counted. Latency is timed from each scheduled arrival (no coordinated"
                    + " omission). Afterwards the flash-sale audit. A failed audit exits 1.",
            ""
        })
final class MillionCommand implements Callable<Integer> {

    @Option(
            names = "--buyers",
            paramLabel = "N",
            description = "Buyers that arrive, one purchase each (default: ${DEFAULT-VALUE}).")
    long buyers = 1_000_000;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Arrivals per second (default: ${DEFAULT-VALUE}).")
    int rate = 20_000;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long arrivals go on, e.g. 30s, 2m or PT1M (default: --buyers / --rate).")
    Duration duration;

    @Option(
            names = "--vus",
            paramLabel = "N",
            description = "The most VUs (connections) busy at once (default: ${DEFAULT-VALUE}).")
    int vus = 2_000;

    @Option(
            names = "--stock",
            paramLabel = "N",
            description = "Units put on sale for each strategy's run (default: ${DEFAULT-VALUE}).")
    int stock = 10_000;

    @Mixin
    SaleSpreadOptions spread;

    @Mixin
    PhaseOptions phases;

    @Mixin
    ServiceScenarioOptions service;

    @Override
    public Integer call() {
        spread.check(stock);
        Duration length = duration != null ? duration : Duration.ofMillis(buyers * 1000 / Math.max(rate, 1));
        LoadModel model = new LoadModel.ConstantArrivalRate(rate, length, buyers, vus);
        return service.run(
                "million",
                model,
                Map.of("stock", stock, "skus", spread.skus),
                phases,
                (targets, progress) -> new SaleBench(targets, progress, model, stock, spread.skus));
    }
}
