package dev.stampede.etcd;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease-lock contract on a local three-member etcd cluster. */
class EtcdLeaseLockTest extends EtcdContractHooks {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd();

    @Override
    protected EtcdLeaseLock lock() {
        return ETCD.lock();
    }
}
