package dev.stampede.jdbc.sale;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import dev.stampede.core.lock.TurnQueue;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.core.sale.StockMemory;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.sale.FencedStock.Claimed;
import dev.stampede.jdbc.sale.FencedStock.Refused;
import dev.stampede.jdbc.sale.FencedStock.Unknown;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes a distributed lease on the SKU ({@code sku:<id>}), then reads and writes the stock with no database lock, the
 * write fenced by the lease's token ({@link FencedStock}). A buyer who cannot get the lease within the maximum wait, or
 * whose lease service cannot decide, is answered busy; so is a holder whose write the fence refuses. Buyers of one SKU
 * queue in this process first ({@link TurnQueue}), so that one of them at a time asks the lease backend, and a buyer
 * whose turn comes after this process saw the stock run out is answered sold out without a lease. Refused writes and
 * turns that did not come in time are reported to the listener, by lease backend.
 */
final class LeasePurchase extends JdbcPurchase {

    private final LeaseSettings settings;
    private final FencedStock stock;
    private final TurnQueue queue = new TurnQueue();

    /**
     * The lowest stock read under a lease in this process, per SKU: an upper bound of the stock, which only purchases
     * change until units come back ({@link #stockReturned}).
     */
    private final StockMemory stockSeen = new StockMemory();

    LeasePurchase(
            Transactions transactions,
            OrderWriter orders,
            RetryPolicy retry,
            LeaseSettings settings,
            PurchaseListener listener) {
        super(transactions, orders, retry, listener);
        this.settings = settings;
        this.stock = new FencedStock(transactions);
    }

    @Override
    public String name() {
        return "lease";
    }

    @Override
    PurchaseResult attempt(PurchaseRequest request) throws SQLException {
        try {
            return queue.inTurn(request.skuId(), settings.maxWait(), left -> inTurn(request, left))
                    .orElseGet(() -> {
                        listener.leaseTurnTimedOut(settings.lock().backend());
                        return stillHeld();
                    });
        } catch (SqlFailure failure) {
            throw failure.getCause();
        }
    }

    /**
     * This process's turn for the SKU: answered from the stock seen under earlier leases when that is already too low
     * (until units come back, stock only shrinks), else under a lease.
     */
    private PurchaseResult inTurn(PurchaseRequest request, Duration maxWait) {
        int seen = stockSeen.atMost(request.skuId()).orElse(Integer.MAX_VALUE);
        if (seen < request.quantity()) {
            return new SoldOut(seen);
        }
        LeaseLock lock = settings.lock();
        Optional<Lease> lease;
        try {
            lease = lock.acquire(
                    "sku:" + request.skuId(), request.buyerId() + "#" + UUID.randomUUID(), settings.ttl(), maxWait);
        } catch (StoreUnavailableException e) {
            return new Busy("lock service unavailable: " + e.getMessage());
        }
        if (lease.isEmpty()) {
            return stillHeld();
        }
        try {
            return sellUnder(lease.get(), request);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        } finally {
            releaseQuietly(lock, lease.get());
        }
    }

    /** Carries a {@link SQLException} out of a turn (whose work cannot throw it), to be handled as every strategy's are. */
    private static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private Busy stillHeld() {
        return new Busy("the SKU's lease was still held by another buyer after " + settings.maxWait());
    }

    /** The read-modify-write done while holding {@code lease}; busy if the fence shows the lease was lost. */
    PurchaseResult sellUnder(Lease lease, PurchaseRequest request) throws SQLException {
        long epoch = stockSeen.epoch();
        return switch (stock.claim(request.skuId(), lease.token())) {
            case Unknown unknown -> new UnknownSku(request.skuId());
            case Refused refusedClaim -> refusedBecauseStale();
            case FencedStock.Busy busy -> new Busy(busy.reason());
            case Claimed claimed
            when claimed.stock() < request.quantity() -> {
                stockSeen.remember(request.skuId(), claimed.stock(), epoch);
                yield new SoldOut(claimed.stock());
            }
            case Claimed claimed -> {
                int left = claimed.stock() - request.quantity();
                PurchaseResult sold = inTransaction(sql -> {
                    if (!stock.write(sql.connection(), request.skuId(), left, lease.token())) {
                        return Transactions.rollback(refusedBecauseStale());
                    }
                    return sell(sql, request, claimed.maxPerBuyer());
                });
                if (sold instanceof Purchased) {
                    stockSeen.remember(request.skuId(), left, epoch);
                }
                yield sold;
            }
        };
    }

    @Override
    public void stockReturned(String skuId) {
        stockSeen.forget(skuId);
    }

    @Override
    public void stockMayHaveReturned() {
        stockSeen.forgetAll();
    }

    private Busy refusedBecauseStale() {
        listener.fencedWriteRefused(settings.lock().backend());
        return new Busy("fenced write refused: the lease was lost to a newer holder");
    }

    /** A release that fails leaves the lease to expire after its TTL; the sale itself is already decided. */
    private static void releaseQuietly(LeaseLock lock, Lease lease) {
        try {
            lock.release(lease);
        } catch (StoreUnavailableException e) {
            lease.signalLost("release failed: " + e.getMessage());
        }
    }
}
