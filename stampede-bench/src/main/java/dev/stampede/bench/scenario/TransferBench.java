package dev.stampede.bench.scenario;

import dev.stampede.bench.http.HttpRequestBytes;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.load.SingleRequestScript;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.bench.service.StampedeTargets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004's experiment: a few accounts, many users in a closed loop transferring random amounts between random
 * pairs, for each strategy on fresh accounts; afterwards the money audit, and the transfers the store settled during
 * the run must equal the successes the bench saw.
 */
public final class TransferBench implements Scenario {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final long OPENING_BALANCE = 1_000_000;

    private final StampedeTargets targets;
    private final LoadRunner runner;
    private final ProgressBar progress;
    private final StampedeClient admin;
    private final LoadModel model;
    private final int accountCount;

    /**
     * Every strategy's run opens {@code accountCount} fresh accounts and drives {@code model} at them; a request
     * unanswered for {@code requestTimeout} counts as a network error.
     */
    public TransferBench(
            StampedeTargets targets, ProgressBar progress, Duration requestTimeout, LoadModel model, int accountCount) {
        this.targets = targets;
        this.model = model;
        this.accountCount = accountCount;
        this.runner = new LoadRunner(targets.baseUris(), requestTimeout);
        this.progress = progress;
        this.admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
    }

    @Override
    public String describe() {
        return targets.describe();
    }

    /** The service's transfer strategies. */
    @Override
    public List<String> strategies() {
        return admin.strategies("transfer");
    }

    @Override
    public RunResult run(String strategy, int run) {
        String prefix = "bench-" + strategy + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> accounts = openAccounts(prefix, accountCount);
        return Measurement.measure(
                strategy,
                run,
                model,
                new SingleRequestScript(
                        (vu, iteration) -> request(vu, iteration, strategy, accounts),
                        OutcomeMap.parse("201=success,503=busy")),
                runner,
                progress,
                0,
                recorder -> audit(prefix, recorder.outcomes()));
    }

    private List<String> openAccounts(String prefix, int count) {
        List<String> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            admin.openAccount(prefix + i, OPENING_BALANCE);
            accounts.add(prefix + i);
        }
        return accounts;
    }

    private byte[] request(int vu, long iteration, String strategy, List<String> accounts) {
        SplittableRandom random = new SplittableRandom(((long) vu << 32) ^ iteration);
        int from = random.nextInt(accounts.size());
        int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
        List<URI> bases = targets.baseUris();
        return HttpRequestBytes.of(
                "POST",
                bases.get(vu % bases.size()).resolve("/api/transfers?strategy=" + strategy),
                JSON,
                "{\"from\":\"%s\",\"to\":\"%s\",\"amount\":%d}"
                        .formatted(accounts.get(from), accounts.get(to), 1 + random.nextInt(100)));
    }

    /** The audit of this run's own accounts (a previous run's abandoned requests may still be settling). */
    private AuditVerdict audit(String accountPrefix, OutcomeCounts outcomes) {
        JsonNode audit = admin.transferAudit(accountPrefix);
        List<String> problems = new ArrayList<>();
        audit.path("violations").forEach(violation -> problems.add(violation.asString()));
        long settled = audit.path("transfers").asLong();
        if (settled != outcomes.success()) {
            problems.add("%d transfers settled but the bench saw %d successes".formatted(settled, outcomes.success()));
        }
        if (audit.path("reserved").asLong() != 0) {
            problems.add(audit.path("reserved").asLong() + " units still reserved after the run");
        }
        return new AuditVerdict(problems.isEmpty(), settled, null, null, null, List.of("service"), problems);
    }
}
