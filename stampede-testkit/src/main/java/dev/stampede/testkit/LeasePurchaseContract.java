package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The purchase contract for the {@code lease} strategy on one lease backend, plus the stale-holder cases: a holder that
 * pauses past its TTL and wakes after another took the lease and sold is refused by the database, and the newer
 * holder's sale stands. A backend's test supplies its lock, how a lease is outlived, and the store the strategy sells
 * from.
 */
public abstract class LeasePurchaseContract extends PurchaseStrategyContract {

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private PurchaseStrategy purchase;

    protected abstract LeaseLock lock();

    /** The TTL of the leases the strategy takes; long enough that they do not expire on their own in a test. */
    protected abstract Duration ttl();

    /** Makes the lease expire as if its holder had paused past its TTL. */
    protected abstract void outlive(Lease lease);

    /** The store the {@code lease} strategy sells from. */
    protected abstract LeaseSaleStore store();

    @Override
    protected final PurchaseStrategy strategy() {
        if (purchase == null) {
            purchase = store().leasePurchase(lock(), ttl(), MAX_WAIT);
        }
        return purchase;
    }

    @Override
    protected final String newSku(int stock, OptionalInt maxPerBuyer) {
        return store().newSku(stock, maxPerBuyer);
    }

    @Override
    protected final SaleAudit audit(String skuId) {
        return store().audit(skuId);
    }

    @Override
    protected final IdempotencyStore idempotencyStore() {
        return store().idempotencyStore();
    }

    @Test
    void aHolderPausedBeforeReadingIsRefusedAndTheNewHoldersSaleStands() throws Exception {
        String sku = newSku(10);
        Lease stale =
                lock().acquire("sku:" + sku, "paused", ttl(), Duration.ZERO).orElseThrow();

        outlive(stale);
        Purchased newer = (Purchased) strategy().purchase(PurchaseRequest.of(sku, "newer", 1));
        var woken = store().sellUnder(strategy(), stale, PurchaseRequest.of(sku, "paused", 1));

        assertThat(woken).isInstanceOf(Busy.class);
        assertThat(((Busy) woken).reason()).contains("fenced");
        assertOnlySale(sku, newer);
    }

    @Test
    void aHolderPausedBetweenReadAndWriteIsRefusedByTheStore() throws Exception {
        String sku = newSku(10);
        Lease stale =
                lock().acquire("sku:" + sku, "paused", ttl(), Duration.ZERO).orElseThrow();
        int read = store().readStock(sku, stale.token()).orElseThrow();

        outlive(stale);
        Purchased newer = (Purchased) strategy().purchase(PurchaseRequest.of(sku, "newer", 1));
        boolean staleWrite = store().writeStock(sku, read - 1, stale.token());

        assertThat(read).isEqualTo(10);
        assertThat(staleWrite).as("write with the stale token").isFalse();
        assertThat(store().readStock(sku, stale.token()))
                .as("read with the stale token")
                .isEqualTo(OptionalInt.empty());
        assertOnlySale(sku, newer);
    }

    @Test
    void buyersQueuedBehindTheLastSaleAreAnsweredSoldOutWithoutALease() {
        String sku = newSku(1);
        AtomicInteger acquisitions = new AtomicInteger();
        LeaseLock counted = new LeaseLock() {
            @Override
            public String backend() {
                return lock().backend();
            }

            @Override
            public Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
                acquisitions.incrementAndGet();
                return lock().acquire(name, owner, ttl, maxWait);
            }

            @Override
            public Optional<Lease> renew(Lease lease, Duration ttl) {
                return lock().renew(lease, ttl);
            }

            @Override
            public boolean release(Lease lease) {
                return lock().release(lease);
            }
        };
        PurchaseStrategy queued = store().leasePurchase(counted, ttl(), MAX_WAIT);

        SaleFuzz.Outcome outcome = SaleFuzz.run(queued, 32, 64, i -> PurchaseRequest.of(sku, "queued-" + i, 1));

        assertThat(outcome.of(Purchased.class)).hasSize(1);
        assertThat(outcome.of(SoldOut.class)).hasSize(63);
        assertThat(acquisitions).as("leases taken").hasValue(1);
        assertThat(audit(sku).violations()).isEmpty();
    }

    private void assertOnlySale(String sku, Purchased newer) {
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isEqualTo(9);
        assertThat(audit.orders()).isEqualTo(1);
        assertThat(newer.order().buyerId()).isEqualTo("newer");
    }
}
