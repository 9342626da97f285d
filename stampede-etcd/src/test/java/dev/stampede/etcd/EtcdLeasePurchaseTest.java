package dev.stampede.etcd;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import dev.stampede.jdbc.sale.JdbcLeaseSaleStore;
import dev.stampede.testkit.LeasePurchaseContract;
import dev.stampede.testkit.LeaseSaleStore;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease purchase contract, stale holders included, with its leases on a local three-member etcd cluster. */
class EtcdLeasePurchaseTest extends LeasePurchaseContract {

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd();

    @Override
    protected LeaseLock lock() {
        return ETCD.lock();
    }

    @Override
    protected Duration ttl() {
        return EtcdContractHooks.TTL;
    }

    @Override
    protected void outlive(Lease lease) {
        EtcdContractHooks.expire(ETCD.lock(), lease);
    }

    @Override
    protected LeaseSaleStore store() {
        return JdbcLeaseSaleStore.POSTGRES;
    }
}
