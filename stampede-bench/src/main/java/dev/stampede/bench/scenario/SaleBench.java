package dev.stampede.bench.scenario;

import dev.stampede.bench.http.HttpRequestBytes;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.load.RunRecorder;
import dev.stampede.bench.load.SingleRequestScript;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.BalancerFigures;
import dev.stampede.bench.report.BalancerOverhead;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.service.AdaptiveSwitchMeters;
import dev.stampede.bench.service.AdmissionMeters;
import dev.stampede.bench.service.CounterReadings;
import dev.stampede.bench.service.InstancePurchases;
import dev.stampede.bench.service.LeaseMeters;
import dev.stampede.bench.service.QuotaMeters;
import dev.stampede.bench.service.SaleCostMeters;
import dev.stampede.bench.service.ServiceCpuMeters;
import dev.stampede.bench.service.ServiceGcMeters;
import dev.stampede.bench.service.ServiceScrapes;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.bench.service.StampedeTargets;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A sale scenario for each strategy: fresh SKUs with the same stock, the same load, then the audit. Before the
 * strategies, the same load against the no-op endpoint gives the harness's own ceiling on this machine. With several
 * instances, each run also counts the purchases each instance answered (its own metrics: {@link
 * dev.stampede.bench.report.InstanceShares}), whether the bench or a balancer spread them; an {@code adaptive} run
 * counts the SKUs the strategy switched ({@link dev.stampede.bench.report.AdaptiveSwitchFigures}).
 *
 * <p>A sale is on one SKU (the seeds' hot spot) or spread over several ({@code skus}; issue 15's low-contention run):
 * the stock is split over them as evenly as it divides (the first SKUs take one unit more), and buyers go to them
 * round-robin in the order they arrive (buyer {@code b} to SKU {@code b mod skus}). The audit checks each SKU and the
 * total.
 *
 * <p>With a {@link ServiceKill} ({@code --fault kill-service@AFTER}), each strategy's run has instance 0 killed with
 * SIGKILL {@code AFTER} its load was released, and started again; the audit waits for the restart, then for the
 * service to settle what it decided, and the run reports the fault's figures ({@link
 * dev.stampede.bench.report.FaultFigures}) instead of the service's meters (the killed instance's start again from
 * zero). The warm-up and the ceiling run without it.
 *
 * <p>Behind a balancer (without a fault), each strategy is run both through the balancer and straight to the instances
 * ({@code quota@direct}: each VU to instance {@code vu mod n}, as without a balancer), in the same rounds, so that the
 * report gives the balancer's own overhead from runs of one invocation ({@link BalancerOverhead}).
 */
public final class SaleBench implements Scenario {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final StampedeTargets targets;
    private final LoadRunner runner;
    private final LoadRunner directRunner;
    private final ProgressBar progress;
    private final StampedeClient admin;
    private final SaleAuditor auditor;
    private final ServiceScrapes scrapes;
    private final LoadModel model;
    private final int stock;
    private final int skus;
    private final Optional<ServiceKill> fault;

    /** Every strategy's run puts {@code stock} units on sale on one fresh SKU and drives {@code model} at it. */
    public SaleBench(StampedeTargets targets, ProgressBar progress, LoadModel model, int stock) {
        this(targets, progress, model, stock, 1);
    }

    /**
     * Every strategy's run puts {@code stock} units on sale spread over {@code skus} fresh SKUs and drives {@code model}
     * at them, its buyers round-robin.
     *
     * @throws IllegalArgumentException as {@link #requireSpread}
     */
    public SaleBench(StampedeTargets targets, ProgressBar progress, LoadModel model, int stock, int skus) {
        this(targets, progress, model, stock, skus, Optional.empty());
    }

    /**
     * As above, with {@code fault} struck in every strategy's run.
     *
     * @throws IllegalArgumentException as {@link #requireSpread}
     */
    public SaleBench(
            StampedeTargets targets,
            ProgressBar progress,
            LoadModel model,
            int stock,
            int skus,
            Optional<ServiceKill> fault) {
        requireSpread(stock, skus);
        this.fault = fault;
        this.targets = targets;
        this.model = model;
        this.stock = stock;
        this.skus = skus;
        this.runner = new LoadRunner(targets.baseUris());
        this.directRunner = new LoadRunner(targets.instanceUris());
        this.progress = progress;
        this.admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
        this.auditor = new SaleAuditor(admin, targets.skus(), Clock.systemUTC(), SaleAuditor.SETTLE_WITHIN);
        this.scrapes = new ServiceScrapes(targets.instanceUris());
    }

    /**
     * Refuses a sale of {@code stock} units over {@code skus} SKUs that cannot be made: fewer than one SKU, or more SKUs
     * than units (a SKU with nothing to sell).
     *
     * @throws IllegalArgumentException naming the option {@code --skus}
     */
    public static void requireSpread(int stock, int skus) {
        if (skus < 1 || skus > stock) {
            throw new IllegalArgumentException(
                    "--skus must be between 1 and the stock (%d), was %d".formatted(stock, skus));
        }
    }

    @Override
    public String describe() {
        return targets.describe();
    }

    /** The service's purchase strategies. */
    @Override
    public List<String> strategies() {
        return admin.strategies("purchase");
    }

    /**
     * Warms the JIT of the bench and the service, as a production service would be warm: the no-op endpoint (20,000
     * requests), then each strategy on a throwaway SKU (5,000 purchases of 3,000 units: the selling and the sold-out
     * paths; 100 buyers at a time, so that strategies that queue buyers one by one finish it). Nothing is reported.
     */
    @Override
    public void warmUp(List<String> strategies) {
        ProgressBar silent = new ProgressBar(System.err, false);
        Measurement.measure(
                "warm-up",
                1,
                new LoadModel.PerVuIterations(500, 40),
                pingScript(),
                runner,
                silent,
                0,
                recorder -> AuditVerdict.skipped("warm-up"));
        for (String strategy : strategies) {
            String sku = "warmup-" + strategy + "-" + UUID.randomUUID();
            admin.createSku(sku, 3_000, strategy);
            Measurement.measure(
                    "warm-up",
                    1,
                    new LoadModel.PerVuIterations(100, 50),
                    purchaseScript(List.of(sku), targets.baseUris()),
                    runner,
                    silent,
                    0,
                    recorder -> AuditVerdict.skipped("warm-up"));
        }
    }

    /**
     * The same load against {@code GET /api/ping}: what this harness can do on this machine, with the CPU it cost the
     * bench and the service.
     */
    @Override
    public Optional<RunResult> ceiling() {
        List<Function<String, Map<String, Long>>> cpu = List.of(ServiceCpuMeters::parse);
        Map<String, Long> before = scrapes.summed(cpu);
        RunResult ceiling = Measurement.measure(
                "ceiling (no-op)",
                1,
                model,
                pingScript(),
                runner,
                progress,
                Measurement.expectedRequests(model),
                recorder -> AuditVerdict.skipped("no-op endpoint"));
        return Optional.of(ceiling.withCounters(CounterReadings.since(before, scrapes.summed(cpu))));
    }

    /**
     * As {@link Scenario#run(List, int, Consumer)}; behind a balancer, without a fault, every strategy twice a round:
     * through the balancer and directly ({@link BalancerOverhead#direct}), in the round's rotated order (adjacent in
     * the first round, not always in the later ones). With a fault, through the balancer only: two runs with a killed
     * instance compare nothing.
     */
    @Override
    public List<RunResult> run(List<String> strategies, int runs, Consumer<RunResult> afterEach) {
        List<String> cases = targets.baseUris().equals(targets.instanceUris()) || fault.isPresent()
                ? strategies
                : strategies.stream()
                        .flatMap(strategy -> Stream.of(strategy, BalancerOverhead.direct(strategy)))
                        .toList();
        return Scenario.super.run(cases, runs, afterEach);
    }

    /**
     * One run of the strategy {@code label} names, through the balancer if there is one, or straight to the
     * instances when {@code label} is {@code <strategy>@direct}.
     */
    @Override
    public RunResult run(String label, int run) {
        String strategy = BalancerOverhead.strategyOf(label);
        boolean direct = BalancerOverhead.isDirect(label);
        List<String> sale = createSale("bench-" + strategy + "-" + UUID.randomUUID(), strategy);
        // A killed instance's meters start again from zero: a run with a kill reads none.
        List<Function<String, Map<String, Long>>> meters = fault.isPresent() ? List.of() : metersOf(strategy);
        Map<String, Long> metersBefore = meters.isEmpty() ? Map.of() : scrapes.summed(meters);
        boolean several = targets.instanceUris().size() > 1 && fault.isEmpty();
        Map<String, Long> purchasesBefore = several ? InstancePurchases.read(scrapes) : Map.of();
        Optional<Map<String, Long>> balancerBefore = direct ? Optional.empty() : balancerCounters();
        Map<String, Long> balancerFigures = new HashMap<>();
        RunRecorder recorder = Measurement.recorder();
        Optional<ServiceKill.Killing> killing = fault.map(kill -> kill.start(targets, recorder));
        Map<String, Long> faultFigures = new HashMap<>();
        RunResult result = Measurement.measure(
                label,
                run,
                model,
                purchaseScript(sale, direct ? targets.instanceUris() : targets.baseUris()),
                direct ? directRunner : runner,
                progress,
                Measurement.expectedRequests(model),
                recorder,
                recorded -> {
                    // read before the audit, whose requests go through the balancer too
                    balancerBefore.ifPresent(before -> balancerCounters()
                            .ifPresent(after -> balancerFigures.putAll(CounterReadings.since(before, after))));
                    killing.ifPresent(kill -> faultFigures.putAll(kill.await()));
                    return auditor.audit(sale, recorded.outcomes());
                });
        if (!faultFigures.isEmpty()) {
            result = result.withCounters(faultFigures);
        }
        if (several) {
            result = result.withCounters(CounterReadings.since(purchasesBefore, InstancePurchases.read(scrapes)));
        }
        if (!balancerFigures.isEmpty()) {
            result = result.withCounters(balancerFigures);
        }
        return result.withCounters(CounterReadings.since(metersBefore, scrapes.summed(meters)));
    }

    /**
     * The balancer's counters now ({@link BalancerFigures}); empty without a balancer, or when its statistics do not
     * answer (the run is reported without them rather than lost).
     */
    private Optional<Map<String, Long>> balancerCounters() {
        try {
            return targets.balancerCounters().map(BalancerFigures::counters);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * The service's meters a run of {@code strategy} reports beside the bench's own figures: what the sale cost the
     * stores ({@link SaleCostMeters}), the service's CPU ({@link ServiceCpuMeters}) and collector pauses ({@link
     * ServiceGcMeters}), and what admission control did when it is on ({@link AdmissionMeters}) for every strategy,
     * and the strategy's own meters for some.
     */
    private static List<Function<String, Map<String, Long>>> metersOf(String strategy) {
        List<Function<String, Map<String, Long>>> meters = new ArrayList<>(List.of(
                SaleCostMeters::parse, ServiceCpuMeters::parse, ServiceGcMeters::parse, AdmissionMeters::parse));
        switch (strategy) {
            case "lease" -> meters.add(LeaseMeters::parse);
            case "adaptive" -> meters.add(AdaptiveSwitchMeters::parse);
            case "quota" -> meters.add(QuotaMeters::parse);
            default -> {
                // The common meters only.
            }
        }
        return meters;
    }

    /** The sale's SKUs, created: {@code id} alone, or {@code id-0} to {@code id-(skus-1)}, the stock split over them. */
    private List<String> createSale(String id, String strategy) {
        if (skus == 1) {
            admin.createSku(id, stock, strategy);
            return List.of(id);
        }
        List<String> ids = new ArrayList<>(skus);
        for (int index = 0; index < skus; index++) {
            String sku = id + "-" + index;
            admin.createSku(sku, stock / skus + (index < stock % skus ? 1 : 0), strategy);
            ids.add(sku);
        }
        return List.copyOf(ids);
    }

    /** {@code GET /api/ping}, its bytes built once per target. */
    private SingleRequestScript pingScript() {
        List<byte[]> pings = targets.baseUris().stream()
                .map(base -> HttpRequestBytes.of("GET", base.resolve("/api/ping"), Map.of(), null))
                .toList();
        return new SingleRequestScript(
                (vu, iteration) -> pings.get(vu % pings.size()), OutcomeMap.parse("204=success"));
    }

    /**
     * Purchases of one unit sent to {@code bases} (VU {@code v} to {@code v mod n}): the heads (per target and SKU)
     * built once, each request adding its buyer's body.
     */
    private SingleRequestScript purchaseScript(List<String> sale, List<URI> bases) {
        HttpRequestBytes.Head[][] heads = new HttpRequestBytes.Head[bases.size()][sale.size()];
        for (int target = 0; target < bases.size(); target++) {
            for (int sku = 0; sku < sale.size(); sku++) {
                heads[target][sku] = HttpRequestBytes.head(
                        "POST", bases.get(target).resolve("/api/skus/" + sale.get(sku) + "/purchases"), JSON);
            }
        }
        return new SingleRequestScript(
                (vu, iteration) -> heads[vu % bases.size()][(int) (buyer(vu, iteration) % sale.size())].with(
                        "{\"buyerId\":\"vu-" + vu + "-" + iteration + "\",\"quantity\":1}"),
                OutcomeMap.PURCHASES);
    }

    /**
     * The buyer's number in the order buyers are made: VU by VU for a closed model ({@code vu * iterations +
     * iteration}), the arrival's number for the open model.
     */
    private long buyer(int vu, long iteration) {
        return switch (model) {
            case LoadModel.PerVuIterations perVu -> (long) vu * perVu.iterations() + iteration;
            case LoadModel.ConstantArrivalRate open -> iteration;
            case LoadModel.RampingVus ramping -> vu;
        };
    }
}
