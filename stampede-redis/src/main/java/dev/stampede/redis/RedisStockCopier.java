package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseLock;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockCopies.Copy;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a new copy of a SKU's stock in Redis from the durable record ({@link StockCopies#newCopy}: the generation is
 * raised first, so that no order taken from an older copy commits afterwards, then the stock is read), when Redis has
 * none (a new SKU, data lost) or the one it has was found stale. One copy of a SKU at a time across every instance
 * sharing the Redis: a lease in Redis ({@link LeaseLock}, named {@code stock-copy:<sku>}) is held from the check of
 * the copy Redis holds to the new copy's arrival there, and none is made when Redis already holds a later copy than the
 * stale one. So a crowd of buyers finding the same gap, on one instance or several, makes one copy, not one each.
 * Without the lease, an instance that found Redis empty just before another instance copied the SKU raised the
 * generation again moments later, and every take of the first copy not yet durable was fenced out: its buyer was
 * answered busy (85 of 400 buyers behind HAProxy, issue 13).
 *
 * <p>The lease alone is not enough: a holder can stall past {@link #LEASE_TTL} between its check and its write (a
 * process starved of CPU, a buyer waiting for a pooled connection in a 15,000-buyer sale), and another instance then
 * takes the lease and copies the SKU. So the copier reads the durable generation under the lease and the write raises it
 * only from that one ({@link StockCopies#newCopy}, a compare-and-set): a copier that wakes after another one's copy
 * writes nothing and its buyers take from that copy. Before this, such a copier raised the generation under a copy that
 * was selling and fenced out every take of it not yet durable (a killed instance's sale, issue 13: 10,085 of 15,000
 * buyers busy, 5,999 units unsold). A copy made by a holder that died before putting it into Redis is replaced once its
 * lease has lapsed (nothing was taken from it); one whose holder is alive but stalled is replaced too, and the fence
 * keeps every unit sold once.
 */
final class RedisStockCopier {

    /** Where copies go: the keys of a {@code redis} SKU ({@link StockScripts}) or the buckets of a {@code quota} SKU. */
    interface Target {

        /** The generation of the SKU's copy in Redis (empty: none, or not whole); throws {@code RedisException}. */
        OptionalLong generation(String skuId);

        /** Puts the copy into Redis unless a copy of its generation or a later one is there: true if this call did. */
        boolean init(String skuId, Copy copy);
    }

    private static final Logger log = LoggerFactory.getLogger(RedisStockCopier.class);

    /** How long a copy's lease lasts if its holder never gives it back: far beyond a copy (two reads, one write). */
    static final Duration LEASE_TTL = Duration.ofSeconds(10);

    /** How long a buyer waits for another instance's copy before it is answered busy: its lease's whole life. */
    private static final Duration LEASE_WAIT = LEASE_TTL.plusSeconds(1);

    private final Target scripts;
    private final StockCopies copies;
    private final LeaseLock leases;
    private final String owner = "stock-copier-" + UUID.randomUUID();

    /** The copies this process is making, by SKU and stale generation: their buyers wait for them, each without a read. */
    private final ConcurrentMap<Request, CompletableFuture<Boolean>> making = new ConcurrentHashMap<>();

    /** What a copy was asked for. */
    private record Request(String skuId, OptionalLong stale) {}

    RedisStockCopier(Target scripts, StockCopies copies, LeaseLock leases) {
        this.scripts = scripts;
        this.copies = copies;
        this.leases = leases;
    }

    /**
     * Makes a new copy of the SKU unless Redis holds a copy later than {@code stale} (empty: unless Redis holds any).
     * False if there is no such SKU. Throws Lettuce's {@code RedisException} when Redis cannot answer, and {@link
     * StoreUnavailableException} when PostgreSQL cannot, or when another instance's copy of the SKU took longer than
     * its lease.
     *
     * <p>One call per SKU (and stale generation) at a time in this process makes the checks and the copy; the calls
     * arriving meanwhile wait for its answer (or its exception) instead of checking Redis again one after another: the
     * buyers of a last-ticket sale (1,000 at once) all find a new SKU missing from Redis at its first purchase, and
     * queued behind one lock they read Redis one at a time before any of them could take.
     */
    boolean copy(String skuId, OptionalLong stale) {
        Request request = new Request(skuId, stale);
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = making.putIfAbsent(request, mine);
        if (running != null) {
            return awaitCopy(running);
        }
        try {
            boolean copied = heldLater(skuId, stale) || copyLeased(skuId, stale);
            mine.complete(copied);
            return copied;
        } catch (RuntimeException | Error e) {
            // An Error too (a crash hook, a JVM error): a waiter left with an unanswered future would wait forever.
            mine.completeExceptionally(e);
            throw e;
        } finally {
            making.remove(request, mine);
        }
    }

    /**
     * Copies a SKU just put on sale ({@link dev.stampede.core.sale.PurchaseStrategy#putOnSale}) as {@link #copy} does,
     * so that its first buyers find the copy made. A copy that cannot be made now (Redis or PostgreSQL unreachable or
     * refusing, another instance's copy outlasting its lease) is only logged: the first purchase makes it, as it would
     * have without this call, and the SKU's creation, committed already, is not answered with an error.
     */
    void copyAhead(String skuId) {
        try {
            copy(skuId, OptionalLong.empty());
        } catch (RuntimeException e) {
            log.warn("SKU {} was put on sale without a copy in Redis; its first purchase makes one", skuId, e);
        }
    }

    /** The answer of the copy under way: its exception, if it threw one, is thrown here too. */
    private static boolean awaitCopy(CompletableFuture<Boolean> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case RuntimeException cause -> throw cause;
                case Error cause -> throw cause;
                default -> throw e;
            }
        }
    }

    private boolean copyLeased(String skuId, OptionalLong stale) {
        Lease lease = leases.acquire("stock-copy:" + skuId, owner, LEASE_TTL, LEASE_WAIT)
                .orElseThrow(() -> new StoreUnavailableException(
                        "SKU " + skuId + " was being copied into redis elsewhere for longer than " + LEASE_WAIT, null));
        try {
            return copyUnderLease(skuId, stale);
        } finally {
            leases.release(lease);
        }
    }

    private boolean heldLater(String skuId, OptionalLong stale) {
        OptionalLong held = scripts.generation(skuId);
        return held.isPresent() && (stale.isEmpty() || held.getAsLong() > stale.getAsLong());
    }

    /**
     * The durable generation is read first, then Redis: a copy Redis holds of that generation is the current one (its
     * maker may have put it there while this copier waited); otherwise the current one is replaced, and only it.
     */
    private boolean copyUnderLease(String skuId, OptionalLong stale) {
        OptionalLong durable = copies.generation(skuId);
        if (durable.isEmpty()) {
            return false;
        }
        long current = durable.getAsLong();
        OptionalLong held = scripts.generation(skuId);
        if (held.isPresent()
                && held.getAsLong() >= current
                && (stale.isEmpty() || held.getAsLong() > stale.getAsLong())) {
            return true;
        }
        Optional<Copy> copy = copies.newCopy(skuId, current);
        if (copy.isEmpty()) {
            log.info(
                    "SKU {} was copied into Redis by another instance after generation {}: not copied again",
                    skuId,
                    current);
            return true;
        }
        if (scripts.init(skuId, copy.get())) {
            log.info(
                    "SKU {} copied into Redis (generation {}): {} of {} units left",
                    skuId,
                    copy.get().generation(),
                    copy.get().stock(),
                    copy.get().initialStock());
        }
        return true;
    }
}
