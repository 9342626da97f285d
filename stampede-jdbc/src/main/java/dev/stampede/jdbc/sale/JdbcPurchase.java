package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.OverBuyerLimit;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Decision;
import dev.stampede.jdbc.Transactions.Ending;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the SQL strategies share. Each purchase is one transaction run by {@link Transactions#retrying}: a lost race (a
 * version conflict, a serialization failure, a deadlock) is retried under the strategy's {@link RetryPolicy}, with
 * backoff, outside the transaction; this is safe with an idempotency key, because the claim is kept across attempts
 * and completed only by the attempt that commits. Any other transient SQL fault answers {@link Busy} at once, so does
 * a spent policy; a claim lost to a takeover answers {@link KeyInFlight} (nothing was committed); anything else is a
 * failure.
 */
abstract class JdbcPurchase implements PurchaseStrategy {

    final Transactions transactions;
    final OrderWriter orders;
    final RetryPolicy retry;
    final PurchaseListener listener;

    JdbcPurchase(Transactions transactions, OrderWriter orders, RetryPolicy retry, PurchaseListener listener) {
        this.transactions = transactions;
        this.orders = orders;
        this.retry = retry;
        this.listener = listener;
    }

    @Override
    public final PurchaseResult purchase(PurchaseRequest request) {
        try {
            return attempt(request);
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    /** One purchase; a non-transient {@link SQLException} it throws is a failure. */
    abstract PurchaseResult attempt(PurchaseRequest request) throws SQLException;

    /** Runs {@code work} as one purchase's transaction, retrying lost races; busy when that is all it gets. */
    final PurchaseResult inTransaction(Decision<PurchaseResult> work) throws SQLException {
        return transactions.retrying(retry, Retried.LOST_RACES, work, Busy::new);
    }

    /**
     * Takes the buyer's units under the SKU's per-buyer limit ({@code maxPerBuyer}, empty: none; see {@link
     * BuyerUnits}), inserts the order and completes its claim, committing; a buyer over the limit or a lost claim rolls
     * everything back, the stock update included.
     */
    final Ending<PurchaseResult> sell(Sql sql, PurchaseRequest request, OptionalInt maxPerBuyer) throws SQLException {
        Optional<OverBuyerLimit> over = BuyerUnits.take(sql, request, maxPerBuyer);
        if (over.isPresent()) {
            return Transactions.rollback(over.get());
        }
        return switch (orders.insert(sql, request)) {
            case OrderWriter.Orders(var written) -> Transactions.commit(new Purchased(written.getFirst(), false));
            case OrderWriter.ClaimLost(PurchaseRequest lost) ->
                Transactions.rollback(new KeyInFlight(lost.idempotencyKey()));
        };
    }

    /** A SKU's stock and its per-buyer limit, as read or returned by one statement. */
    record Stock(int units, OptionalInt maxPerBuyer) {

        /** The row's {@code stock} and {@code max_per_buyer}, in its first two columns. */
        static Stock of(ResultSet row) throws SQLException {
            return new Stock(row.getInt(1), BuyerUnits.limit(row, 2));
        }
    }

    /**
     * The SKU's stock and limit as {@code select} (a query or a write {@code RETURNING stock, max_per_buyer}) answers
     * them; empty if it answers no row.
     */
    static Optional<Stock> stock(Sql sql, String select, Object... parameters) throws SQLException {
        return sql.queryFirst(select, Stock::of, parameters);
    }
}
