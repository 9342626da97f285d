package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.scenario.RegionsBench;
import dev.stampede.bench.service.RegionTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stampede bench regions}: issue 16 item 5, regions simulated on this machine. */
@Command(
        name = "regions",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        abbreviateSynopsis = true,
        description = {
            "Two regions, 25 ms apart: quota against one global counter.",
            "",
            "Starts --regions groups of local instances, a local Redis Cluster of two masters (and two replicas) per"
                    + " region, and a delaying proxy in front of every node (and of PostgreSQL, which sits in region"
                    + " 0) through which the other regions reach it. Each region's buyers drive only its own"
                    + " instances (an open model: --rate arrivals per second over all regions). Cases:"
                    + " quota (each region sells from its own buckets) and redis (one global counter on region 0's"
                    + " masters), each with the delay and without it. Reports per region the units sold, the latency"
                    + " of the buyers sold a unit and of all, the share moves across regions, and the audit. A failed"
                    + " audit exits 1.",
            ""
        })
final class RegionsCommand implements Callable<Integer> {

    @Option(names = "--regions", paramLabel = "N", description = "Regions, 2 to 5 (default: ${DEFAULT-VALUE}).")
    int regions = 2;

    @Option(
            names = "--instances-per-region",
            paramLabel = "N",
            description = "Local instances (child processes) per region (default: ${DEFAULT-VALUE}).")
    int instancesPerRegion = 1;

    @Option(
            names = "--delay",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Added each way between two regions in the delayed cases, e.g. 25ms (default: 25ms).")
    Duration delay = Duration.ofMillis(25);

    @Option(
            names = "--database",
            paramLabel = "PLACE",
            description = "Where PostgreSQL is: in-region-0 (the other regions reach it through the delay) or"
                    + " near-every-region (no delay from any region: as if each region's orders were durable at"
                    + " home). Default: in-region-0.")
    String database = "in-region-0";

    @Option(
            names = "--cluster-port",
            paramLabel = "FIRST_PORT",
            description = "The local Redis Cluster's first port (four nodes per region from it, their buses 10000"
                    + " above); default: free ones.")
    int clusterPort;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Buyers arriving per second over all regions (default: ${DEFAULT-VALUE}).")
    int rate = 200;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long buyers arrive, e.g. 10s (default: 10s).")
    Duration duration = Duration.ofSeconds(10);

    @Option(
            names = "--vus",
            paramLabel = "N",
            description = "The most VUs (connections) busy at once (default: ${DEFAULT-VALUE}).")
    int vus = 400;

    @Option(
            names = "--stock",
            paramLabel = "N",
            description = "Units put on sale in each case's run (default: ${DEFAULT-VALUE}: sold out before the"
                    + " arrivals end, so that a region's quota runs dry and shares move).")
    int stock = 1_600;

    @Option(
            names = "--service-property",
            paramLabel = "NAME=VALUE",
            description = "A setting of every local instance (repeatable).")
    List<String> serviceProperties = new ArrayList<>();

    @Mixin
    StrategyOptions strategies;

    @Mixin
    RunOptions runs;

    @Mixin
    PhaseOptions phases;

    @Mixin
    ReportOptions reporting;

    @Override
    public Integer call() {
        RegionTargets.Database placement = placement();
        if (delay.isNegative()) {
            throw new IllegalArgumentException("--delay cannot be negative, was " + delay);
        }
        LoadModel model = model();
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("model", model.describe());
        described.put("stock", stock);
        described.put("regions", regions);
        described.put("instances per region", instancesPerRegion);
        described.put("delay between regions, each way", delay.toMillis() + "ms");
        described.put("database", database.toLowerCase(Locale.ROOT));
        try (RegionTargets targets =
                new RegionTargets(regions, instancesPerRegion, clusterPort, delay, placement, serviceProperties)) {
            return new ScenarioDriver(System.out)
                    .run(
                            "regions",
                            new RegionsBench(targets, reporting.progress(), model, stock, delay),
                            RunPlan.of(strategies, runs, phases),
                            described,
                            reporting);
        }
    }

    /** The open model: {@code --rate} arrivals per second for {@code --duration}, at most {@code --vus} at once. */
    LoadModel model() {
        return new LoadModel.ConstantArrivalRate(rate, duration, Long.MAX_VALUE, vus);
    }

    /** Where {@code --database} puts PostgreSQL. */
    RegionTargets.Database placement() {
        return switch (database) {
            case "in-region-0" -> RegionTargets.Database.IN_REGION_0;
            case "near-every-region" -> RegionTargets.Database.NEAR_EVERY_REGION;
            default ->
                throw new IllegalArgumentException(
                        "--database must be in-region-0 or near-every-region, was " + database);
        };
    }
}
