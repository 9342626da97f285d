package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
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

    ConditionalUpdatePurchase(Transactions transactions, OrderWriter orders) {
        super(transactions, orders);
    }

    @Override
    public String name() {
        return "conditional";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        return transactions.inTransaction(connection -> {
            int updated = update(
                    connection,
                    "UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?",
                    request.quantity(),
                    request.skuId(),
                    request.quantity());
            if (exactlyOne(updated, "conditional stock update")) {
                return new Purchased(orders.insert(connection, request), false);
            }
            OptionalInt stock = stock(connection, "SELECT stock FROM skus WHERE id = ?", request.skuId());
            return stock.isEmpty() ? new UnknownSku(request.skuId()) : new SoldOut(stock.getAsInt());
        });
    }
}
