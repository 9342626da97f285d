package dev.stampede.bench.scenario;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.report.CheckoutFigures;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.Timeline;
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
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Seed 003's checkout (challenges 2–3, issue 14): {@code buyers} buyers at once for {@code units} units of one fresh
 * SKU, each checking out through {@code POST /api/checkouts} in the run's mode ({@code reserve-confirm}, the saga, or
 * {@code lock-across-payment}, the anti-pattern) against a payment provider that is slow and declines some charges,
 * then polling until its checkout is final ({@link CheckoutScript}). A run ends when every buyer has its answer or the
 * run's {@code deadline} passed; then {@link CheckoutAuditor} checks the stock, the provider's ledger and, through the
 * bench's {@link AuditConsumer}, every event, and {@link BlockedStock} reads the units held over time. With a {@link Fault}, one instance is killed with SIGKILL during the run
 * and started again; the recovery task of the instances finishes what it left.
 */
public final class CheckoutBench implements Scenario, AutoCloseable {

    /** {@code kill-service@AFTER}: instance 0 killed with SIGKILL {@code after} the run started, then restarted. */
    public record Fault(Duration after) {
        /** Parses {@code kill-service@5s} ({@code s} or {@code ms}). */
        public static Fault parse(String text) {
            String prefix = "kill-service@";
            if (!text.startsWith(prefix)) {
                throw new IllegalArgumentException("unknown fault '" + text + "'; use kill-service@5s");
            }
            String at = text.substring(prefix.length());
            try {
                return new Fault(
                        at.endsWith("ms")
                                ? Duration.ofMillis(Long.parseLong(at.substring(0, at.length() - 2)))
                                : Duration.ofSeconds(Long.parseLong(at.substring(0, at.length() - 1))));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("bad fault time '" + at + "'; use kill-service@5s or @500ms");
            }
        }
    }

    /** The run's shape: buyers, units, how often a buyer polls, and when it gives up. */
    public record Shape(int buyers, int units, Duration pollInterval, Duration deadline) {
        public Shape {
            if (buyers < 1 || units < 1) {
                throw new IllegalArgumentException("buyers and units must be at least 1");
            }
        }
    }

    private final StampedeTargets targets;
    private final ProgressBar progress;
    private final LoadRunner runner;
    private final StampedeClient admin;
    private final Shape shape;
    private final List<String> modes;
    private final Optional<Fault> fault;
    private final AuditConsumer consumer;
    private final CheckoutAuditor auditor;
    private final BlockedStock blockedStock;

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
            Optional<Fault> fault) {
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

    @Override
    public RunResult run(String mode, int run) {
        String sku =
                "bench-checkout-" + mode + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createSku(sku, shape.units(), "conditional");
        CheckoutScript script = new CheckoutScript(
                targets.baseUris(), sku, mode, shape.pollInterval(), shape.deadline(), System.nanoTime());
        Instant start = Instant.now();
        AtomicReference<RuntimeException> faultFailed = new AtomicReference<>();
        Thread killer = fault.map(f -> Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(f.after());
                        targets.killAndRestart(0);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        faultFailed.set(e);
                    }
                }))
                .orElse(null);
        Map<String, Long> audited = new HashMap<>();
        RunResult result = Measurement.measure(
                mode,
                run,
                new LoadModel.PerVuIterations(shape.buyers(), 1),
                script,
                runner,
                progress,
                shape.buyers(),
                recorder -> {
                    join(killer);
                    if (faultFailed.get() != null) {
                        throw faultFailed.get();
                    }
                    CheckoutAuditor.Findings findings = auditor.audit(sku, shape.units());
                    audited.putAll(findings.counters());
                    return findings.verdict();
                });
        audited.put(CheckoutFigures.LAST_FINAL_MS, script.lastFinalMillis());
        fault.ifPresent(
                f -> audited.put("fault_kill_service_after_ms", f.after().toMillis()));
        Timeline blocked = blockedStock.of(sku, start, Instant.now());
        audited.put(
                CheckoutFigures.STOCK_SETTLED_MS,
                blocked.peak() == 0 ? 0 : blocked.lastNonZeroMillis() + blocked.stepMillis());
        audited.put(CheckoutFigures.BLOCKED_UNITS_PEAK, blocked.peak());
        return result.withCounters(audited).withTimeline(CheckoutFigures.BLOCKED_UNITS, blocked);
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
