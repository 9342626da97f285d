package dev.stampede.bench.scenario;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.SeatHoldFigures;
import dev.stampede.bench.service.StampedeClient;
import dev.stampede.bench.service.StampedeTargets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Seed 002's experiment: VUs ramping up to a peak and down again, each listing a show's free seats, holding a few at
 * random, thinking, releasing; for each hold strategy on a fresh show. Afterwards the show's audit: no seat booked
 * twice, and once every hold was released every seat is free again.
 */
public final class SeatHoldBench implements Scenario {

    /** Seed 002's stages at a peak of 100 VUs: 0 -> 30 over 20 s -> 50 over 30 s -> 100 over 30 s -> 100 for 20 s -> 0 over 20 s. */
    private static final List<LoadModel.Stage> SEED_STAGES = List.of(
            new LoadModel.Stage(Duration.ofSeconds(20), 30),
            new LoadModel.Stage(Duration.ofSeconds(30), 50),
            new LoadModel.Stage(Duration.ofSeconds(30), 100),
            new LoadModel.Stage(Duration.ofSeconds(20), 100),
            new LoadModel.Stage(Duration.ofSeconds(20), 0));

    private static final int SEED_PEAK = 100;
    /** Holds outlive the longest think time by far; an unreleased hold (a failed release) expires after this. */
    static final int HOLD_TTL_SECONDS = 30;

    private final StampedeTargets targets;
    private final LoadRunner runner;
    private final ProgressBar progress;
    private final StampedeClient admin;
    private final SeatHoldAuditor auditor;
    private final LoadModel model;
    private final double timeScale;
    private final int rows;
    private final int seatsPerRow;

    /**
     * Every strategy's run creates a fresh show of {@code rows} x {@code seatsPerRow} seats and drives {@code model}
     * at it, with think times multiplied by {@code timeScale}.
     */
    public SeatHoldBench(
            StampedeTargets targets,
            ProgressBar progress,
            LoadModel model,
            double timeScale,
            int rows,
            int seatsPerRow) {
        this.targets = targets;
        this.model = model;
        this.timeScale = timeScale;
        this.rows = rows;
        this.seatsPerRow = seatsPerRow;
        this.runner = new LoadRunner(targets.baseUris());
        this.progress = progress;
        this.admin = new StampedeClient(targets.baseUris().getFirst(), targets.adminToken());
        this.auditor = new SeatHoldAuditor(admin, targets.database());
    }

    @Override
    public String describe() {
        return targets.describe();
    }

    /** The service's hold strategies. */
    @Override
    public List<String> strategies() {
        return admin.strategies("hold");
    }

    /** Seed 002's ramping-VUs model with its peak at {@code peakVus} and every duration times {@code timeScale}. */
    public static LoadModel.RampingVus model(int peakVus, double timeScale) {
        if (peakVus < 1) {
            throw new IllegalArgumentException("--vus must be at least 1, was " + peakVus);
        }
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("--time-scale must be positive, was " + timeScale);
        }
        return new LoadModel.RampingVus(
                0,
                SEED_STAGES.stream()
                        .map(stage -> new LoadModel.Stage(
                                Duration.ofNanos(Math.round(stage.duration().toNanos() * timeScale)),
                                (int) Math.round((double) stage.target() * peakVus / SEED_PEAK)))
                        .toList());
    }

    @Override
    public RunResult run(String strategy, int run) {
        String show = "bench-" + strategy + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createShow(show, strategy, rows, seatsPerRow);
        return Measurement.measure(
                strategy,
                run,
                model,
                new SeatHoldScript(targets.baseUris(), show, timeScale, HOLD_TTL_SECONDS),
                runner,
                progress,
                0,
                recorder -> auditor.audit(
                        show,
                        strategy,
                        rows * seatsPerRow,
                        recorder.counters().getOrDefault(SeatHoldFigures.SUCCESS, 0L),
                        Duration.ofSeconds(HOLD_TTL_SECONDS + 5L)));
    }
}
