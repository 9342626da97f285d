package dev.stampede.devservers;

import org.junit.jupiter.api.Assumptions;

/**
 * Whether the tests can start a {@link LocalHaproxy}: without a {@code haproxy} binary the calling test is skipped,
 * except in CI ({@code CI=true}), where it fails rather than quietly passes. Shared with the modules whose tests run
 * instances behind the balancer (this module's test-jar).
 */
public final class TestHaproxyBinary {

    private TestHaproxyBinary() {}

    /** Returns if haproxy can be started; skips the calling test if not (fails in CI). */
    public static void require() {
        if (LocalHaproxy.findBinary().isPresent()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(
                    "CI=true but there is no haproxy binary: CI must run the balancer tests (.ci/run installs haproxy)");
        }
        Assumptions.abort("no haproxy binary: balancer tests skipped (" + LocalHaproxy.INSTALL_HINT + ")");
    }
}
