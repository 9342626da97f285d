package dev.stampede.bench.scenario;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.bench.load.RunRecorder;
import dev.stampede.bench.load.VuScript;
import dev.stampede.bench.report.AnswerLatencyFigures;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.CpuFigures;
import dev.stampede.bench.report.NewConnectionFigures;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import dev.stampede.bench.report.StartSpreadFigures;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one load under the progress bar and turns what was recorded, and its audit, into a {@link RunResult}; a load
 * released at once also keeps its start spread ({@link StartSpreadFigures}), an open model its arrivals on new
 * connections apart from the rest ({@link NewConnectionFigures}), a load answered in more than one way its latency per
 * answer ({@link AnswerLatencyFigures}), and every load the CPU time the bench's process spent on it from its release
 * ({@link CpuFigures#CLIENT}).
 */
final class Measurement {

    static final long BUCKET_MILLIS = 100;

    private Measurement() {}

    /** The audit runs after the load and may read everything recorded (outcomes, the script's counters). */
    static RunResult measure(
            String label,
            int run,
            LoadModel model,
            VuScript script,
            LoadRunner runner,
            ProgressBar progress,
            long expectedRequests,
            Function<RunRecorder, AuditVerdict> audit) {
        return measure(label, run, model, script, runner, progress, expectedRequests, recorder(), audit);
    }

    /** A recorder for {@link #measure} to record into, for a caller that watches the run as it goes (a fault). */
    static RunRecorder recorder() {
        return new RunRecorder(BUCKET_MILLIS);
    }

    /** As above, recording into {@code recorder} (from {@link #recorder()}, fresh). */
    static RunResult measure(
            String label,
            int run,
            LoadModel model,
            VuScript script,
            LoadRunner runner,
            ProgressBar progress,
            long expectedRequests,
            RunRecorder recorder,
            Function<RunRecorder, AuditVerdict> audit) {
        double wall;
        long clientCpuNanos;
        try (AutoCloseable bar = progress.show(label + " #" + run, recorder, expectedRequests)) {
            runner.run(model, script, recorder);
            wall = recorder.secondsSinceStart();
            clientCpuNanos = recorder.cpuNanosSinceStart();
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        OutcomeCounts outcomes = recorder.outcomes();
        return new RunResult(
                        label,
                        run,
                        outcomes.total(),
                        outcomes,
                        recorder.latency(),
                        wall,
                        wall > 0 ? outcomes.total() / wall : 0,
                        recorder.bucketMillis(),
                        recorder.throughput(),
                        recorder.droppedIterations(),
                        audit.apply(recorder),
                        recorder.counters(),
                        recorder.latencyByKind())
                .withCounters(StartSpreadFigures.counters(recorder.startSpread()))
                .withCounters(AnswerLatencyFigures.counters(recorder.latencyByOutcome()))
                .withCounters(NewConnectionFigures.counters(recorder))
                .withCounters(Map.of(CpuFigures.CLIENT, TimeUnit.NANOSECONDS.toMicros(clientCpuNanos)));
    }

    /** How many requests a model will make, when that is known in advance (0 otherwise). */
    static long expectedRequests(LoadModel model) {
        return switch (model) {
            case LoadModel.PerVuIterations perVu -> (long) perVu.vus() * perVu.iterations();
            case LoadModel.ConstantArrivalRate open ->
                Math.min(open.maxIterations(), open.rate() * open.duration().toSeconds());
            case LoadModel.RampingVus ramping -> 0;
        };
    }
}
