package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.MutableClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code quota} SKU's audit counts the write-ahead records still pending in its buckets (issue 13): takes whose
 * buyers were answered {@code outcome-unknown} because their orders could not be written (a test transaction holds
 * {@code LOCK TABLE orders IN EXCLUSIVE MODE}: writes wait, reads go on), so that an auditor waits for them. Once the
 * lock goes and the reconciler has settled them, the count is 0 and the orders are there. Time is a {@link
 * MutableClock}: the reconciler acts on records older than {@link #REDRIVE_AFTER}.
 */
class QuotaPendingOrdersTest {

    private static final Duration REDRIVE_AFTER = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.now());
    private final QuotaStock stock = QuotaStock.of(
            TestRedis.connection().sync(),
            "quota-pending-" + UUID.randomUUID() + ":",
            QuotaLayout.oneRegion(4),
            RedisSale.copies(TestDatabase.dataSource()),
            clock);

    /** Buyers wait 300 ms for their order's batch, then are answered outcome-unknown. */
    private final QuotaPurchase strategy = new QuotaPurchase(
            stock,
            new RedisStockPurchase.Writes(100, 500, Duration.ofMillis(300)),
            QuotaPurchase.Steps.NONE,
            PurchaseListener.NONE);

    private final SkuStore skus = strategy.skus(RedisSale.SKUS);

    @AfterEach
    void close() {
        strategy.close();
    }

    @Test
    void theAuditOfAQuotaSkuCountsTheRecordsPendingInItsBucketsAndZeroOnceTheyAreSettled() throws SQLException {
        String sku = RedisSale.newSku("quota", 8, OptionalInt.empty());
        try (Connection holder = TestDatabase.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE orders IN EXCLUSIVE MODE");
            }
            for (String buyer : new String[] {"ann", "ben", "cy"}) {
                assertThatThrownBy(() -> strategy.purchase(PurchaseRequest.of(sku, buyer, 1)))
                        .isInstanceOf(OutcomeUnknownException.class);
            }

            SaleAudit pending = skus.audit(sku).orElseThrow();

            assertThat(pending.pendingOrders()).isEqualTo(3);
            assertThat(pending.orders()).isZero();
            holder.rollback();
        }
        clock.advance(REDRIVE_AFTER.plusSeconds(1));
        strategy.reconciler(REDRIVE_AFTER).reconcile();

        SaleAudit settled = skus.audit(sku).orElseThrow();

        assertThat(settled.pendingOrders()).isZero();
        assertThat(settled.orders()).isEqualTo(3);
        assertThat(settled.violations()).isEmpty();
        assertThat(skus.audit(RedisSale.newSku(5)).orElseThrow().pendingOrders())
                .as("a redis SKU's audit is the store's")
                .isZero();
    }
}
