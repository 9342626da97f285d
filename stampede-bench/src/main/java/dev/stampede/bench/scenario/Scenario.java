package dev.stampede.bench.scenario;

import dev.stampede.bench.report.RunOrder;
import dev.stampede.bench.report.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One experiment set up on its targets with its load, ready to run: the shape through which {@code stampede bench}
 * runs every scenario the same way (choose the strategies, warm up, measure the ceiling, run each strategy, audit each
 * run, report). An implementation owns none of its targets: whoever opened them closes them.
 */
public interface Scenario {

    /** One line saying what is driven (the instances and database, or the endpoint), printed before the runs. */
    String describe();

    /**
     * What this scenario can compare, in report order: the strategies the service offers for its kind of resource, or
     * the one request of generic mode. Asks the service, so it may fail like any request.
     */
    List<String> strategies();

    /** Warms the JIT of the bench and the service with each of {@code strategies}, reporting nothing; default: none. */
    default void warmUp(List<String> strategies) {}

    /**
     * The same load against a no-op endpoint: what this harness can do on this machine, to read every figure against.
     * Empty (the default) when the scenario has no such endpoint.
     */
    default Optional<RunResult> ceiling() {
        return Optional.empty();
    }

    /**
     * One measured run of {@code strategy} (one of {@link #strategies()}) on fresh data (a new SKU, show or accounts),
     * audited afterwards; {@code run} numbers the strategy's runs from 1.
     */
    RunResult run(String strategy, int run);

    /**
     * Runs each of {@code strategies} {@code runs} times, in rounds: round {@code k} runs every strategy once as run
     * {@code k}, in the order {@link RunOrder#ofRound} gives (rotated by one each round, so that no strategy always runs
     * warmest), and each result keeps its position in its round ({@link RunOrder#POSITION}); {@code afterEach} sees
     * every result as soon as its run ends.
     */
    default List<RunResult> run(List<String> strategies, int runs, Consumer<RunResult> afterEach) {
        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= runs; round++) {
            List<String> order = RunOrder.ofRound(strategies, round);
            for (int position = 1; position <= order.size(); position++) {
                RunResult result =
                        run(order.get(position - 1), round).withCounters(Map.of(RunOrder.POSITION, (long) position));
                results.add(result);
                afterEach.accept(result);
            }
        }
        return results;
    }
}
