package dev.stampede.bench.scenario;

import dev.stampede.bench.http.HttpRequestBytes;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.load.SingleRequestScript;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.service.InstancePurchases;
import dev.stampede.bench.service.LeaseMeters;
import dev.stampede.bench.service.QuotaMeters;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.bench.service.StampedeTargets;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A sale scenario for each strategy: a fresh SKU with the same stock, the same load, then the audit. Before the
 * strategies, the same load against the no-op endpoint gives the harness's own ceiling on this machine. With several
 * instances, each run also counts the purchases each instance answered (its own metrics: {@link
 * dev.stampede.bench.report.InstanceShares}), whether the bench or a balancer spread them.
 */
public final class SaleBench implements Scenario {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final StampedeTargets targets;
    private final LoadRunner runner;
    private final ProgressBar progress;
    private final StampedeClient admin;
    private final SaleAuditor auditor;
    private final LeaseMeters leases;
    private final QuotaMeters quotas;
    private final InstancePurchases perInstance;
    private final LoadModel model;
    private final int stock;

    /** Every strategy's run puts {@code stock} units on sale on a fresh SKU and drives {@code model} at it. */
    public SaleBench(StampedeTargets targets, ProgressBar progress, LoadModel model, int stock) {
        this.targets = targets;
        this.model = model;
        this.stock = stock;
        this.runner = new LoadRunner(targets.baseUris());
        this.progress = progress;
        this.admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
        this.auditor = new SaleAuditor(admin, targets.skus());
        this.leases = new LeaseMeters(targets.instanceUris());
        this.quotas = new QuotaMeters(targets.instanceUris());
        this.perInstance = new InstancePurchases(targets.instanceUris());
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
                    purchaseScript(sku),
                    runner,
                    silent,
                    0,
                    recorder -> AuditVerdict.skipped("warm-up"));
        }
    }

    /** The same load against {@code GET /api/ping}: what this harness can do on this machine. */
    @Override
    public Optional<RunResult> ceiling() {
        return Optional.of(Measurement.measure(
                "ceiling (no-op)",
                1,
                model,
                pingScript(),
                runner,
                progress,
                Measurement.expectedRequests(model),
                recorder -> AuditVerdict.skipped("no-op endpoint")));
    }

    @Override
    public RunResult run(String strategy, int run) {
        String sku = "bench-" + strategy + "-" + UUID.randomUUID();
        admin.createSku(sku, stock, strategy);
        boolean lease = strategy.equals("lease");
        Map<String, Long> leasesBefore = lease ? leases.read() : Map.of();
        boolean quota = strategy.equals("quota");
        Map<String, Long> quotasBefore = quota ? quotas.read() : Map.of();
        boolean several = targets.instanceUris().size() > 1;
        Map<String, Long> purchasesBefore = several ? perInstance.read() : Map.of();
        RunResult result = Measurement.measure(
                strategy,
                run,
                model,
                purchaseScript(sku),
                runner,
                progress,
                Measurement.expectedRequests(model),
                recorder -> auditor.audit(sku, recorder.outcomes().success()));
        if (several) {
            result = result.withCounters(InstancePurchases.since(purchasesBefore, perInstance.read()));
        }
        if (quota) {
            result = result.withCounters(InstancePurchases.since(quotasBefore, quotas.read()));
        }
        return lease ? result.withCounters(LeaseMeters.since(leasesBefore, leases.read())) : result;
    }

    private SingleRequestScript pingScript() {
        return new SingleRequestScript(
                (vu, iteration) -> HttpRequestBytes.of("GET", base(vu).resolve("/api/ping"), Map.of(), null),
                OutcomeMap.parse("204=success"));
    }

    private SingleRequestScript purchaseScript(String sku) {
        return new SingleRequestScript(
                (vu, iteration) -> HttpRequestBytes.of(
                        "POST",
                        base(vu).resolve("/api/skus/" + sku + "/purchases"),
                        JSON,
                        "{\"buyerId\":\"vu-" + vu + "-" + iteration + "\",\"quantity\":1}"),
                OutcomeMap.PURCHASES);
    }

    private URI base(int vu) {
        List<URI> bases = targets.baseUris();
        return bases.get(vu % bases.size());
    }
}
