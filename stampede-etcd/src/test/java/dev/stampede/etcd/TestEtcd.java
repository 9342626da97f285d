package dev.stampede.etcd;

import dev.stampede.devservers.LocalEtcdCluster;
import dev.stampede.devservers.TestEtcdBinary;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The etcd a test class runs against (register it as a static extension): a new {@link LocalEtcdCluster} of the
 * {@link TestEtcdBinary} and a lock on it, both closed after the class (nested classes share them).
 */
final class TestEtcd implements BeforeAllCallback, AfterAllCallback {

    private Class<?> owner;
    private LocalEtcdCluster cluster;
    private EtcdLeaseLock lock;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner == null) {
            owner = context.getRequiredTestClass();
            cluster = LocalEtcdCluster.start(TestEtcdBinary.path(), Path.of("target", "etcd"));
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
}
