package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.scenario.SeatHoldBench;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stampede bench seat-holds}: seed 002. */
@Command(
        name = "seat-holds",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "Ramping VUs hold and release seats of a 200-seat show (seed 002).",
            "",
            "VUs ramp 0 -> 30 over 20s -> 50 over 30s -> 100 over 30s -> 100 for 20s -> 0 over 20s (--vus sets the"
                    + " peak, the other targets scale with it). Each lists the free seats, holds 1-3 of them, thinks"
                    + " 1-4s, releases, thinks 0.5-2.5s. Afterwards the audit: no seat held twice, every seat free"
                    + " again. A failed audit exits 1.",
            ""
        })
final class SeatHoldsCommand implements Callable<Integer> {

    /** Every strategy's show has 10 rows of 20 seats, as seed 002's had. */
    private static final int ROWS = 10;

    private static final int SEATS_PER_ROW = 20;

    @Option(
            names = "--vus",
            paramLabel = "N",
            description = "The peak of the ramp, in VUs (default: ${DEFAULT-VALUE}).")
    int vus = 100;

    @Option(
            names = "--time-scale",
            paramLabel = "FACTOR",
            description = "Multiplies every stage and think time, e.g. 0.25 for a 30s run (default: ${DEFAULT-VALUE}).")
    double timeScale = 1;

    @Mixin
    ServiceScenarioOptions service;

    @Override
    public Integer call() {
        LoadModel model = SeatHoldBench.model(vus, timeScale);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("seats", ROWS + " rows x " + SEATS_PER_ROW);
        parameters.put("time_scale", timeScale);
        return service.run(
                "seat-holds",
                model,
                parameters,
                (targets, progress) -> new SeatHoldBench(targets, progress, model, timeScale, ROWS, SEATS_PER_ROW));
    }
}
