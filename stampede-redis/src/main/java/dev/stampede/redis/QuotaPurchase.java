package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SkuStore;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.redis.QuotaScripts.Credit;
import dev.stampede.redis.QuotaScripts.Transfer;
import dev.stampede.redis.StockScripts.Known;
import dev.stampede.redis.StockScripts.OverLimit;
import dev.stampede.redis.StockScripts.Short;
import dev.stampede.redis.StockScripts.Take;
import dev.stampede.redis.StockScripts.Taken;
import dev.stampede.redis.StockScripts.Unknown;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code quota} purchase strategy (issue 16 item 2; seed 003, challenge 4: "regional quotas"): a copy of a SKU's
 * stock is split into buckets on different Redis Cluster shards ({@link QuotaBuckets}, {@link QuotaKeys}), and a
 * purchase takes from its buyer's home bucket with the {@code redis} strategy's one Lua step (check and decrement the
 * quantity, count it to the buyer under the per-buyer limit, write the write-ahead record; {@link StockScripts}), so
 * no purchase touches a key shared by the whole SKU.
 *
 * <p>When the home bucket is short, the buyer moves a share (what it lacks, or half the other bucket's stock if more)
 * from each other bucket in turn into its home bucket ({@link QuotaScripts}: taken out into a transfer record, then
 * credited once by its id; a crash between the two is repaired by {@link QuotaReconciler}), and takes again after each
 * move. Only when every bucket was tried, and the buckets together hold less than the quantity, is the buyer answered
 * sold out; if they still hold enough (other buyers took the moved units between a move and the take), it tries every
 * bucket again, up to three rounds, and then answers sold out and counts a <em>false sold-out</em> ({@link
 * #falseSoldOuts}).
 *
 * <p>The order becomes durable exactly as in the {@code redis} strategy ({@link WriteAheadOrders}: group-committed,
 * fenced by the copy's generation, 201 only once durable, re-driven by the reconciler if the request fails). So
 * PostgreSQL, not Redis, decides: a unit is never sold twice, and never more than the stock. Redis unreachable:
 * {@link PurchaseResult.Busy} ("redis unavailable").
 */
public final class QuotaPurchase implements PurchaseStrategy, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuotaPurchase.class);

    /** Rounds over the other buckets before a buyer is answered sold out while the buckets hold enough. */
    private static final int ROUNDS = 3;

    /** Test hooks between the steps of a purchase: a hook that throws stops the purchase there, as a crash would. */
    interface Steps extends RedisStockPurchase.Steps {
        Steps NONE = new Steps() {};

        /** A share left its bucket into a transfer record; the receiving bucket has not got it yet. */
        default void shareTaken(Transfer transfer) {}
    }

    private final QuotaStock stock;
    private final WriteAheadOrders orders;
    private final Steps steps;
    private final LongAdder falseSoldOuts = new LongAdder();
    private final LongAdder sharesMoved = new LongAdder();

    /**
     * @param keyPrefix the prefix of every Redis key written (see {@link QuotaKeys})
     * @param layout buckets per SKU at most (fewer when the stock is smaller) and regions; the same on every
     *     instance
     * @param copies the durable side of the copies in Redis: their generations, and the fenced writes of orders
     * @param writes how the durable writes are group-committed (as {@code redis})
     * @param clock stamps the write-ahead and transfer records (the reconciler's age of a pending one)
     * @param listener told the size of each batch of durable writes and given the queue's depth (as {@code quota})
     */
    public QuotaPurchase(
            RedisClusterCommands<String, String> redis,
            String keyPrefix,
            QuotaLayout layout,
            StockCopies copies,
            RedisStockPurchase.Writes writes,
            Clock clock,
            PurchaseListener listener) {
        this(QuotaStock.of(redis, keyPrefix, layout, copies, clock), writes, Steps.NONE, listener);
    }

    QuotaPurchase(QuotaStock stock, RedisStockPurchase.Writes writes, Steps steps, PurchaseListener listener) {
        this.stock = stock;
        this.orders = new WriteAheadOrders(stock.redis(), stock.copies(), stock.copier(), writes, name(), listener);
        this.steps = steps;
    }

    @Override
    public String name() {
        return "quota";
    }

    /** Its durable writes are group-committed, as {@code redis}'s. */
    @Override
    public boolean ordersItsOwnBuyers() {
        return true;
    }

    /** Orders that wait for their batch are answered 503 {@code outcome-unknown}; the reconciler writes them. */
    @Override
    public void close() {
        orders.close();
    }

    /**
     * The reconciler of this strategy's SKUs.
     *
     * @param redriveAfter how long after its take a pending write-ahead or transfer record is left to its own request
     *     (longer than a purchase takes: acting earlier is safe, only wasted work)
     */
    public QuotaReconciler reconciler(Duration redriveAfter) {
        return new QuotaReconciler(stock, redriveAfter);
    }

    /**
     * {@code skus} (the service's store of SKUs), whose audit of a {@code quota} SKU also counts its write-ahead records
     * still pending in its buckets (see {@link QuotaSkus}).
     */
    public SkuStore skus(SkuStore skus) {
        return new QuotaSkus(skus, stock);
    }

    /** Buyers answered sold out while the buckets together still held their quantity, since this process started. */
    public long falseSoldOuts() {
        return falseSoldOuts.sum();
    }

    /** Shares moved between buckets by buyers of this process (not counting the reconciler's), since it started. */
    public long sharesMoved() {
        return sharesMoved.sum();
    }

    @Override
    public PurchaseResult purchase(PurchaseRequest request) {
        String skuId = request.skuId();
        UUID orderId = UUID.randomUUID();
        Optional<AtHome> first;
        Take take;
        int home;
        try {
            first = takeAtHome(orderId, request);
            if (first.isEmpty()) {
                // Not in Redis yet, or lost there, or being copied bucket by bucket by another buyer: copy it (or wait
                // for the copy under way in this process: one at a time per SKU), then take again.
                stock.buckets().forget(skuId);
                if (!stock.copier().copy(skuId, OptionalLong.empty())) {
                    return new PurchaseResult.UnknownSku(skuId);
                }
                first = takeAtHome(orderId, request);
            }
            if (first.isEmpty()) {
                log.warn("SKU {} was copied into Redis, but the buyer's home bucket holds no copy", skuId);
                return new PurchaseResult.Busy("the stock in redis is being copied");
            }
            home = first.get().home();
            take = first.get().take();
            if (take instanceof Short(int remaining)) {
                take = rebalance(orderId, request, first.get().buckets(), home, remaining);
            }
        } catch (OutcomeUnknownException e) {
            // A take whose answer timed out may still have been taken: never answered busy (StockScripts#take).
            throw e;
        } catch (RedisException | StoreUnavailableException e) {
            log.debug("A quota purchase answered busy before its take", e);
            return new PurchaseResult.Busy(e instanceof RedisException ? "redis unavailable" : "database unavailable");
        }
        return switch (take) {
            case Unknown ignored -> new PurchaseResult.Busy("the stock in redis is being copied");
            case Short(int remaining) -> new PurchaseResult.SoldOut(remaining);
            case OverLimit(int maxPerBuyer, int held) -> new PurchaseResult.OverBuyerLimit(maxPerBuyer, held);
            case Taken(WriteAheadRecord record) -> {
                steps.taken(record);
                yield place(record, request, home);
            }
            case Known(WriteAheadRecord earlier)
            when earlier.quantity() != request.quantity() -> new PurchaseResult.KeyReused(request.idempotencyKey());
            case Known(WriteAheadRecord earlier) -> place(earlier, request, home);
        };
    }

    /** A take from the buyer's home bucket {@code home}, one of {@code buckets}. */
    private record AtHome(int buckets, int home, Take take) {}

    /** Takes from the buyer's home bucket: empty when the SKU or that bucket holds no copy in Redis. */
    private Optional<AtHome> takeAtHome(UUID orderId, PurchaseRequest request) {
        OptionalInt count = stock.buckets().count(request.skuId());
        if (count.isEmpty()) {
            return Optional.empty();
        }
        int home = QuotaBuckets.home(request.buyerId(), count.getAsInt());
        Take take = take(orderId, request, home);
        return take instanceof Unknown ? Optional.empty() : Optional.of(new AtHome(count.getAsInt(), home, take));
    }

    private Take take(UUID orderId, PurchaseRequest request, int bucket) {
        return stock.scripts()
                .take(
                        stock.keys().of(request.skuId(), bucket),
                        orderId,
                        request,
                        stock.clock().instant());
    }

    /**
     * Moves shares from the other buckets into the home bucket, taking again after each move, until the take is no
     * longer short, or the SKU's copy has less than the quantity left ({@link QuotaBuckets#left}), or every bucket was
     * tried {@link #ROUNDS} times (a false sold-out: counted).
     */
    private Take rebalance(UUID orderId, PurchaseRequest request, int count, int home, int remaining) {
        String skuId = request.skuId();
        OptionalLong generation = stock.buckets().generation(skuId, home);
        if (generation.isEmpty()) {
            log.warn("Bucket {} of SKU {} holds no copy in Redis", home, skuId);
            return new Unknown();
        }
        int lacking = request.quantity() - remaining;
        OptionalInt left = OptionalInt.empty();
        for (int round = 0; round < ROUNDS; round++) {
            for (int from : stock.buckets().donors(skuId, home, count)) {
                if (move(skuId, generation.getAsLong(), from, home, lacking)) {
                    Take take = take(orderId, request, home);
                    if (!(take instanceof Short(int homeLeft))) {
                        return take;
                    }
                    lacking = Math.max(1, request.quantity() - homeLeft);
                }
            }
            left = stock.buckets().left(skuId, count);
            if (left.isEmpty()) {
                log.warn("The {} buckets of SKU {} do not all hold one copy in Redis", count, skuId);
                return new Unknown();
            }
            if (left.getAsInt() < request.quantity()) {
                return new Short(left.getAsInt());
            }
        }
        falseSoldOuts.increment();
        log.debug("A buyer of SKU {} is answered sold out while its copy has {} units left", skuId, left);
        return new Short(left.orElseThrow());
    }

    /** Moves a share of at least {@code units} from bucket {@code from} to {@code to}: true if any units arrived. */
    private boolean move(String skuId, long generation, int from, int to, int units) {
        Optional<Transfer> taken = stock.transfers()
                .takeShare(skuId, generation, from, to, units, stock.clock().instant());
        if (taken.isEmpty()) {
            return false;
        }
        steps.shareTaken(taken.get());
        Credit credit = stock.transfers().credit(taken.get());
        stock.transfers().settle(taken.get());
        sharesMoved.increment();
        return credit == Credit.CREDITED;
    }

    private PurchaseResult place(WriteAheadRecord record, PurchaseRequest request, int bucket) {
        PurchaseResult placed = orders.place(record, request, stock.keys().pending(record.skuId(), bucket), steps);
        if (placed instanceof PurchaseResult.Busy) {
            // A take from a stale copy: the next copy may have another number of buckets (a restock).
            stock.buckets().forget(record.skuId());
        }
        return placed;
    }
}
