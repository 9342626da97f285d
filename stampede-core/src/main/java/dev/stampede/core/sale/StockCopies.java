package dev.stampede.core.sale;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The durable side of SKUs whose stock is copied into a faster store that decides purchases first (the {@code redis}
 * strategy's Lua take), so that the durable record, not the copy, has the last word: a copy that lost writes (a store
 * restarted without persistence, a failover to a lagging replica) can make a buyer wait, never sell a unit twice.
 *
 * <p>Each copy of a SKU is made under a <em>generation</em>, a fencing token (Kleppmann, <i>Designing Data-Intensive
 * Applications</i>, ch. 8, "fencing tokens"): {@link #newCopy} raises the SKU's generation and reads its durable stock
 * in one step, only from the generation its caller found (a compare-and-set, so that a copier that stalled after its
 * check, e.g. waiting for a connection after its lease lapsed, cannot replace a copy made in the meantime), and {@link #placeAll} writes orders taken from a copy only while that copy's generation is still the
 * SKU's, in the same write that takes their units from the durable stock. Both write the SKU's one row, so a placement
 * and a new copy are serialized by its row lock: a placement committed first is counted in the new copy's stock; one
 * that comes after is refused whole ({@link Stale}) and writes nothing.
 *
 * <p>Both methods throw {@link dev.stampede.core.StoreUnavailableException} when the store could not take the write
 * (nothing was written); {@link #placeAll} throws its subclass {@link dev.stampede.core.OutcomeUnknownException} when the
 * store was lost while committing (the orders may or may not exist).
 */
public interface StockCopies {

    /**
     * A new copy of a SKU's stock.
     *
     * @param generation the copy's fencing token, larger than every earlier copy's of the SKU
     * @param initialStock units ever put on sale
     * @param stock units left in the durable record when the copy was made
     * @param maxPerBuyer the SKU's per-buyer limit (empty: none), for the copy to enforce in its decisive step
     * @param heldByBuyer for a SKU with a limit, the units each buyer holds in its durable orders then (buyers holding
     *     none are absent); empty for a SKU without one
     */
    record Copy(
            long generation, int initialStock, int stock, OptionalInt maxPerBuyer, Map<String, Integer> heldByBuyer) {

        public Copy {
            heldByBuyer = Map.copyOf(heldByBuyer);
        }
    }

    /** The SKU's generation now (0 before its first copy); empty when there is no such SKU. */
    OptionalLong generation(String skuId);

    /**
     * Raises the SKU's generation from {@code replacing} (the one the caller found with {@link #generation}), so that no
     * placement under an earlier copy commits from now on, and answers the durable stock (and, for a SKU with a
     * per-buyer limit, each buyer's units) as of that moment. Empty, with nothing written, when there is no such SKU or
     * its generation is no longer {@code replacing} (another copy was made since the caller looked: that one stands).
     */
    Optional<Copy> newCopy(String skuId, long replacing);

    /** An order to place under {@code orderId}, chosen by the caller (the id its take was recorded under). */
    record Placing(UUID orderId, PurchaseRequest request) {}

    /** What {@link #placeAll} came to. */
    sealed interface Placements {}

    /**
     * Written: one {@link OrderStore.Placement} per placing, in order ({@code Placed} as stored, or {@code ClaimLost}
     * for a member whose key was taken over or is applied to another order already: that member alone wrote nothing).
     */
    record Written(List<OrderStore.Placement> placements) implements Placements {}

    /**
     * Nothing was written: the copy's generation is no longer the SKU's, or the durable stock is short of the units of
     * the new orders (the copy had more than the durable record). The buyers were sold nothing; the copy must be made
     * again ({@link #newCopy}) before it sells again.
     */
    record Stale() implements Placements {}

    /**
     * Places the orders of one SKU, taken from its copy of {@code generation}, in one transaction, each at most once
     * however often it is placed (the request, then a recovery task that finds its record without its order): an
     * order whose id is stored already is answered as stored, its units not taken again, and the request's key (if
     * any) is completed with it. The idempotency claims are completed in the same transaction, fenced by their claim
     * tokens (see {@link OrderStore}). The units of the
     * orders written now are taken from the SKU's durable stock in the same conditional write that checks the
     * generation. Throws {@link IllegalArgumentException} if a placing is of another SKU, {@link IllegalStateException}
     * if an order with a placing's id is stored for another request.
     */
    Placements placeAll(String skuId, long generation, List<Placing> placings);
}
