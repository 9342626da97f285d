package dev.stampede.bench.report;

import dev.stampede.devservers.LocalHaproxy.BalancerCounters;
import java.util.Map;
import java.util.Optional;

/**
 * What the balancer in front of the instances did during a run, from its own statistics (HAProxy's {@code show stat},
 * {@link BalancerCounters}, before subtracted from after): the 503s a run's buyers got that no instance sent (issue 16:
 * behind HAProxy, buyers answered {@code busy} while every instance's own count of its answers added up to the units
 * sold). Present for runs behind a local balancer.
 *
 * @param answered5xx 5xx answers the balancer sent to the bench, its own and the instances'
 * @param instances5xx of those, the ones the instances sent
 * @param connectErrors connects to an instance that failed or timed out
 * @param retries connects tried again
 * @param redispatches requests sent to another instance after a failed connect
 * @param instancesMarkedDown times an instance went from up to down by its health checks
 */
public record BalancerFigures(
        long answered5xx,
        long instances5xx,
        long connectErrors,
        long retries,
        long redispatches,
        long instancesMarkedDown) {

    private static final String PREFIX = "balancer_";
    private static final String ANSWERED_5XX = PREFIX + "answered_5xx";
    private static final String INSTANCES_5XX = PREFIX + "instances_5xx";
    private static final String CONNECT_ERRORS = PREFIX + "connect_errors";
    private static final String RETRIES = PREFIX + "retries";
    private static final String REDISPATCHES = PREFIX + "redispatches";
    private static final String MARKED_DOWN = PREFIX + "instances_marked_down";

    /** The balancer's counters as run counters (a run's are the difference of two readings). */
    public static Map<String, Long> counters(BalancerCounters counters) {
        return Map.of(
                ANSWERED_5XX, counters.answered5xx(),
                INSTANCES_5XX, counters.servers5xx(),
                CONNECT_ERRORS, counters.connectErrors(),
                RETRIES, counters.retries(),
                REDISPATCHES, counters.redispatches(),
                MARKED_DOWN, counters.serversMarkedDown());
    }

    /** The figures of a run behind a balancer; empty for the other runs. */
    public static Optional<BalancerFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(ANSWERED_5XX)) {
            return Optional.empty();
        }
        return Optional.of(new BalancerFigures(
                counters.get(ANSWERED_5XX),
                counters.getOrDefault(INSTANCES_5XX, 0L),
                counters.getOrDefault(CONNECT_ERRORS, 0L),
                counters.getOrDefault(RETRIES, 0L),
                counters.getOrDefault(REDISPATCHES, 0L),
                counters.getOrDefault(MARKED_DOWN, 0L)));
    }

    /** The 5xx answers the balancer sent of its own: no instance up, or none reached in time. */
    public long balancers5xx() {
        return answered5xx - instances5xx;
    }
}
