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
 * Deliberately wrong: reads the stock, then writes back what it computed, with no lock and no condition. Two buyers
 * that read the same stock both sell, and one decrement is lost. It exists to prove that the audit catches oversell.
 */
final class UnsafeReadModifyWritePurchase extends JdbcPurchase {

    UnsafeReadModifyWritePurchase(
            Transactions transactions, OrderWriter orders, RetryPolicy retry, PurchaseListener listener) {
        super(transactions, orders, retry, listener);
    }

    @Override
    public String name() {
        return "unsafe";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        return inTransaction(sql -> {
            OptionalInt stock = stock(sql, "SELECT stock FROM skus WHERE id = ?", request.skuId());
            if (stock.isEmpty()) {
                return Transactions.commit(new UnknownSku(request.skuId()));
            }
            if (stock.getAsInt() < request.quantity()) {
                return Transactions.commit(new SoldOut(stock.getAsInt()));
            }
            sql.update(
                    "UPDATE skus SET stock = ? WHERE id = ?", stock.getAsInt() - request.quantity(), request.skuId());
            return sell(sql, request);
        });
    }
}
