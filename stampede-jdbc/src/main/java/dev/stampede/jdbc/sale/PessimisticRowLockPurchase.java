package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Locks the SKU row with {@code SELECT ... FOR UPDATE}, after setting the transaction's lock timeout, so that buyers
 * queue on the row and a buyer who waits longer than the timeout is answered busy instead of hanging. The wait for
 * the lock is reported to the listener ({@link PurchaseListener#lockWaited}).
 */
final class PessimisticRowLockPurchase extends JdbcPurchase {

    private final Duration lockTimeout;

    PessimisticRowLockPurchase(
            Transactions transactions,
            OrderWriter orders,
            RetryPolicy retry,
            Duration lockTimeout,
            PurchaseListener listener) {
        super(transactions, orders, retry, listener);
        this.lockTimeout = lockTimeout;
    }

    @Override
    public String name() {
        return "pessimistic";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        return inTransaction(sql -> {
            sql.dialect().setLockTimeout(sql, lockTimeout);
            long start = System.nanoTime();
            Optional<Stock> stock;
            try {
                stock = stock(sql, "SELECT stock, max_per_buyer FROM skus WHERE id = ? FOR UPDATE", request.skuId());
            } finally {
                listener.lockWaited(name(), Duration.ofNanos(System.nanoTime() - start));
            }
            if (stock.isEmpty()) {
                return Transactions.commit(new UnknownSku(request.skuId()));
            }
            if (stock.get().units() < request.quantity()) {
                return Transactions.commit(new SoldOut(stock.get().units()));
            }
            if (!sql.updateOne(
                    "locked stock update",
                    "UPDATE skus SET stock = stock - ? WHERE id = ?",
                    request.quantity(),
                    request.skuId())) {
                throw new IllegalStateException("the locked SKU row " + request.skuId() + " vanished");
            }
            return sell(sql, request, stock.get().maxPerBuyer());
        });
    }
}
