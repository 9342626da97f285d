package dev.stampede.etcd;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The etcd a test class runs against (register it as a static extension): a new {@link LocalEtcdCluster} of the
 * binary at {@code STAMPEDE_TEST_ETCD_BIN}, else of {@code etcd} on the {@code PATH}, and a lock on it, both closed
 * after the class (nested classes share them). Without a binary the class is skipped, except in CI ({@code CI=true}),
 * where it fails rather than quietly passes.
 */
final class TestEtcd implements BeforeAllCallback, AfterAllCallback {

    static final String BINARY_VARIABLE = "STAMPEDE_TEST_ETCD_BIN";

    private Class<?> owner;
    private LocalEtcdCluster cluster;
    private EtcdLeaseLock lock;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner == null) {
            owner = context.getRequiredTestClass();
            cluster = LocalEtcdCluster.start(binary(), Path.of("target", "etcd"));
            lock = EtcdLeaseLock.connect(EtcdLockSettings.of(cluster.endpoints()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass() != owner) {
            return;
        }
        if (lock != null) {
            lock.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    LocalEtcdCluster cluster() {
        return cluster;
    }

    EtcdLeaseLock lock() {
        return lock;
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
