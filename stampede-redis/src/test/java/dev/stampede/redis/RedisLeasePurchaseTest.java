package dev.stampede.redis;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.jdbc.sale.JdbcLeaseSaleStore;
import dev.stampede.testkit.ClockedLeasePurchaseContract;
import dev.stampede.testkit.LeaseSaleStore;
import java.util.UUID;

class RedisLeasePurchaseTest extends ClockedLeasePurchaseContract {

    private final LeaseLock lock =
            new RedisLeaseLock(TestRedis.connection().sync(), "test-" + UUID.randomUUID() + ":", clock());

    @Override
    protected LeaseLock lock() {
        return lock;
    }

    @Override
    protected LeaseSaleStore store() {
        return JdbcLeaseSaleStore.POSTGRES;
    }
}
