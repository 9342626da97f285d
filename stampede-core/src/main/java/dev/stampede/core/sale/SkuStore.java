package dev.stampede.core.sale;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where SKUs are put on sale and read back, and where their invariants are audited. The stock itself is taken only by
 * a {@link PurchaseStrategy}, and given back only by {@link #restock}.
 *
 * <p>Every method is one atomic step of the store. Each throws {@link dev.stampede.core.StoreUnavailableException} when
 * the store cannot be reached or refuses the work for a transient reason; nothing was changed then.
 */
public interface SkuStore {

    /**
     * Puts a SKU on sale with its full stock ({@code stock} units, {@code strategy} naming the {@link PurchaseStrategy}
     * that will sell it), each buyer limited to {@code maxPerBuyer} units in all (empty: no limit; see {@link
     * Sku#maxPerBuyer()}).
     *
     * @return false if the id is taken (nothing changed then): of concurrent creations of one id exactly one wins
     */
    boolean create(String id, String name, String strategy, int stock, OptionalInt maxPerBuyer);

    /** {@link #create(String, String, String, int, OptionalInt)} with no per-buyer limit. */
    default boolean create(String id, String name, String strategy, int stock) {
        return create(id, name, strategy, stock, OptionalInt.empty());
    }

    /**
     * Puts {@code units} more units of the SKU on sale (its stock and its initial stock both grow, so the audit still
     * holds), and tells every instance in the same transaction ({@link StockReturnFeed}), so that none keeps answering
     * sold out from memory. Safe beside every strategy's decisive step: it also moves the SKU's version and fence, so
     * that an optimistic write or a lease holder's write that read the stock before it is refused and tried again
     * instead of overwriting it.
     *
     * @param units at least 1
     * @return the SKU after the restock; empty if no SKU has this id (nothing changed then)
     */
    Optional<Sku> restock(String id, int units);

    /** The SKU as stored now; empty if no SKU has this id. */
    Optional<Sku> find(String id);

    /** The invariants of one SKU, read from one snapshot of the store; empty if the SKU does not exist. */
    Optional<SaleAudit> audit(String id);
}
