package dev.stampede.redis;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.jdbc.sale.ClockedLeasePurchaseContract;
import java.util.UUID;

class RedisLeasePurchaseTest extends ClockedLeasePurchaseContract {

    private final LeaseLock lock =
            new RedisLeaseLock(TestRedis.connection(), "test-" + UUID.randomUUID() + ":", clock());

    @Override
    protected LeaseLock lock() {
        return lock;
    }
}
