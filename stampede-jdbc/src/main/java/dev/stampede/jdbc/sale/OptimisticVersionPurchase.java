package dev.stampede.jdbc.sale;

import dev.stampede.core.adaptive.CountedPurchase;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.Transactions.Ending;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads stock and version without a lock, then writes only if the version is unchanged ({@code UPDATE ... WHERE
 * version = ?}). A buyer who lost the race rolls back and retries in a new transaction after a jittered backoff, up to
 * the policy's cap; when the cap is reached the buyer is answered busy. Each conflict and the attempts of each
 * purchase are reported to the listener.
 */
final class OptimisticVersionPurchase extends JdbcPurchase implements CountedPurchase {

    private final String name;

    /** {@code name}: {@code optimistic}, or the strategy whose optimistic path this is ({@code adaptive}). */
    OptimisticVersionPurchase(
            String name, Transactions transactions, OrderWriter orders, RetryPolicy retry, PurchaseListener listener) {
        super(transactions, orders, retry, listener);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        return attempt(request, (attempts, conflicts) -> {});
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request, Tally tally) {
        try {
            return attempt(request, tally);
        } catch (SQLException e) {
            throw Transactions.failure(e);
        }
    }

    private PurchaseResult attempt(PurchaseRequest request, Tally tally) throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        PurchaseResult result = inTransaction(sql -> {
            attempts.incrementAndGet();
            Ending<PurchaseResult> ending = once(sql, request);
            if (ending instanceof Transactions.Conflict<PurchaseResult>) {
                conflicts.incrementAndGet();
            }
            return ending;
        });
        listener.attempts(name(), attempts.get());
        tally.attempted(attempts.get(), conflicts.get());
        return result;
    }

    private record Versioned(int stock, long version, OptionalInt maxPerBuyer) {}

    private Ending<PurchaseResult> once(Sql sql, PurchaseRequest request) throws SQLException {
        Optional<Versioned> read = sql.queryFirst(
                "SELECT stock, version, max_per_buyer FROM skus WHERE id = ?",
                row -> new Versioned(row.getInt(1), row.getLong(2), BuyerUnits.limit(row, 3)),
                request.skuId());
        if (read.isEmpty()) {
            return Transactions.commit(new UnknownSku(request.skuId()));
        }
        int stock = read.get().stock();
        if (stock < request.quantity()) {
            return Transactions.commit(new SoldOut(stock));
        }
        if (!sql.updateOne(
                "versioned stock update",
                "UPDATE skus SET stock = ?, version = version + 1 WHERE id = ? AND version = ?",
                stock - request.quantity(),
                request.skuId(),
                read.get().version())) {
            listener.conflict(name());
            return Transactions.conflict("version conflict");
        }
        return sell(sql, request, read.get().maxPerBuyer());
    }
}
