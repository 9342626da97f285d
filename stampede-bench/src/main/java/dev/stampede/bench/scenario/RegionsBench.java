package dev.stampede.bench.scenario;

import dev.stampede.bench.http.HttpConnection;
import dev.stampede.bench.http.HttpRequestBytes;
import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.Outcome;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.load.RunRecorder;
import dev.stampede.bench.load.VuScript;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RegionFigures;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.service.CounterReadings;
import dev.stampede.bench.service.QuotaMeters;
import dev.stampede.bench.service.RegionTargets;
import dev.stampede.bench.service.ServiceScrapes;
import dev.stampede.bench.service.StampedeClient;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Issue 16 item 5: one sale in several regions ({@link RegionTargets}), each region's buyers driving only its own
 * instances, compared in the same sitting with and without the delay between the regions: {@code quota} (each region
 * selling from its own buckets on its own masters, shares moving between regions only when a region runs dry) against
 * {@code redis}, a single global counter whose one key is on region 0's masters (so every sale of another region pays
 * the round trip). The cases are {@code <strategy>@<delay>} and {@code <strategy>@no-delay}; a case's delay is set on
 * the proxies before its run, on the same instances and connections.
 *
 * <p>Each run reports per region ({@link RegionFigures}): requests and units sold, the latency of the buyers sold a
 * unit (while the region's quota lasted, or was refilled from another region) and of all its buyers, and the shares its
 * instances moved, of them from another region; then the audit of the durable record (exact totals).
 */
public final class RegionsBench implements Scenario {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final List<String> STRATEGIES = List.of("quota", "redis");
    private static final String NO_DELAY = "no-delay";

    private final RegionTargets targets;
    private final LoadRunner runner;
    private final ProgressBar progress;
    private final StampedeClient admin;
    private final SaleAuditor auditor;
    private final List<ServiceScrapes> regionScrapes;
    private final LoadModel model;
    private final int stock;
    private final Duration delay;

    /**
     * @param model the load over all regions: in an open model arrival {@code k} is a buyer of region {@code k mod
     *     regions}, in a closed one VU {@code v} of region {@code v mod regions}
     * @param stock units on sale in each case's run
     * @param delay each way between two regions in the delayed cases
     */
    public RegionsBench(RegionTargets targets, ProgressBar progress, LoadModel model, int stock, Duration delay) {
        this.targets = targets;
        this.progress = progress;
        this.model = model;
        this.stock = stock;
        this.delay = delay;
        this.runner = new LoadRunner(targets.instanceUris());
        this.admin = new StampedeClient(targets.instancesOf(0).getFirst(), targets.adminToken());
        this.auditor = new SaleAuditor(admin, targets.skus(), Clock.systemUTC(), SaleAuditor.SETTLE_WITHIN);
        this.regionScrapes = IntStream.range(0, targets.regions())
                .mapToObj(region -> new ServiceScrapes(targets.instancesOf(region)))
                .toList();
    }

    @Override
    public String describe() {
        return targets.describe();
    }

    /** Each strategy with the delay, then without: {@code quota@25ms, quota@no-delay, redis@25ms, redis@no-delay}. */
    @Override
    public List<String> strategies() {
        return STRATEGIES.stream()
                .flatMap(strategy -> Stream.of(strategy + "@" + delay.toMillis() + "ms", strategy + "@" + NO_DELAY))
                .toList();
    }

    /**
     * Warms the JIT of the bench and the instances: each strategy of {@code cases} on a throwaway SKU without the delay
     * (2,000 purchases of 1,500 units by 40 buyers at a time, all regions). Nothing is reported.
     */
    @Override
    public void warmUp(List<String> cases) {
        targets.setDelay(Duration.ZERO);
        ProgressBar silent = new ProgressBar(System.err, false);
        for (String strategy :
                new LinkedHashSet<>(cases.stream().map(RegionsBench::strategyOf).toList())) {
            String sku = "warmup-" + strategy + "-" + UUID.randomUUID();
            admin.createSku(sku, 1_500, strategy);
            LoadModel.PerVuIterations warmUp = new LoadModel.PerVuIterations(40, 50);
            Measurement.measure(
                    "warm-up",
                    1,
                    warmUp,
                    new RegionScript(sku, warmUp),
                    runner,
                    silent,
                    0,
                    recorder -> AuditVerdict.skipped("warm-up"));
        }
    }

    @Override
    public RunResult run(String label, int run) {
        String strategy = strategyOf(label);
        targets.setDelay(label.endsWith("@" + NO_DELAY) ? Duration.ZERO : delay);
        // the global counter's one key on region 0's masters; quota's buckets spread over every region by themselves
        String sku = strategy.equals("redis")
                ? targets.idInRegion("regions-redis-", 0)
                : "regions-" + strategy + "-" + UUID.randomUUID();
        admin.createSku(sku, stock, strategy);
        List<Function<String, Map<String, Long>>> meters = List.of(QuotaMeters::parse);
        List<Map<String, Long>> before =
                regionScrapes.stream().map(scrapes -> scrapes.summed(meters)).toList();
        RunResult result;
        Map<String, LatencySummary> latencies;
        try (RegionScript script = new RegionScript(sku, model)) {
            result = Measurement.measure(
                    label,
                    run,
                    model,
                    script,
                    runner,
                    progress,
                    Measurement.expectedRequests(model),
                    recorder -> auditor.audit(List.of(sku), recorder.outcomes()));
            latencies = script.latencies();
        }
        Map<String, Long> perRegion = new HashMap<>();
        for (int region = 0; region < targets.regions(); region++) {
            for (String counted : List.of("requests", "sold")) {
                if (!result.counters().containsKey(RegionFigures.counter(region, counted))) {
                    perRegion.put(RegionFigures.counter(region, counted), 0L);
                }
            }
            Map<String, Long> since = CounterReadings.since(
                    before.get(region), regionScrapes.get(region).summed(meters));
            perRegion.put(RegionFigures.counter(region, "shares_moved"), since.getOrDefault("quota_shares_moved", 0L));
            perRegion.put(
                    RegionFigures.counter(region, "shares_moved_across_regions"),
                    since.getOrDefault(QuotaMeters.SHARES_MOVED_ACROSS_REGIONS, 0L));
        }
        return result.withLatencyByKind(latencies).withCounters(perRegion);
    }

    private static String strategyOf(String label) {
        return label.substring(0, label.indexOf('@'));
    }

    /**
     * Purchases of one unit, each buyer in one region: in an open model arrival {@code k} is a buyer of region {@code k
     * mod regions} (so the regions get equal shares of the arrivals however long their answers take; the VU sends it
     * over a connection of its own to an instance of that region), in a closed model VU {@code v} buys in its
     * instance's region. Every request is recorded as a single request is, and its latency (from its scheduled start,
     * as {@link dev.stampede.bench.load.SingleRequestScript} times it) also under its region, and under its region's
     * sales when it bought a unit; each region counts its requests and units sold.
     */
    private final class RegionScript implements VuScript, AutoCloseable {

        private final HttpRequestBytes.Head[] heads;
        private final Histogram[] all;
        private final Histogram[] sold;
        private final boolean byArrival;
        /** An open model's VUs' own connections, by VU, one per instance (opened by the first request). */
        private final Map<Integer, HttpConnection[]> connections = new ConcurrentHashMap<>();

        RegionScript(String sku, LoadModel load) {
            List<URI> instances = targets.instanceUris();
            this.heads = instances.stream()
                    .map(base -> HttpRequestBytes.head("POST", base.resolve("/api/skus/" + sku + "/purchases"), JSON))
                    .toArray(HttpRequestBytes.Head[]::new);
            this.all = histograms();
            this.sold = histograms();
            this.byArrival = load instanceof LoadModel.ConstantArrivalRate;
        }

        @Override
        public void iteration(
                int vu, long iteration, long scheduledNanos, HttpConnection connection, RunRecorder recorder) {
            int instance = vu % heads.length;
            int region = targets.regionOf(instance);
            HttpConnection to = connection;
            if (byArrival) {
                int regions = targets.regions();
                region = (int) (iteration % regions);
                instance = region + regions * (vu % (heads.length / regions));
                to = connections.computeIfAbsent(vu, v -> new HttpConnection[heads.length])[instance];
                if (to == null) {
                    to = new HttpConnection(targets.instanceUris().get(instance));
                    connections.get(vu)[instance] = to;
                }
            }
            Outcome outcome;
            try {
                outcome = OutcomeMap.PURCHASES.of(to.exchange(heads[instance].with(
                        "{\"buyerId\":\"r" + region + "-" + vu + "-" + iteration + "\",\"quantity\":1}")));
            } catch (IOException e) {
                outcome = Outcome.NETWORK_ERROR;
            }
            long latency = recorder.nanoTime() - scheduledNanos;
            recorder.record(outcome, latency);
            long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(latency));
            all[region].recordValue(micros);
            recorder.count(RegionFigures.counter(region, "requests"));
            if (outcome == Outcome.SUCCESS) {
                sold[region].recordValue(micros);
                recorder.count(RegionFigures.counter(region, "sold"));
            }
        }

        /** Closes the VUs' own connections. */
        @Override
        public void close() {
            connections.values().stream()
                    .flatMap(Arrays::stream)
                    .filter(Objects::nonNull)
                    .forEach(HttpConnection::close);
        }

        /** Each region's latency summaries: all its buyers, and those sold a unit. */
        Map<String, LatencySummary> latencies() {
            Map<String, LatencySummary> summaries = new HashMap<>();
            for (int region = 0; region < all.length; region++) {
                summaries.put(RegionFigures.allBuyers(region), LatencySummary.ofMicros(all[region]));
                summaries.put(RegionFigures.soldBuyers(region), LatencySummary.ofMicros(sold[region]));
            }
            return summaries;
        }

        private Histogram[] histograms() {
            return IntStream.range(0, targets.regions())
                    .mapToObj(region -> new ConcurrentHistogram(3))
                    .toArray(Histogram[]::new);
        }
    }
}
