package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.TurnQueue;
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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>When the home bucket is short, the buyer moves shares (what it lacks, or half the other bucket's stock if more)
 * from the other buckets in turn into its home bucket ({@link QuotaScripts}: taken out into a transfer record, then
 * credited once by its id; a crash between the two is repaired by {@link QuotaReconciler}), and takes again after each
 * move. Shares of one SKU are moved by one buyer at a time per region, across every instance sharing the Redis: a lease
 * in Redis ({@link #rebalanceLease}: on the region's own masters), with a {@link TurnQueue} in front so that one buyer
 * per process waits for it. Without
 * it, buyers short at the same moment moved the same units back and forth between their home buckets, and each was
 * answered sold out while enough units were left, in flight between buckets (issue 16: 8 buyers of 4 units answered
 * sold out with 4 units left). Alone with the SKU's shares, a buyer that went round every bucket and is still short
 * has every unit it could not take either in its home bucket or in a share another buyer's move left in transit; it
 * then reads what the copy has left ({@link QuotaBuckets#left}: in-transit units count as left), and is answered sold
 * out only if that is less than its quantity. Otherwise it credits every share in transit to its receiving bucket
 * itself (a crashed move, or the move of a buyer whose lease lapsed: crediting is idempotent by transfer id), and goes
 * round again. Only if that fails {@link #ROUNDS} times (moves racing it after its lease lapsed) is it answered sold
 * out and counted as a <em>false sold-out</em> ({@link #falseSoldOuts}). What the copy has left only shrinks (its
 * takes only grow), so once a buyer learnt it is less than a quantity, later buyers of that quantity or more are
 * answered sold out at once, without Redis.
 *
 * <p>The order becomes durable exactly as in the {@code redis} strategy ({@link WriteAheadOrders}: group-committed,
 * fenced by the copy's generation, 201 only once durable, re-driven by the reconciler if the request fails). So
 * PostgreSQL, not Redis, decides: a unit is never sold twice, and never more than the stock. Redis unreachable:
 * {@link PurchaseResult.Busy} ("redis unavailable").
 */
public final class QuotaPurchase implements PurchaseStrategy, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QuotaPurchase.class);

    /**
     * Rounds over the other buckets, each after crediting the shares in transit, before a buyer alone with the SKU's
     * shares is answered sold out while its copy has enough left (a false sold-out).
     */
    private static final int ROUNDS = 3;

    /** How long the rebalancing lease of a SKU lasts if its holder never gives it back: far beyond a few moves. */
    static final Duration REBALANCE_LEASE_TTL = Duration.ofSeconds(10);

    /**
     * How long a buyer waits for its turn to move shares before it is answered busy: the lease's whole life (a holder
     * that died keeps it that long).
     */
    private static final Duration REBALANCE_WAIT = REBALANCE_LEASE_TTL.plusSeconds(1);

    /** Test hooks between the steps of a purchase: a hook that throws stops the purchase there, as a crash would. */
    interface Steps extends RedisStockPurchase.Steps {
        Steps NONE = new Steps() {};

        /** A share left its bucket into a transfer record; the receiving bucket has not got it yet. */
        default void shareTaken(Transfer transfer) {}

        /** The buyer, short at home, waits for its turn to move shares of the SKU. */
        default void awaitingTurn(String skuId) {}
    }

    /** What the copy of generation {@code generation} had left at most, as a buyer alone with its shares read it. */
    private record Left(long generation, int units) {}

    private final QuotaStock stock;
    private final WriteAheadOrders orders;
    private final Steps steps;
    private final LongAdder falseSoldOuts = new LongAdder();
    private final LongAdder sharesMoved = new LongAdder();
    private final LongAdder sharesMovedAcrossRegions = new LongAdder();
    private final TurnQueue turns = new TurnQueue();
    private final String owner = "quota-rebalancer-" + UUID.randomUUID();
    private final Map<String, Left> knownLeft = new ConcurrentHashMap<>();

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

    /**
     * Of {@link #sharesMoved}, those from a bucket of another region than the receiving one's ({@link QuotaLayout}):
     * the traffic between regions; 0 with one region.
     */
    public long sharesMovedAcrossRegions() {
        return sharesMovedAcrossRegions.sum();
    }

    /** Copies the SKU into Redis now, not at its first purchase ({@link RedisStockCopier#copyAhead}). */
    @Override
    public void putOnSale(String skuId) {
        stock.copier().copyAhead(skuId);
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
                // for the copy under way in this process: one copier per SKU), then take again.
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
            // One bucket is the whole copy: its short take was decided atomically, with no share in flight.
            if (take instanceof Short && first.get().buckets() > 1) {
                Optional<Take> moved = rebalance(orderId, request, first.get().buckets(), home);
                if (moved.isEmpty()) {
                    return new PurchaseResult.Busy("the stock in redis is being rebalanced");
                }
                take = moved.get();
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

    /**
     * Takes from the buyer's home bucket: empty when the SKU or that bucket holds no copy in Redis. A SKU not in Redis
     * has no number of buckets remembered, so a herd finding it missing forgets nothing the copy just remembered.
     */
    private Optional<AtHome> takeAtHome(UUID orderId, PurchaseRequest request) {
        OptionalInt count = stock.buckets().count(request.skuId());
        if (count.isEmpty()) {
            return Optional.empty();
        }
        int home = stock.buckets().home(request, count.getAsInt());
        Take take = take(orderId, request, home);
        if (take instanceof Unknown) {
            // The remembered number of buckets may be an older copy's (a restock): read it again.
            stock.buckets().forget(request.skuId());
            return Optional.empty();
        }
        return Optional.of(new AtHome(count.getAsInt(), home, take));
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
     * Waits for this buyer's turn to move shares of the SKU (in this process, then across instances: the lease), then
     * {@link #rebalanceAlone}: empty if the turn did not come within {@link #REBALANCE_WAIT}.
     */
    private Optional<Take> rebalance(UUID orderId, PurchaseRequest request, int count, int home) {
        String skuId = request.skuId();
        OptionalLong generation = stock.buckets().generation(skuId, home);
        if (generation.isEmpty()) {
            log.warn("Bucket {} of SKU {} holds no copy in Redis", home, skuId);
            return Optional.of(new Unknown());
        }
        Optional<Take> known = knownShort(skuId, generation.getAsLong(), request.quantity());
        if (known.isPresent()) {
            return known;
        }
        steps.awaitingTurn(skuId);
        String name = rebalanceLease(skuId, home);
        return turns.inTurn(name, REBALANCE_WAIT, wait -> {
                    Optional<Take> learnt = knownShort(skuId, generation.getAsLong(), request.quantity());
                    if (learnt.isPresent()) {
                        return learnt;
                    }
                    // An earlier turn may have filled the home bucket: a take needs no lease.
                    Take take = take(orderId, request, home);
                    if (!(take instanceof Short)) {
                        return Optional.of(take);
                    }
                    Optional<Lease> lease = stock.leases().acquire(name, owner, REBALANCE_LEASE_TTL, wait);
                    if (lease.isEmpty()) {
                        return Optional.<Take>empty();
                    }
                    try {
                        return Optional.of(rebalanceAlone(orderId, request, count, home, generation.getAsLong()));
                    } finally {
                        release(lease.get());
                    }
                })
                .flatMap(answer -> answer);
    }

    /**
     * Gives the rebalancing lease back. A release that fails (Redis unreachable) is only logged: the lease lapses
     * within its TTL, and the purchase's own answer (an order taken, or outcome-unknown) must not be replaced by it.
     */
    private void release(Lease lease) {
        try {
            stock.leases().release(lease);
        } catch (StoreUnavailableException e) {
            log.warn(
                    "The rebalancing lease {} was not given back; it lapses within {}",
                    lease.name(),
                    REBALANCE_LEASE_TTL,
                    e);
        }
    }

    /**
     * The name of the lease under which a buyer whose home is {@code home} moves shares: one per SKU and region, named
     * after the tag of the region's first bucket so that the lease's key lies on the region's own masters. With one
     * region (the default) it is one lease per SKU; with several, a region cut off from the others still moves shares
     * between its own buckets (issue 16 item 5: each region sells its own quota through a partition).
     */
    private String rebalanceLease(String skuId, int home) {
        int region = stock.keys().region(skuId, home);
        int first = 0;
        while (stock.keys().region(skuId, first) != region) {
            first++;
        }
        return stock.keys().tag(skuId, first);
    }

    /** Sold out, if a buyer alone with the shares learnt that the copy has less than {@code quantity} left. */
    private Optional<Take> knownShort(String skuId, long generation, int quantity) {
        Left left = knownLeft.get(skuId);
        return left != null && left.generation() == generation && left.units() < quantity
                ? Optional.of(new Short(left.units()))
                : Optional.empty();
    }

    /**
     * With the SKU's shares to itself: takes at home (an earlier turn may have filled it), then moves shares from the
     * other buckets into the home bucket, taking again after each move, until the take is no longer short or the SKU's
     * copy has less than the quantity left ({@link QuotaBuckets#left}: sold out). A round that leaves the take short
     * with enough left credits the shares in transit and goes round again, {@link #ROUNDS} times at most (a false
     * sold-out: counted).
     */
    private Take rebalanceAlone(UUID orderId, PurchaseRequest request, int count, int home, long generation) {
        String skuId = request.skuId();
        int left = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Take take = take(orderId, request, home);
            for (int from : stock.buckets().donors(skuId, home, count)) {
                if (!(take instanceof Short(int homeLeft))) {
                    return take;
                }
                if (move(skuId, generation, from, home, request.quantity() - homeLeft)) {
                    take = take(orderId, request, home);
                }
            }
            if (!(take instanceof Short)) {
                return take;
            }
            OptionalInt read = stock.buckets().left(skuId, count);
            if (read.isEmpty()) {
                log.warn("The {} buckets of SKU {} do not all hold one copy in Redis", count, skuId);
                return new Unknown();
            }
            left = read.getAsInt();
            knownLeft.merge(skuId, new Left(generation, left), QuotaPurchase::later);
            if (left < request.quantity()) {
                return new Short(left);
            }
            creditInTransit(skuId, count);
        }
        falseSoldOuts.increment();
        log.debug("A buyer of SKU {} is answered sold out while its copy has {} units left", skuId, left);
        return new Short(left);
    }

    /** The later of two readings: of a later copy, or of one copy the smaller (what is left only shrinks). */
    private static Left later(Left known, Left read) {
        if (read.generation() != known.generation()) {
            return read.generation() > known.generation() ? read : known;
        }
        return read.units() < known.units() ? read : known;
    }

    /**
     * Credits every share of the SKU in transit to its receiving bucket and settles it: a move that crashed, or one
     * racing this buyer after its lease lapsed (crediting is idempotent by transfer id, {@link QuotaScripts#credit}).
     */
    private void creditInTransit(String skuId, int count) {
        for (int bucket = 0; bucket < count; bucket++) {
            for (Transfer transfer : stock.transfers().inTransit(skuId, bucket)) {
                stock.transfers().credit(transfer);
                stock.transfers().settle(transfer);
            }
        }
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
        if (stock.keys().region(skuId, from) != stock.keys().region(skuId, to)) {
            sharesMovedAcrossRegions.increment();
        }
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
