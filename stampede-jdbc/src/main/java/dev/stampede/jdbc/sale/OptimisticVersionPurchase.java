package dev.stampede.jdbc.sale;

import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.jdbc.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads stock and version without a lock, then writes only if the version is unchanged ({@code UPDATE ... WHERE
 * version = ?}). A buyer who lost the race retries in a new transaction after a jittered backoff, up to the policy's
 * cap; when the cap is reached the buyer is answered busy.
 */
final class OptimisticVersionPurchase extends JdbcPurchase {

    /** Marks an attempt that lost the version race; the transaction wrote nothing. */
    private static final PurchaseResult CONFLICT = new Busy("version conflict");

    private final RetryPolicy retry;
    private final Counter conflicts;
    private final DistributionSummary attempts;

    OptimisticVersionPurchase(Transactions transactions, OrderWriter orders, RetryPolicy retry, MeterRegistry meters) {
        super(transactions, orders);
        this.retry = retry;
        this.conflicts = Counter.builder("stampede.optimistic.conflicts")
                .description("Version conflicts: attempts that lost the race and were rolled back")
                .tag("strategy", name())
                .register(meters);
        this.attempts = DistributionSummary.builder("stampede.optimistic.attempts")
                .description("Attempts one purchase needed (1 = no conflict)")
                .tag("strategy", name())
                .register(meters);
    }

    @Override
    public String name() {
        return "optimistic";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            PurchaseResult result = transactions.inTransaction(connection -> once(connection, request));
            if (result != CONFLICT) {
                attempts.record(attempt);
                return result;
            }
            conflicts.increment();
            if (!retry.canRetryAfter(attempt)) {
                attempts.record(attempt);
                return new Busy("gave up after " + attempt + " version conflicts");
            }
            LockSupport.parkNanos(
                    retry.delayBefore(attempt, ThreadLocalRandom.current()).toNanos());
        }
    }

    private PurchaseResult once(java.sql.Connection connection, PurchaseRequest request) throws SQLException {
        int stock;
        long version;
        try (PreparedStatement select = connection.prepareStatement("SELECT stock, version FROM skus WHERE id = ?")) {
            select.setString(1, request.skuId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new UnknownSku(request.skuId());
                }
                stock = row.getInt(1);
                version = row.getLong(2);
            }
        }
        if (stock < request.quantity()) {
            return new SoldOut(stock);
        }
        int updated = update(
                connection,
                "UPDATE skus SET stock = ?, version = version + 1 WHERE id = ? AND version = ?",
                stock - request.quantity(),
                request.skuId(),
                version);
        if (!exactlyOne(updated, "versioned stock update")) {
            return CONFLICT;
        }
        return new Purchased(orders.insert(connection, request), false);
    }
}
