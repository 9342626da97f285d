package dev.stampede.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a run's purchases were spread over the service instances, from each instance's own metrics ({@code
 * stampede_purchases_total}, every strategy and outcome, before subtracted from after): what a reader checks to see
 * that a balancer in front of the instances spread the load. Present for runs against several local instances.
 *
 * @param purchases purchases answered by instance 1, 2, ... in the order the instances were started
 */
public record InstanceShares(List<Long> purchases) {

    public InstanceShares {
        purchases = List.copyOf(purchases);
    }

    /** The run counter holding the purchases answered by instance {@code index} (1-based). */
    public static String counter(int index) {
        return "instance_" + index + "_purchases";
    }

    /** The shares of a run that measured them; empty for the other runs. */
    public static Optional<InstanceShares> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        List<Long> purchases = new ArrayList<>();
        for (int index = 1; counters.containsKey(counter(index)); index++) {
            purchases.add(counters.get(counter(index)));
        }
        return purchases.isEmpty() ? Optional.empty() : Optional.of(new InstanceShares(purchases));
    }

    public long total() {
        return purchases.stream().mapToLong(Long::longValue).sum();
    }

    /** Instance {@code index}'s (1-based) share of all purchases, 0 to 1. */
    public double share(int index) {
        long total = total();
        return total == 0 ? 0 : (double) purchases.get(index - 1) / total;
    }
}
