package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Transactions;
import java.util.OptionalInt;

/**
 * Deliberately wrong: reads the stock, then writes back what it computed, with no lock and no condition. Two buyers
 * that read the same stock both sell, and one decrement is lost. It exists to prove that the audit catches oversell.
 */
final class UnsafeReadModifyWritePurchase extends JdbcPurchase {

    UnsafeReadModifyWritePurchase(Transactions transactions, OrderWriter orders) {
        super(transactions, orders);
    }

    @Override
    public String name() {
        return "unsafe";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws java.sql.SQLException {
        return transactions.inTransaction(connection -> {
            OptionalInt stock = stock(connection, "SELECT stock FROM skus WHERE id = ?", request.skuId());
            if (stock.isEmpty()) {
                return new UnknownSku(request.skuId());
            }
            if (stock.getAsInt() < request.quantity()) {
                return new SoldOut(stock.getAsInt());
            }
            update(
                    connection,
                    "UPDATE skus SET stock = ? WHERE id = ?",
                    stock.getAsInt() - request.quantity(),
                    request.skuId());
            return new Purchased(orders.insert(connection, request), false);
        });
    }
}
