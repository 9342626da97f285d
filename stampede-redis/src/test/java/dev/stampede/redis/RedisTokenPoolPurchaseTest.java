package dev.stampede.redis;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.testkit.PurchaseStrategyContract;
import java.time.Clock;
import java.util.OptionalInt;
import org.junit.jupiter.api.Assumptions;

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

    /** The per-buyer cases are not run: {@code tokens} refuses a SKU with a limit until it enforces one. */
    @Override
    protected String newSku(int stock, OptionalInt maxPerBuyer) {
        Assumptions.assumeTrue(maxPerBuyer.isEmpty(), "tokens does not enforce maxPerBuyer yet (issue 13 item 6)");
        return fixture.newSku(stock);
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
