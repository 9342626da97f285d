package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.testkit.SaleFuzz;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restock beside every strategy's decisive step loses no unit and sells none twice: it moves the stock by a delta,
 * under the row lock the locking strategies hold, and bumps the version (an optimistic write that read before it is
 * retried) and the fence (a lease holder that read before it is refused and tries again).
 */
class RestockTest {

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "pessimistic", "optimistic", "batched", "lease"})
    void restocksDuringASaleAreNeitherLostNorOversold(String strategy) throws InterruptedException {
        String sku = JdbcPurchaseContract.newSku(strategy, 50, OptionalInt.empty());
        CountDownLatch selling = new CountDownLatch(1);
        Thread restocker = Thread.ofVirtual().start(() -> {
            awaitQuietly(selling);
            for (int i = 0; i < 10; i++) {
                assertThat(JdbcPurchaseContract.SKUS.restock(sku, 5)).isPresent();
            }
        });

        SaleFuzz.Outcome outcome =
                SaleFuzz.run(JdbcPurchaseContract.STRATEGIES.named(strategy).orElseThrow(), 32, 200, i -> {
                    selling.countDown();
                    return PurchaseRequest.of(sku, "buyer-" + i, 1);
                });
        restocker.join();

        SaleAudit audit = JdbcPurchaseContract.SKUS.audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.initialStock()).isEqualTo(100);
        assertThat(audit.orders()).isEqualTo(outcome.of(Purchased.class).size());
        assertThat(audit.stock()).isEqualTo(100 - audit.orders());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
