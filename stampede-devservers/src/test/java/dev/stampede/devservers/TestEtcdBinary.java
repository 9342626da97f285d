package dev.stampede.devservers;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The etcd binary the tests start clusters from: the one at {@code STAMPEDE_TEST_ETCD_BIN}, else {@code etcd} on the
 * {@code PATH}. Without one the calling test is skipped, except in CI ({@code CI=true}), where it fails rather than
 * quietly passes. Shared with the modules whose tests run against a {@link LocalEtcdCluster} (this module's test-jar).
 */
public final class TestEtcdBinary {

    static final String BINARY_VARIABLE = "STAMPEDE_TEST_ETCD_BIN";

    private TestEtcdBinary() {}

    /** The etcd binary's path; skips the calling test class if there is none (fails in CI). */
    public static String path() {
        String configured = System.getenv(BINARY_VARIABLE);
        Optional<Path> binary = LocalEtcdCluster.findBinary(configured);
        if (binary.isEmpty()) {
            String missing = configured == null || configured.isBlank()
                    ? "no etcd binary on the PATH"
                    : BINARY_VARIABLE + "=" + configured + " is not an executable etcd binary";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + missing
                        + ": CI must run the etcd tests against a real etcd (.ci/run installs etcd-server)");
            }
            Assumptions.abort(missing + ": etcd tests skipped (" + LocalEtcdCluster.INSTALL_HINT + ", or set "
                    + BINARY_VARIABLE + ")");
        }
        return binary.get().toString();
    }
}
