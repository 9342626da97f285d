package dev.stampede.core.adaptive;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SkuTurns;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@code adaptive} strategy (issue 15 item 1; seed 003's "start optimistic; if conflicts exceed a threshold,
 * switch"): per SKU it sells {@link Mode#OPTIMISTIC optimistically} until its {@link ModeRule} escalates it to the
 * single-writer {@link Mode#BATCHED batched} path, and back when the rule finds it calm. The mode is per SKU and per
 * instance (each instance measures its own buyers), starts optimistic, and is kept in memory only.
 *
 * <p><b>Correct across a switch.</b> Both paths write the same rows and each checks what the other writes: the batched
 * writer takes the SKU's row lock and bumps its {@code version} with the stock, so an optimistic attempt that read the
 * row before a batch commits loses its version check and is tried again; an optimistic write holds the row lock until
 * it commits, so a batch reads the stock after it. A purchase that started in one mode ends in it, whatever the SKU
 * switched to meanwhile (the switching fuzz, {@code AdaptiveSwitchingFuzzTest}, proves the counts exact).
 *
 * <p><b>Turns.</b> The group commit needs every buyer of a batched SKU in its queue, so this strategy {@link
 * #ordersItsOwnBuyers() orders its own buyers}: the optimistic path has its own turns per SKU, as {@link SkuTurns}
 * (at most {@code maxInFlight} inside, the others waiting in arrival order at most {@code turnWait}, then busy), except
 * that an escalation lets every waiting buyer through at once, to the batched queue.
 *
 * <p>Each switch is reported to the listener ({@link PurchaseListener#modeSwitched}) and logged once, at INFO.
 */
public final class AdaptivePurchase implements PurchaseStrategy {

    private static final System.Logger log = System.getLogger(AdaptivePurchase.class.getName());

    /** Permits that open a SKU's optimistic turns for good once it is escalated. */
    private static final int OPEN = Integer.MAX_VALUE / 2;

    private final CountedPurchase optimistic;
    private final PurchaseStrategy batched;
    private final Supplier<ModeRule> rules;
    private final int maxInFlight;
    private final Duration turnWait;
    private final Clock clock;
    private final PurchaseListener listener;
    private final ConcurrentMap<String, SkuMode> skus = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param optimistic the optimistic path (version check, retried); it reports its attempts and conflicts
     * @param batched the batched path (group commit); it must bump the SKU's version with its stock
     * @param rules a new rule per SKU
     * @param maxInFlight optimistic purchases of one SKU inside the optimistic path at once, at least 1
     * @param turnWait the longest a buyer waits for an optimistic turn, at least 1 ms; then busy
     * @param clock the time the rules measure with
     * @param listener told of every switch, under this strategy's name
     */
    public AdaptivePurchase(
            CountedPurchase optimistic,
            PurchaseStrategy batched,
            Supplier<ModeRule> rules,
            int maxInFlight,
            Duration turnWait,
            Clock clock,
            PurchaseListener listener) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        if (turnWait.toMillis() < 1) {
            throw new IllegalArgumentException("turnWait must be at least 1ms, was " + turnWait);
        }
        this.optimistic = optimistic;
        this.batched = batched;
        this.rules = rules;
        this.maxInFlight = maxInFlight;
        this.turnWait = turnWait;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public String name() {
        return "adaptive";
    }

    /** The batched path's queue needs every buyer; the optimistic path has its own turns. */
    @Override
    public boolean ordersItsOwnBuyers() {
        return true;
    }

    /** The strategy the SKU is sold by on this instance now ({@link Mode#strategy()}): optimistic until escalated. */
    @Override
    public Optional<String> mode(String skuId) {
        SkuMode sku = skus.get(skuId);
        return Optional.of(sku == null ? Mode.OPTIMISTIC.strategy() : sku.mode.strategy());
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        SkuMode sku = skus.computeIfAbsent(request.skuId(), SkuMode::new);
        int inFlight = sku.inFlight.getAndIncrement();
        try {
            sku.arrived(inFlight);
            long deadline = System.nanoTime() + turnWait.toNanos();
            while (true) {
                Semaphore turns = sku.turns;
                if (sku.mode == Mode.BATCHED) {
                    return batched.purchase(request);
                }
                if (!turn(turns, deadline)) {
                    return new Busy("no turn for this SKU within " + turnWait);
                }
                try {
                    if (sku.mode == Mode.OPTIMISTIC && sku.turns == turns) {
                        return optimistic.purchase(request, sku::attempted);
                    }
                } finally {
                    turns.release();
                }
                // The SKU switched while this buyer waited: take the path of its mode now.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Busy("interrupted while waiting for a turn");
        } finally {
            sku.inFlight.decrementAndGet();
        }
    }

    private boolean turn(Semaphore turns, long deadlineNanos) throws InterruptedException {
        waiting.incrementAndGet();
        try {
            return turns.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Buyers waiting for an optimistic turn now, all SKUs together. */
    public int waiting() {
        return waiting.get();
    }

    @Override
    public void stockReturned(String skuId) {
        batched.stockReturned(skuId);
    }

    @Override
    public void stockMayHaveReturned() {
        batched.stockMayHaveReturned();
    }

    /** One SKU's mode, its rule, its optimistic turns and its purchases in flight on this instance. */
    private final class SkuMode {

        private final String skuId;
        private final ModeRule rule = rules.get();
        private final ReentrantLock ruleLock = new ReentrantLock();
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile Mode mode = Mode.OPTIMISTIC;
        private volatile Semaphore turns = new Semaphore(maxInFlight, true);

        SkuMode(String skuId) {
            this.skuId = skuId;
        }

        /**
         * Counts the arrival, unless the rule is busy with another thread: a buyer of a hot SKU does not queue for the
         * rule. The arrival being counted meanwhile is the evidence the skipped one would add (both found the other in
         * flight), and a hand-off of the lock between thousands of virtual threads costs each buyer more than the
         * count it protects (15,000 buyers at once: 94–549 ms through a monitor, 12–212 ms with this try, 2 loaded
         * cores).
         */
        void arrived(int inFlight) {
            if (!ruleLock.tryLock()) {
                return;
            }
            try {
                switchTo(rule.arrived(mode, inFlight, clock.millis()));
            } finally {
                ruleLock.unlock();
            }
        }

        /** Counts an optimistic purchase that ended: every one is counted (at most {@code maxInFlight} at once). */
        void attempted(int attempts, int conflicts) {
            ruleLock.lock();
            try {
                switchTo(rule.attempted(mode, attempts, conflicts, clock.millis()));
            } finally {
                ruleLock.unlock();
            }
        }

        private void switchTo(Mode next) {
            Mode from = mode;
            if (next == from) {
                return;
            }
            if (next == Mode.BATCHED) {
                mode = next;
                turns.release(OPEN);
            } else {
                turns = new Semaphore(maxInFlight, true);
                mode = next;
            }
            listener.modeSwitched(name(), skuId, next.directionInto());
            log.log(
                    System.Logger.Level.INFO,
                    "adaptive: SKU {0} switched from {1} to {2} ({3})",
                    skuId,
                    from.strategy(),
                    next.strategy(),
                    next.directionInto());
        }
    }
}
