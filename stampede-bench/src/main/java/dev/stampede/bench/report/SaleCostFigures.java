package dev.stampede.bench.report;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What a run's sales cost the service's stores, from its metrics (summed over instances, before subtracted from after;
 * background jobs of the same interval included): the Redis commands it sent, the Lua scripts (its writes to Redis)
 * each Redis node answered, and the connections it borrowed from its database pools. On a Redis Cluster each master is
 * a shard, so {@link #busiestShardShare()} is what shows a sale sharded (issue 16: at most 1/N + 10% of the writes on
 * N shards; one counter key: 100%).
 *
 * @param redisCalls Redis commands completed
 * @param scriptsByNode Lua scripts ({@code EVALSHA}, {@code EVAL}) by the address of the node that answered them
 * @param databaseUses connections borrowed from the database pools (one per transaction or batch)
 */
public record SaleCostFigures(long redisCalls, Map<String, Long> scriptsByNode, long databaseUses) {

    public static final String REDIS_CALLS = "redis_calls";
    public static final String DATABASE_USES = "database_connection_uses";
    private static final String SCRIPTS_AT = "redis_scripts_at_";

    public SaleCostFigures {
        scriptsByNode = Map.copyOf(scriptsByNode);
    }

    /** The run counter holding the scripts answered by the Redis node at {@code node}. */
    public static String scriptsAt(String node) {
        return SCRIPTS_AT + node;
    }

    /** The figures of a run that measured them; empty for the other runs. */
    public static Optional<SaleCostFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(REDIS_CALLS)) {
            return Optional.empty();
        }
        Map<String, Long> scripts = new TreeMap<>();
        counters.forEach((name, value) -> {
            if (name.startsWith(SCRIPTS_AT) && value > 0) {
                scripts.put(name.substring(SCRIPTS_AT.length()), value);
            }
        });
        return Optional.of(
                new SaleCostFigures(counters.get(REDIS_CALLS), scripts, counters.getOrDefault(DATABASE_USES, 0L)));
    }

    /** The share (0 to 1) of the scripts answered by the node that answered most; empty when no script ran. */
    public OptionalDouble busiestShardShare() {
        long total = scriptsByNode.values().stream().mapToLong(Long::longValue).sum();
        return total == 0
                ? OptionalDouble.empty()
                : OptionalDouble.of((double) scriptsByNode.values().stream()
                                .mapToLong(Long::longValue)
                                .max()
                                .orElseThrow()
                        / total);
    }

    /** {@code count} per sale; 0 when nothing was sold. */
    public static double perSale(long count, long sales) {
        return sales == 0 ? 0 : (double) count / sales;
    }
}
