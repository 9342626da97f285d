package dev.stampede.server.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.SkuStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Putting a SKU on sale tells its strategy, and only its strategy, once the SKU was created
 * ({@link PurchaseStrategy#putOnSale}): a refused creation tells no one.
 */
class SalesPutOnSaleTest {

    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Probe redis = new Probe("redis");
    private final Probe quota = new Probe("quota");
    private final Sales sales = new Sales(
            new CreatingSkus(),
            List.of(redis, quota),
            new UnusedIdempotency(),
            new Sales.Turns(8, 16, Duration.ofSeconds(1)),
            false,
            new PurchaseMetrics(new SimpleMeterRegistry(), "jdbc"));

    @Test
    void theStrategyOfANewSkuIsToldItIsOnSale() {
        assertThat(sales.create("sku-1", "Sku 1", "quota", 10, OptionalInt.empty()))
                .isEmpty();

        assertThat(quota.putOnSale).containsExactly("sku-1");
        assertThat(redis.putOnSale).isEmpty();
    }

    @Test
    void aRefusedSkuIsPutOnSaleByNoStrategy() {
        created.add("taken");

        assertThat(sales.create("taken", "Taken", "redis", 10, OptionalInt.empty()))
                .contains(Sales.Refusal.ID_TAKEN);
        assertThat(sales.create("sku-2", "Sku 2", "unknown", 10, OptionalInt.empty()))
                .contains(Sales.Refusal.UNKNOWN_STRATEGY);

        assertThat(redis.putOnSale).isEmpty();
        assertThat(quota.putOnSale).isEmpty();
    }

    /** A strategy that only records the SKUs it was told are on sale. */
    private static final class Probe implements PurchaseStrategy {
        private final String name;
        final List<String> putOnSale = new CopyOnWriteArrayList<>();

        Probe(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public PurchaseResult purchase(PurchaseRequest request) {
            throw new UnsupportedOperationException("not bought from in this test");
        }

        @Override
        public void putOnSale(String skuId) {
            putOnSale.add(skuId);
        }
    }

    /** Creates every SKU whose id is not in {@link #created} yet; nothing else is used. */
    private final class CreatingSkus implements SkuStore {
        @Override
        public boolean create(String id, String name, String strategy, int stock, OptionalInt maxPerBuyer) {
            return created.add(id);
        }

        @Override
        public Optional<Sku> restock(String id, int units) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Sku> find(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SaleAudit> audit(String id) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class UnusedIdempotency implements IdempotencyStore {
        @Override
        public Claim claim(String buyerId, String key, String fingerprint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Claim> find(String buyerId, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void end(String buyerId, String key, UUID token, boolean ordered) {
            throw new UnsupportedOperationException();
        }
    }
}
