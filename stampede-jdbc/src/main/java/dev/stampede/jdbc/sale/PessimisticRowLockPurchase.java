package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.SqlDialect;
import dev.stampede.jdbc.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Locks the SKU row with {@code SELECT ... FOR UPDATE}, after setting the transaction's lock timeout, so that buyers
 * queue on the row and a buyer who waits longer than the timeout is answered busy instead of hanging.
 */
final class PessimisticRowLockPurchase extends JdbcPurchase {

    private final Duration lockTimeout;
    private final Timer lockWait;

    PessimisticRowLockPurchase(
            Transactions transactions, OrderWriter orders, Duration lockTimeout, MeterRegistry meters) {
        super(transactions, orders);
        this.lockTimeout = lockTimeout;
        this.lockWait = Timer.builder("stampede.lock.wait")
                .description("Time spent waiting for the SKU row lock")
                .tag("strategy", name())
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        return transactions.inTransaction(connection -> {
            SqlDialect.POSTGRESQL.setLockTimeout(connection, lockTimeout);
            long start = System.nanoTime();
            OptionalInt stock;
            try {
                stock = stock(connection, "SELECT stock FROM skus WHERE id = ? FOR UPDATE", request.skuId());
            } finally {
                lockWait.record(Duration.ofNanos(System.nanoTime() - start));
            }
            if (stock.isEmpty()) {
                return new UnknownSku(request.skuId());
            }
            if (stock.getAsInt() < request.quantity()) {
                return new SoldOut(stock.getAsInt());
            }
            exactlyOne(
                    update(
                            connection,
                            "UPDATE skus SET stock = stock - ? WHERE id = ?",
                            request.quantity(),
                            request.skuId()),
                    "locked stock update");
            return new Purchased(orders.insert(connection, request), false);
        });
    }
}
