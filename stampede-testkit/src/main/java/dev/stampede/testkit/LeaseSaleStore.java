package dev.stampede.testkit;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * What {@link LeasePurchaseContract} needs of the store a {@code lease} strategy sells from: the strategy over any
 * lock, a sale under a lease already taken, and the stock's fenced read and write one at a time, so that a test can
 * pause a holder between them. A store adapter's tests supply one (the SQL one: {@code JdbcLeaseSaleStore} in the jdbc
 * test jar), and every lease backend's test runs the contract on it.
 */
public interface LeaseSaleStore {

    /** The store's {@code lease} strategy, taking its leases from {@code lock} for {@code ttl}, waiting {@code maxWait}. */
    PurchaseStrategy leasePurchase(LeaseLock lock, Duration ttl, Duration maxWait);

    /**
     * What {@code strategy} (from {@link #leasePurchase}) does once it holds {@code lease}: the read-modify-write under
     * the lease's fence, as a holder that paused does when it wakes.
     */
    PurchaseResult sellUnder(PurchaseStrategy strategy, Lease lease, PurchaseRequest request);

    /** The fenced read alone: the SKU's stock for a holder of fence {@code token}; empty if a newer token has read. */
    OptionalInt readStock(String skuId, long token);

    /** The fenced write alone, of {@code stock} units; false (nothing written) if a newer token has read. */
    boolean writeStock(String skuId, int stock, long token);

    /**
     * Puts a new SKU with this stock on sale for the {@code lease} strategy, each buyer limited to {@code maxPerBuyer}
     * units (empty: no limit), and returns its id.
     */
    String newSku(int stock, OptionalInt maxPerBuyer);

    SaleAudit audit(String skuId);

    /** The idempotency store the strategy's orders complete claims in. */
    IdempotencyStore idempotencyStore();
}
