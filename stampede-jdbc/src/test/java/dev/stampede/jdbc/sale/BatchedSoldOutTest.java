package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.jdbc.CountingDataSource;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code batched} after the last unit (issue 17 item 2, the last ticket): a batch that sells nothing ends without a
 * commit, so the herd behind the last unit does not wait for the log to be flushed once per batch.
 */
class BatchedSoldOutTest {

    @Test
    void aBatchThatSellsNothingIsAnsweredSoldOutWithoutACommit() {
        CountingDataSource counted = new CountingDataSource(TestDatabase.dataSource());
        String sku = "batched-last-" + UUID.randomUUID();
        JdbcPurchaseContract.SKUS.create(sku, "item", "batched", 1);
        try (BatchedPurchase batched = new BatchedPurchase(
                "batched",
                new Transactions(counted.dataSource()),
                new OrderWriter(Clock.systemUTC()),
                100,
                500,
                Duration.ofSeconds(30),
                StrategySettings.defaults().retry(),
                PurchaseListener.NONE)) {
            assertThat(batched.purchase(PurchaseRequest.of(sku, "winner", 1))).isInstanceOf(Purchased.class);
            assertThat(batched.purchase(PurchaseRequest.of(sku, "late", 1))).isEqualTo(new SoldOut(0));
        }

        assertThat(counted.connections()).as("one transaction per batch").hasValue(2);
        assertThat(counted.commits()).as("only the winner's batch committed").hasValue(1);
        assertThat(JdbcPurchaseContract.SKUS.audit(sku).orElseThrow().orders()).isEqualTo(1);
    }
}
