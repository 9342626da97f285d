package dev.stampede.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order in which the strategies of one invocation ran (issue 15: in one JVM the strategy that runs later runs
 * warmer, which made {@code adaptive} look 1.57× {@code batched} once and 1.05× the next time). Runs go in rounds: round
 * {@code k} (from 1) runs every strategy once, in the chosen order rotated left by {@code k - 1}, so that over as many
 * rounds as strategies each strategy runs once in each position. Each run keeps its 1-based position in its round as
 * the counter {@link #POSITION}.
 */
public final class RunOrder {

    public static final String POSITION = "order_position";

    private RunOrder() {}

    /** The order of round {@code round} (1-based): {@code strategies} rotated left by {@code round - 1}. */
    public static List<String> ofRound(List<String> strategies, int round) {
        if (round < 1) {
            throw new IllegalArgumentException("rounds are numbered from 1, was " + round);
        }
        List<String> order = new ArrayList<>(strategies.size());
        for (int i = 0; i < strategies.size(); i++) {
            order.add(strategies.get((i + round - 1) % strategies.size()));
        }
        return List.copyOf(order);
    }

    /** The strategies of each round that kept its positions, in the order they ran, by round number. */
    public static Map<Integer, List<String>> rounds(List<RunResult> runs) {
        Map<Integer, List<RunResult>> byRound = new TreeMap<>();
        runs.stream()
                .filter(run -> run.counters().containsKey(POSITION))
                .forEach(run -> byRound.computeIfAbsent(run.run(), r -> new ArrayList<>())
                        .add(run));
        Map<Integer, List<String>> order = new TreeMap<>();
        byRound.forEach((round, inRound) -> order.put(
                round,
                inRound.stream()
                        .sorted(Comparator.comparingLong(run -> run.counters().get(POSITION)))
                        .map(RunResult::strategy)
                        .toList()));
        return order;
    }
}
