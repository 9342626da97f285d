package dev.stampede.etcd;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The lease-lock contract on a local three-member etcd cluster. */
class EtcdLeaseLockTest extends EtcdContractHooks {

    private static LocalEtcdCluster cluster;
    private static EtcdLeaseLock lock;

    @BeforeAll
    static void startCluster() {
        cluster = TestEtcd.startCluster();
        lock = EtcdLeaseLock.connect(EtcdLockSettings.of(cluster.endpoints()));
    }

    @AfterAll
    static void stopCluster() {
        if (lock != null) {
            lock.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected EtcdLeaseLock lock() {
        return lock;
    }
}
