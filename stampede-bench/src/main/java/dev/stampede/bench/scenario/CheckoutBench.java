package dev.stampede.bench.scenario;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.RunRecorder;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.CheckoutFigures;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.Timeline;
import dev.stampede.bench.service.CounterReadings;
import dev.stampede.bench.service.ServiceCpuMeters;
import dev.stampede.bench.service.ServiceScrapes;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.bench.service.StampedeTargets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Seed 003's checkout (challenges 2–3, issue 14): {@code buyers} buyers at once for {@code units} units of one fresh
 * SKU, each checking out through {@code POST /api/checkouts} in the run's mode ({@code reserve-confirm}, the saga, or
 * {@code lock-across-payment}, the anti-pattern) against a payment provider that is slow and declines some charges,
 * then polling until its checkout is final ({@link CheckoutScript}). A run ends when every buyer has its answer or the
 * run's {@code deadline} passed; then {@link CheckoutAuditor} checks the stock, the provider's ledger and, through the
 * bench's {@link AuditConsumer}, every event, and {@link BlockedStock} reads the units held over time and {@link
 * CheckoutSteps} how long the steps after the reservation took. With a {@link ServiceKill}, one instance is killed
 * with SIGKILL during the run and started again; the recovery task of the instances finishes what it left.
 */
public final class CheckoutBench implements Scenario, AutoCloseable {

    /** The run's shape: buyers, units, how often a buyer polls, and when it gives up. */
    public record Shape(int buyers, int units, Duration pollInterval, Duration deadline) {
        public Shape {
            if (buyers < 1 || units < 1) {
                throw new IllegalArgumentException("buyers and units must be at least 1");
            }
        }
    }

    /** The saga's mode, the one the warm-up runs. */
    private static final String RESERVE_CONFIRM = "reserve-confirm";

    /** Unreported runs of the run's shape before the first measured one. */
    private static final int WARM_UP_ROUNDS = 2;

    /** The service's meter read around each run without a fault: its CPU time. */
    private static final List<Function<String, Map<String, Long>>> SERVICE_CPU = List.of(ServiceCpuMeters::parse);

    private final StampedeTargets targets;
    private final ProgressBar progress;
    private final LoadRunner runner;
    private final StampedeClient admin;
    private final Shape shape;
    private final List<String> modes;
    private final Optional<ServiceKill> fault;
    private final AuditConsumer consumer;
    private final CheckoutAuditor auditor;
    private final BlockedStock blockedStock;
    private final CheckoutSteps steps;
    private final ServiceScrapes scrapes;

    /**
     * {@code payments}: the provider the instances charge (its ledger is read back); {@code kafka}: the broker the
     * instances publish to ({@code host:port,...}; null: the events are not audited).
     */
    public CheckoutBench(
            StampedeTargets targets,
            ProgressBar progress,
            Shape shape,
            List<String> modes,
            URI payments,
            String kafka,
            String topic,
            Optional<ServiceKill> fault) {
        this.targets = targets;
        this.progress = progress;
        this.shape = shape;
        this.modes = List.copyOf(modes);
        this.fault = fault;
        this.runner = new LoadRunner(targets.baseUris(), shape.deadline().plusSeconds(30));
        this.admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
        this.consumer = kafka == null ? null : new AuditConsumer(kafka, topic, Clock.systemUTC());
        DataSource database = targets.database()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the checkout audit reads the database: give --db-url with --target"));
        this.auditor = new CheckoutAuditor(database, payments, consumer, Duration.ofSeconds(120));
        this.blockedStock = new BlockedStock(database);
        this.steps = new CheckoutSteps(database);
        this.scrapes = new ServiceScrapes(targets.instanceUris());
    }

    @Override
    public String describe() {
        return targets.describe();
    }

    /** The checkout modes compared: those the command asked for. */
    @Override
    public List<String> strategies() {
        return modes;
    }

    /**
     * Warms the JIT of the bench and the service: {@value #WARM_UP_ROUNDS} unreported {@code reserve-confirm} checkouts
     * of the run's own shape (its buyers and units), each on a throwaway SKU, every buyer polled to its final state, so
     * that no measured run starts while the warm-up's payments are in flight. The first measured run of a cold JVM
     * completed 44 checkouts/s against 125 for the next one (stop 28); after one warm-up of the run's shape the first
     * measured run completed 46-63 checkouts/s against 77-86 for most later ones, and the compilers of both JVMs still
     * work through every run (stop 32, docs/performance.md). {@code lock-across-payment} is not warmed: it sells one
     * unit per payment, a quarter of a unit a second, and shares the HTTP, saga and outbox paths this warms.
     */
    @Override
    public void warmUp(List<String> strategies) {
        if (!strategies.contains(RESERVE_CONFIRM)) {
            return;
        }
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            String sku = "warmup-checkout-" + UUID.randomUUID().toString().substring(0, 8);
            admin.createSku(sku, shape.units(), "conditional");
            Measurement.measure(
                    "warm-up",
                    round,
                    new LoadModel.PerVuIterations(shape.buyers(), 1),
                    new CheckoutScript(
                            targets.baseUris(),
                            sku,
                            RESERVE_CONFIRM,
                            shape.pollInterval(),
                            shape.deadline(),
                            System.nanoTime()),
                    runner,
                    new ProgressBar(System.err, false),
                    0,
                    recorder -> AuditVerdict.skipped("warm-up"));
        }
    }

    @Override
    public RunResult run(String mode, int run) {
        String sku =
                "bench-checkout-" + mode + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createSku(sku, shape.units(), "conditional");
        CheckoutScript script = new CheckoutScript(
                targets.baseUris(), sku, mode, shape.pollInterval(), shape.deadline(), System.nanoTime());
        Instant start = Instant.now();
        RunRecorder recorder = Measurement.recorder();
        // A killed instance's CPU time starts again from zero: a run with a kill reads none.
        boolean readsCpu = fault.isEmpty();
        Map<String, Long> cpuBefore = readsCpu ? scrapes.summed(SERVICE_CPU) : Map.of();
        Optional<ServiceKill.Killing> killing = fault.map(kill -> kill.start(targets, recorder));
        Map<String, Long> audited = new HashMap<>();
        RunResult result = Measurement.measure(
                mode,
                run,
                new LoadModel.PerVuIterations(shape.buyers(), 1),
                script,
                runner,
                progress,
                shape.buyers(),
                recorder,
                recorded -> {
                    if (readsCpu) {
                        audited.putAll(CounterReadings.since(cpuBefore, scrapes.summed(SERVICE_CPU)));
                    }
                    killing.ifPresent(kill -> audited.putAll(kill.await()));
                    CheckoutAuditor.Findings findings = auditor.audit(sku, shape.units());
                    audited.putAll(findings.counters());
                    return findings.verdict();
                });
        audited.put(CheckoutFigures.LAST_FINAL_MS, script.lastFinalMillis());
        Timeline blocked = blockedStock.of(sku, start, Instant.now());
        audited.put(
                CheckoutFigures.STOCK_SETTLED_MS,
                blocked.peak() == 0 ? 0 : blocked.lastNonZeroMillis() + blocked.stepMillis());
        audited.put(CheckoutFigures.BLOCKED_UNITS_PEAK, blocked.peak());
        audited.putAll(steps.of(sku));
        return result.withCounters(audited).withTimeline(CheckoutFigures.BLOCKED_UNITS, blocked);
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
