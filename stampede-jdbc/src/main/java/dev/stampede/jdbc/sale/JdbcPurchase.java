package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Decision;
import dev.stampede.jdbc.Transactions.Ending;
import dev.stampede.jdbc.Transactions.Retried;
import java.sql.SQLException;
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

    /** Inserts the order and completes its claim, committing; a lost claim rolls everything back. */
    final Ending<PurchaseResult> sell(Sql sql, PurchaseRequest request) throws SQLException {
        return switch (orders.insert(sql, request)) {
            case OrderWriter.Orders(var written) -> Transactions.commit(new Purchased(written.getFirst(), false));
            case OrderWriter.ClaimLost(PurchaseRequest lost) ->
                Transactions.rollback(new KeyInFlight(lost.idempotencyKey()));
        };
    }

    /** The SKU's stock as {@code sql} (selecting stock by id) reads it; empty if there is no such SKU. */
    static OptionalInt stock(Sql sql, String select, String skuId) throws SQLException {
        return sql.queryFirst(select, row -> row.getInt(1), skuId)
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }
}
