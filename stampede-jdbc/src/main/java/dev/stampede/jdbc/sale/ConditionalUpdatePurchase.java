package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One statement decides: {@code UPDATE ... SET stock = stock - q WHERE id = ? AND stock >= q}, returning the SKU's
 * per-buyer limit, which the buyer's units are then taken under ({@link BuyerUnits}). The database re-checks
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
            Optional<Stock> left = stock(
                    sql,
                    "UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ? RETURNING stock, max_per_buyer",
                    request.quantity(),
                    request.skuId(),
                    request.quantity());
            if (left.isPresent()) {
                return sell(sql, request, left.get().maxPerBuyer());
            }
            Optional<Stock> stock = stock(sql, "SELECT stock, max_per_buyer FROM skus WHERE id = ?", request.skuId());
            return Transactions.commit(
                    stock.isEmpty()
                            ? new UnknownSku(request.skuId())
                            : new SoldOut(stock.get().units()));
        });
    }
}
