package dev.stampede.bench.scenario;

import dev.stampede.bench.http.HttpRequestBytes;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.load.SingleRequestScript;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.bench.service.StampedeTargets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A sale scenario for each strategy: a fresh SKU with the same stock, the same load, then the audit. Before the
 * strategies, the same load against the no-op endpoint gives the harness's own ceiling on this machine.
 */
public final class SaleBench {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final StampedeTargets targets;
    private final LoadRunner runner;
    private final ProgressBar progress;
    private final StampedeClient admin;
    private final SaleAuditor auditor;

    public SaleBench(StampedeTargets targets, ProgressBar progress) {
        this.targets = targets;
        this.runner = new LoadRunner(targets.baseUris());
        this.progress = progress;
        this.admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
        this.auditor = new SaleAuditor(admin, targets.database());
    }

    /** The same load against {@code GET /api/ping}: what this harness can do on this machine. */
    public RunResult ceiling(LoadModel model) {
        return Measurement.measure(
                "ceiling (no-op)",
                1,
                model,
                new SingleRequestScript(
                        (vu, iteration) -> HttpRequestBytes.of("GET", ping(vu), Map.of(), null),
                        OutcomeMap.parse("204=success")),
                runner,
                progress,
                Measurement.expectedRequests(model),
                outcomes -> AuditVerdict.skipped("no-op endpoint"));
    }

    public List<RunResult> run(
            LoadModel model, int stock, List<String> strategies, int runs, Consumer<RunResult> afterEach) {
        List<RunResult> results = new ArrayList<>();
        for (String strategy : strategies) {
            for (int run = 1; run <= runs; run++) {
                String sku = "bench-" + strategy + "-" + UUID.randomUUID();
                admin.createSku(sku, stock, strategy);
                RunResult result = Measurement.measure(
                        strategy,
                        run,
                        model,
                        new SingleRequestScript(
                                (vu, iteration) -> HttpRequestBytes.of(
                                        "POST",
                                        purchases(vu, sku),
                                        JSON,
                                        "{\"buyerId\":\"vu-" + vu + "-" + iteration + "\",\"quantity\":1}"),
                                OutcomeMap.PURCHASES),
                        runner,
                        progress,
                        Measurement.expectedRequests(model),
                        outcomes -> auditor.audit(sku, outcomes.success()));
                results.add(result);
                afterEach.accept(result);
            }
        }
        return results;
    }

    private URI base(int vu) {
        List<URI> bases = targets.baseUris();
        return bases.get(vu % bases.size());
    }

    private URI ping(int vu) {
        return base(vu).resolve("/api/ping");
    }

    private URI purchases(int vu, String sku) {
        return base(vu).resolve("/api/skus/" + sku + "/purchases");
    }
}
