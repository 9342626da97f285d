package dev.stampede.core.sale;

import dev.stampede.core.sale.PurchaseResult.Busy;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Admission per SKU: at most {@code maxInFlight} purchases of one SKU are inside the strategy at once; the others wait
 * for a turn in arrival order (a fair semaphore), each at most {@code maxWait}, and are answered busy (nothing was
 * tried) when it runs out.
 *
 * <p>Why: a strategy that holds a pooled connection per buyer (row lock, version check, lease) gains nothing from more
 * than a few buyers of one hot SKU at a time, since the row serializes them anyway; without a bound, a flash sale's
 * buyers take every pooled connection, wait in the pool's own queue (whose timeout is sized for faults, not for a
 * sale), and starve other SKUs and the reads. In turns, the buyers of a hot SKU queue here, cheaply, for as long as a
 * buyer is promised, and the pool stays free for everything else. A buyer whose turn comes after the SKU became known
 * sold out is answered from that memory ({@code answeredFromMemory}) at once, so the herd behind the last unit
 * drains in microseconds; one that arrives after that does not queue at all.
 *
 * <p>A strategy with its own queue ({@link PurchaseStrategy#ordersItsOwnBuyers()}, the group commit) is not put
 * behind turns: it needs every buyer in its queue to fill its batches.
 */
public final class SkuTurns extends PurchaseDecorator {

    private final Predicate<String> answeredFromMemory;
    private final int maxInFlight;
    private final Duration maxWait;
    private final ConcurrentMap<String, Semaphore> turns = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param delegate the strategy a buyer reaches in its turn
     * @param answeredFromMemory true for a SKU the delegate answers without the store (known sold out): its buyers
     *     skip the queue
     * @param maxInFlight purchases of one SKU inside the delegate at once, at least 1
     * @param maxWait the longest a buyer waits for its turn, at least 1 ms
     * @throws IllegalArgumentException if a bound is out of range
     */
    public SkuTurns(
            PurchaseStrategy delegate, Predicate<String> answeredFromMemory, int maxInFlight, Duration maxWait) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        if (maxWait.toMillis() < 1) {
            throw new IllegalArgumentException("maxWait must be at least 1ms, was " + maxWait);
        }
        super(delegate);
        this.answeredFromMemory = answeredFromMemory;
        this.maxInFlight = maxInFlight;
        this.maxWait = maxWait;
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        if (answeredFromMemory.test(request.skuId())) {
            return delegate.purchase(request);
        }
        // One semaphore per SKU ever bought on this instance (a few dozen bytes each; SKUs are not created per
        // request).
        Semaphore turn = turns.computeIfAbsent(request.skuId(), sku -> new Semaphore(maxInFlight, true));
        waiting.incrementAndGet();
        boolean admitted;
        try {
            admitted = turn.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Busy("interrupted while waiting for a turn");
        } finally {
            waiting.decrementAndGet();
        }
        if (!admitted) {
            return new Busy("no turn for this SKU within " + maxWait);
        }
        try {
            return delegate.purchase(request);
        } finally {
            turn.release();
        }
    }

    /** Buyers waiting for a turn now, all SKUs together. */
    public int waiting() {
        return waiting.get();
    }
}
