package dev.stampede.redis;

import dev.stampede.core.lock.LeaseLock;
import dev.stampede.testkit.ClockedLeaseLockContract;
import java.util.UUID;

class RedisLeaseLockTest extends ClockedLeaseLockContract {

    private final LeaseLock lock =
            new RedisLeaseLock(TestRedis.connection().sync(), "test-" + UUID.randomUUID() + ":", clock());

    @Override
    protected LeaseLock lock() {
        return lock;
    }
}
