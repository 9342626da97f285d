package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.OverBuyerLimit;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Transactions;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Deliberately wrong: reads the stock, then writes back what it computed, with no lock and no condition. Two buyers
 * that read the same stock both sell, and one decrement is lost. Its per-buyer limit is as wrong: it sums the buyer's
 * orders, then sells if the limit allows, so two purchases of one buyer that read the same sum both pass. It exists
 * to prove that the audit catches oversell and buyers over their limit.
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
            Optional<Stock> stock = stock(sql, "SELECT stock, max_per_buyer FROM skus WHERE id = ?", request.skuId());
            if (stock.isEmpty()) {
                return Transactions.commit(new UnknownSku(request.skuId()));
            }
            int units = stock.get().units();
            if (units < request.quantity()) {
                return Transactions.commit(new SoldOut(units));
            }
            OptionalInt max = stock.get().maxPerBuyer();
            if (max.isPresent()) {
                int held = sql.queryOne(
                        "SELECT coalesce(sum(quantity), 0) FROM orders WHERE sku_id = ? AND buyer_id = ?",
                        row -> row.getInt(1),
                        request.skuId(),
                        request.buyerId());
                if (held + request.quantity() > max.getAsInt()) {
                    return Transactions.commit(new OverBuyerLimit(max.getAsInt(), held));
                }
            }
            sql.update("UPDATE skus SET stock = ? WHERE id = ?", units - request.quantity(), request.skuId());
            return sell(sql, request, OptionalInt.empty());
        });
    }
}
