package dev.stampede.devservers;

import org.junit.jupiter.api.Assumptions;

/**
 * Whether the tests can start a {@link LocalRedisCluster}: without Debian's {@code redis-server} and {@code redis-cli}
 * the calling test is skipped, except in CI ({@code CI=true}), where it fails rather than quietly passes. Shared with
 * the modules whose contracts also run on a cluster (this module's test-jar).
 */
public final class TestRedisCluster {

    private TestRedisCluster() {}

    /** Returns if a cluster can be started; skips the calling test if not (fails in CI). */
    public static void require() {
        if (LocalRedisCluster.findBinaries().isPresent()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but redis-server or redis-cli is missing: CI must run the Redis"
                    + " Cluster tests (.ci/run installs redis-server and redis-tools)");
        }
        Assumptions.abort(
                "no redis-server or redis-cli: Redis Cluster tests skipped (" + LocalRedisCluster.INSTALL_HINT + ")");
    }
}
