package dev.stampede.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the balancer in front of the instances costs a sale, measured in one invocation (issue 16: "report the
 * balancer's own overhead against driving the instances directly, in the same run"): each strategy is run through the
 * balancer (labelled {@code quota}) and straight to the instances ({@code quota@direct}), in the same rounds, and
 * compared here: the median wall time and the median p99 latency through the balancer divided by those of the direct
 * runs (above 1: the balancer costs that much), and the wall ratio of each round, whose two runs ran within minutes of
 * each other on the same instances.
 *
 * @param strategy the strategy, without the {@code @direct} suffix
 * @param wallRatio median wall time through the balancer ÷ median wall time direct
 * @param p99Ratio median p99 latency through the balancer ÷ median p99 latency direct
 * @param wallRatioByRound the wall ratio of each round that has both runs, in round order
 */
public record BalancerOverhead(String strategy, double wallRatio, double p99Ratio, List<Double> wallRatioByRound) {

    /** The end of a run's label when the run drove the instances directly, past the balancer. */
    public static final String DIRECT = "@direct";

    /** The label of {@code strategy}'s runs that drive the instances directly. */
    public static String direct(String strategy) {
        return strategy + DIRECT;
    }

    /** Whether the run labelled {@code label} drove the instances directly. */
    public static boolean isDirect(String label) {
        return label.endsWith(DIRECT);
    }

    /** The strategy a run labelled {@code label} ({@code quota} or {@code quota@direct}) sold by. */
    public static String strategyOf(String label) {
        return isDirect(label) ? label.substring(0, label.length() - DIRECT.length()) : label;
    }

    /** One comparison per strategy run both ways, in report order; empty when no strategy was. */
    public static List<BalancerOverhead> of(List<RunResult> runs) {
        Map<String, List<RunResult>> byLabel = new LinkedHashMap<>();
        runs.forEach(run -> byLabel.computeIfAbsent(run.strategy(), label -> new ArrayList<>())
                .add(run));
        List<BalancerOverhead> overheads = new ArrayList<>();
        byLabel.forEach((label, balanced) -> {
            List<RunResult> direct = byLabel.get(direct(label));
            if (isDirect(label) || direct == null) {
                return;
            }
            List<Double> byRound = new ArrayList<>();
            for (RunResult run : balanced) {
                direct.stream()
                        .filter(other -> other.run() == run.run())
                        .findFirst()
                        .ifPresent(other -> byRound.add(run.wallSeconds() / other.wallSeconds()));
            }
            overheads.add(new BalancerOverhead(
                    label,
                    ratio(balanced, direct, RunResult::wallSeconds),
                    ratio(balanced, direct, run -> run.latency().p99Ms()),
                    List.copyOf(byRound)));
        });
        return List.copyOf(overheads);
    }

    private static double ratio(List<RunResult> balanced, List<RunResult> direct, ToDoubleFunction<RunResult> figure) {
        return Medians.of(balanced, figure) / Medians.of(direct, figure);
    }
}
