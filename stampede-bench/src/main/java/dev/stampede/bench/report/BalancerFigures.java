package dev.stampede.bench.report;

import dev.stampede.devservers.LocalHaproxy.BalancerCounters;
import java.util.Map;
import java.util.Optional;

/**
 * What the balancer in front of the instances did during a run, from its own statistics (HAProxy's {@code show stat},
 * {@link BalancerCounters}, before subtracted from after), carried as run counters: the 503s a run's buyers got that no
 * instance sent (issue 16: behind HAProxy, buyers answered {@code busy} while every instance's own count of its answers
 * added up to the units sold). Present for runs behind a local balancer.
 */
public final class BalancerFigures {

    private static final String PREFIX = "balancer_";
    private static final String ANSWERED_5XX = PREFIX + "answered_5xx";
    private static final String INSTANCES_5XX = PREFIX + "instances_5xx";
    private static final String GIVEN_UP_AFTER_CONNECTS = PREFIX + "given_up_after_connects";
    private static final String GIVEN_UP_WITHOUT_INSTANCE = PREFIX + "given_up_without_instance";
    private static final String RETRIES = PREFIX + "retries_on_same_instance";
    private static final String REDISPATCHES = PREFIX + "redispatches";
    private static final String MARKED_DOWN = PREFIX + "instances_marked_down";
    private static final String PANIC_ROUTED = PREFIX + "answered_with_every_instance_down";

    private BalancerFigures() {}

    /** The balancer's counters as run counters (a run's are the difference of two readings). */
    public static Map<String, Long> counters(BalancerCounters counters) {
        return Map.of(
                ANSWERED_5XX, counters.answered5xx(),
                INSTANCES_5XX, counters.servers5xx(),
                GIVEN_UP_AFTER_CONNECTS, counters.givenUpAfterConnects(),
                GIVEN_UP_WITHOUT_INSTANCE, counters.givenUpWithoutServer(),
                RETRIES, counters.retriesOnSameServer(),
                REDISPATCHES, counters.redispatches(),
                MARKED_DOWN, counters.serversMarkedDown(),
                PANIC_ROUTED, counters.panicRouted());
    }

    /** The balancer's counters over a run behind one (the servers are the instances); empty for the other runs. */
    public static Optional<BalancerCounters> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(ANSWERED_5XX)) {
            return Optional.empty();
        }
        return Optional.of(new BalancerCounters(
                counters.get(ANSWERED_5XX),
                counters.getOrDefault(INSTANCES_5XX, 0L),
                counters.getOrDefault(GIVEN_UP_AFTER_CONNECTS, 0L),
                counters.getOrDefault(GIVEN_UP_WITHOUT_INSTANCE, 0L),
                counters.getOrDefault(RETRIES, 0L),
                counters.getOrDefault(REDISPATCHES, 0L),
                counters.getOrDefault(MARKED_DOWN, 0L),
                counters.getOrDefault(PANIC_ROUTED, 0L)));
    }
}
