package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.Completed;
import dev.stampede.core.sale.OrderStore.Placement;
import dev.stampede.core.sale.OrderStore.Placement.ClaimLost;
import dev.stampede.core.sale.OrderStore.Placement.Placed;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.core.sale.StockCopies.Copy;
import dev.stampede.core.sale.StockCopies.Placing;
import dev.stampede.core.sale.StockCopies.Stale;
import dev.stampede.core.sale.StockCopies.Written;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StockCopies} must do: a new copy raises the generation and reads the durable stock; orders taken
 * from a copy are written at most once each, only while its generation is current and the durable stock covers them,
 * their claims completed with them; one member whose claim was taken over fails alone. An implementation's test
 * supplies the store, the idempotency store whose claims it completes, a way to put a SKU on sale, and the audit.
 */
public abstract class StockCopiesContract {

    protected abstract StockCopies stockCopies();

    protected abstract IdempotencyStore idempotencyStore();

    /** Puts a new SKU with this stock and per-buyer limit on sale, its stock copied elsewhere, and returns its id. */
    protected abstract String newSku(int stock, OptionalInt maxPerBuyer);

    private String newSku(int stock) {
        return newSku(stock, OptionalInt.empty());
    }

    protected abstract SaleAudit audit(String skuId);

    /** A new copy replacing the SKU's current one (empty: no such SKU). */
    private Optional<Copy> newCopy(String skuId) {
        OptionalLong current = stockCopies().generation(skuId);
        return current.isEmpty() ? Optional.empty() : stockCopies().newCopy(skuId, current.getAsLong());
    }

    @Test
    void eachNewCopyHasALaterGenerationAndTheDurableStock() {
        String sku = newSku(10);

        Copy first = newCopy(sku).orElseThrow();
        place(sku, first.generation(), PurchaseRequest.of(sku, "buyer", 3));
        Copy second = newCopy(sku).orElseThrow();

        assertThat(first.stock()).isEqualTo(10);
        assertThat(second.generation()).isGreaterThan(first.generation());
        assertThat(second).isEqualTo(new Copy(second.generation(), 10, 7, OptionalInt.empty(), Map.of()));
        assertThat(newCopy("no-such-sku-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aNewCopyFromAGenerationThatIsNoLongerTheSkusWritesNothingAndTheLaterCopyStands() {
        String sku = newSku(10);
        long seen = stockCopies().generation(sku).orElseThrow();
        Copy meanwhile = stockCopies().newCopy(sku, seen).orElseThrow();
        place(sku, meanwhile.generation(), PurchaseRequest.of(sku, "buyer", 2));

        assertThat(stockCopies().newCopy(sku, seen))
                .as("a copier that looked before the other copy")
                .isEmpty();

        assertThat(stockCopies().generation(sku)).hasValue(meanwhile.generation());
        assertThat(audit(sku).orders())
                .as("the order taken from the standing copy")
                .isEqualTo(1);
        assertThat(stockCopies().generation("no-such-sku-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aCopyOfASkuWithAPerBuyerLimitCarriesTheUnitsEachBuyerHolds() {
        String sku = newSku(10, OptionalInt.of(3));
        long generation = newCopy(sku).orElseThrow().generation();
        place(sku, generation, PurchaseRequest.of(sku, "ann", 1));
        place(sku, generation, PurchaseRequest.of(sku, "ann", 2));
        place(sku, generation, PurchaseRequest.of(sku, "ben", 1));

        Copy copy = newCopy(sku).orElseThrow();

        assertThat(copy.maxPerBuyer()).hasValue(3);
        assertThat(copy.heldByBuyer()).isEqualTo(Map.of("ann", 3, "ben", 1));
        assertThat(copy.stock()).isEqualTo(6);
    }

    @Test
    void ordersTakenFromAnEarlierCopyAreNotWritten() {
        String sku = newSku(10);
        long stale = newCopy(sku).orElseThrow().generation();
        newCopy(sku);

        var placements = stockCopies()
                .placeAll(sku, stale, List.of(new Placing(UUID.randomUUID(), PurchaseRequest.of(sku, "buyer", 1))));

        assertThat(placements).isEqualTo(new Stale());
        assertThat(audit(sku).orders()).isZero();
        assertThat(newCopy(sku).orElseThrow().stock()).isEqualTo(10);
    }

    @Test
    void ordersTheDurableStockCannotCoverAreNotWrittenAtAll() {
        String sku = newSku(3);
        long generation = newCopy(sku).orElseThrow().generation();

        var placements = stockCopies()
                .placeAll(
                        sku,
                        generation,
                        List.of(
                                new Placing(UUID.randomUUID(), PurchaseRequest.of(sku, "a", 2)),
                                new Placing(UUID.randomUUID(), PurchaseRequest.of(sku, "b", 2))));

        assertThat(placements).isEqualTo(new Stale());
        assertThat(audit(sku).orders()).isZero();
    }

    @Test
    void anOrderPlacedUnderItsIdIsWrittenAndItsUnitsTakenOnceHoweverOftenItIsPlaced() {
        String sku = newSku(10);
        long generation = newCopy(sku).orElseThrow().generation();
        Placing placing = new Placing(UUID.randomUUID(), PurchaseRequest.of(sku, "buyer", 2));

        Placed first = place(sku, generation, placing);
        Placed again = place(sku, generation, placing);
        long later = newCopy(sku).orElseThrow().generation();
        Placed afterANewCopy = place(sku, later - 1, placing);

        assertThat(first.order().id()).isEqualTo(placing.orderId());
        assertThat(again).isEqualTo(first);
        assertThat(afterANewCopy).isEqualTo(first);
        assertThat(audit(sku).orders()).isEqualTo(1);
        assertThat(newCopy(sku).orElseThrow().stock()).isEqualTo(8);
    }

    @Test
    void aKeyedRetryOfAnOrderPlacedWithoutItsKeyCompletesTheKeyWithThatOrder() {
        String sku = newSku(10);
        long generation = newCopy(sku).orElseThrow().generation();
        UUID orderId = UUID.randomUUID();
        PurchaseRequest request = new PurchaseRequest(sku, "buyer", 1, "key-" + UUID.randomUUID());
        Placed recovered = place(sku, generation, new Placing(orderId, PurchaseRequest.of(sku, "buyer", 1)));
        Claimed claimed = (Claimed) idempotencyStore().claim("buyer", request.idempotencyKey(), request.fingerprint());

        Placed placed = place(sku, generation, new Placing(orderId, request.withClaim(claimed.token())));

        assertThat(placed).isEqualTo(recovered);
        assertThat(idempotencyStore().find("buyer", request.idempotencyKey()))
                .contains(new Completed(recovered.order(), request.fingerprint()));
        assertThat(audit(sku).orders()).isEqualTo(1);
    }

    @Test
    void aMemberWhoseClaimWasTakenOverFailsAloneAndTheOthersAreWritten() {
        String sku = newSku(10);
        long generation = newCopy(sku).orElseThrow().generation();
        PurchaseRequest keyed = new PurchaseRequest(sku, "late", 1, "key-" + UUID.randomUUID());
        Claimed first = (Claimed) idempotencyStore().claim("late", keyed.idempotencyKey(), keyed.fingerprint());
        idempotencyStore().end("late", keyed.idempotencyKey(), first.token(), false);
        idempotencyStore().claim("late", keyed.idempotencyKey(), keyed.fingerprint());
        PurchaseRequest lost = keyed.withClaim(first.token());
        AtomicLong buyers = new AtomicLong();
        List<Placing> placings = List.of(
                new Placing(UUID.randomUUID(), PurchaseRequest.of(sku, "b-" + buyers.incrementAndGet(), 1)),
                new Placing(UUID.randomUUID(), lost),
                new Placing(UUID.randomUUID(), PurchaseRequest.of(sku, "b-" + buyers.incrementAndGet(), 2)));

        Written written = (Written) stockCopies().placeAll(sku, generation, placings);

        assertThat(written.placements().get(0)).isInstanceOf(Placed.class);
        assertThat(written.placements().get(1)).isEqualTo(new ClaimLost(lost));
        assertThat(written.placements().get(2)).isInstanceOf(Placed.class);
        assertThat(audit(sku).orders()).isEqualTo(2);
        assertThat(audit(sku).unitsInOrders()).isEqualTo(3);
        assertThat(newCopy(sku).orElseThrow().stock()).isEqualTo(7);
    }

    @Test
    void anOrderIdStoredForAnotherRequestIsRefusedAsABug() {
        String sku = newSku(10);
        long generation = newCopy(sku).orElseThrow().generation();
        UUID orderId = UUID.randomUUID();
        place(sku, generation, new Placing(orderId, PurchaseRequest.of(sku, "buyer", 1)));

        assertThatThrownBy(() -> stockCopies()
                        .placeAll(sku, generation, List.of(new Placing(orderId, PurchaseRequest.of(sku, "other", 1)))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(audit(sku).orders()).isEqualTo(1);
    }

    private Placed place(String sku, long generation, PurchaseRequest request) {
        return place(sku, generation, new Placing(UUID.randomUUID(), request));
    }

    private Placed place(String sku, long generation, Placing placing) {
        Written written = (Written) stockCopies().placeAll(sku, generation, List.of(placing));
        Placement only = written.placements().getFirst();
        return (Placed) only;
    }
}
