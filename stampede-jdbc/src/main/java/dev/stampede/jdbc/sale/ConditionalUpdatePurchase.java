package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.util.OptionalInt;

/**
 * One statement decides: {@code UPDATE ... SET stock = stock - q WHERE id = ? AND stock >= q}. The database re-checks
 * the condition on the latest row version, so no read can go stale; the order is inserted in the same transaction.
 */
final class ConditionalUpdatePurchase extends JdbcPurchase {

    ConditionalUpdatePurchase(
            Transactions transactions, OrderWriter orders, RetryPolicy retry, PurchaseListener listener) {
        super(transactions, orders, retry, listener);
    }

    @Override
    public String name() {
        return "conditional";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        return inTransaction(sql -> {
            if (sql.updateOne(
                    "conditional stock update",
                    "UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?",
                    request.quantity(),
                    request.skuId(),
                    request.quantity())) {
                return sell(sql, request);
            }
            OptionalInt stock = stock(sql, "SELECT stock FROM skus WHERE id = ?", request.skuId());
            return Transactions.commit(
                    stock.isEmpty() ? new UnknownSku(request.skuId()) : new SoldOut(stock.getAsInt()));
        });
    }
}
