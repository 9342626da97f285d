package dev.stampede.bench.load;

import java.time.Duration;
import java.util.List;

/** How VUs are driven, after k6's executors. */
public sealed interface LoadModel {

    /** The most connections the model may hold at once. */
    int maxVus();

    /** The model in k6's words, for reports. */
    String describe();

    /** Every VU runs {@code iterations} iterations; all VUs are connected first and released at the same instant. */
    record PerVuIterations(int vus, int iterations) implements LoadModel {
        public PerVuIterations {
            positive("vus", vus);
            positive("iterations", iterations);
        }

        @Override
        public int maxVus() {
            return vus;
        }

        @Override
        public String describe() {
            return "per-vu-iterations: %d VUs x %d iteration%s, released at once"
                    .formatted(vus, iterations, iterations == 1 ? "" : "s");
        }
    }

    /** VUs loop iterations while their count follows the stages linearly, starting from {@code startVus}. */
    record RampingVus(int startVus, List<Stage> stages) implements LoadModel {
        public RampingVus {
            if (startVus < 0) {
                throw new IllegalArgumentException("start VUs must not be negative, was " + startVus);
            }
            if (stages.isEmpty()) {
                throw new IllegalArgumentException("ramping-vus needs at least one stage");
            }
            stages = List.copyOf(stages);
        }

        @Override
        public int maxVus() {
            return Math.max(
                    startVus, stages.stream().mapToInt(Stage::target).max().orElse(0));
        }

        @Override
        public String describe() {
            return "ramping-vus: " + startVus + " -> "
                    + String.join(
                            " -> ",
                            stages.stream()
                                    .map(stage -> stage.target() + " over "
                                            + stage.duration().toMillis() / 1000.0 + "s")
                                    .toList());
        }

        public Duration total() {
            return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
        }

        /** The VU count the stages ask for at {@code elapsed}. */
        public int targetAt(Duration elapsed) {
            int from = startVus;
            Duration stageStart = Duration.ZERO;
            for (Stage stage : stages) {
                Duration stageEnd = stageStart.plus(stage.duration());
                if (elapsed.compareTo(stageEnd) < 0) {
                    double progress = stage.duration().isZero()
                            ? 1
                            : (double) elapsed.minus(stageStart).toNanos()
                                    / stage.duration().toNanos();
                    return (int) Math.round(from + (stage.target() - from) * progress);
                }
                from = stage.target();
                stageStart = stageEnd;
            }
            return from;
        }
    }

    /** One stage of {@link RampingVus}: move to {@code target} VUs over {@code duration}. */
    record Stage(Duration duration, int target) {
        public Stage {
            if (duration.isNegative() || target < 0) {
                throw new IllegalArgumentException("a stage needs a non-negative duration and target");
            }
        }
    }

    /**
     * An open model: {@code rate} iterations start per second for {@code duration} (or until {@code maxIterations}),
     * whatever the latency; an arrival that finds all {@code maxVus} busy is dropped and counted.
     */
    record ConstantArrivalRate(int rate, Duration duration, long maxIterations, int maxVus) implements LoadModel {
        public ConstantArrivalRate {
            positive("rate", rate);
            positive("max VUs", maxVus);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive, was " + duration);
            }
        }

        @Override
        public String describe() {
            return "constant-arrival-rate: %d/s for %.1fs%s, at most %d VUs"
                    .formatted(
                            rate,
                            duration.toMillis() / 1000.0,
                            maxIterations == Long.MAX_VALUE ? "" : " (at most " + maxIterations + " iterations)",
                            maxVus);
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
