package dev.stampede.redis;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.testkit.PurchaseStrategyContract;
import java.time.Clock;
import java.util.OptionalInt;

/**
 * The purchase contract for the {@code tokens} strategy on its Redis pool: the embedded Redis, or the real one named by
 * {@code STAMPEDE_TEST_REDIS_URL}; the ledger on the embedded PostgreSQL.
 */
class RedisTokenPoolPurchaseTest extends PurchaseStrategyContract {

    private final TokenFixture fixture = TokenFixture.on(TestRedis.connection(), Clock.systemUTC());

    @Override
    protected PurchaseStrategy strategy() {
        return fixture.sale();
    }

    @Override
    protected String newSku(int stock, OptionalInt maxPerBuyer) {
        return fixture.newSku(stock, maxPerBuyer);
    }

    @Override
    protected SaleAudit audit(String skuId) {
        return fixture.audit(skuId);
    }

    @Override
    protected IdempotencyStore idempotencyStore() {
        return TokenFixture.IDEMPOTENCY;
    }
}
