package dev.stampede.etcd;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * How the tests get an etcd cluster: a {@link LocalEtcdCluster} of the binary at {@code STAMPEDE_TEST_ETCD_BIN}, else
 * of {@code etcd} on the {@code PATH}. Without a binary the tests are skipped, except in CI ({@code CI=true}), where
 * they fail rather than quietly pass.
 */
final class TestEtcd {

    static final String BINARY_VARIABLE = "STAMPEDE_TEST_ETCD_BIN";

    private TestEtcd() {}

    /** A new three-member cluster, its folder under {@code target/}; skips the calling test class if etcd is missing. */
    static LocalEtcdCluster startCluster() {
        return LocalEtcdCluster.start(binary(), Path.of("target", "etcd"));
    }

    /** The etcd binary's path; skips the calling test class if there is none (fails in CI). */
    static String binary() {
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
