package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.Completed;
import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.Order;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.KeyReused;
import dev.stampede.core.sale.PurchaseResult.OverBuyerLimit;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.PurchaseResult.UnknownSku;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PurchaseStrategy} must do. An implementation's test extends this and supplies the strategy, a way
 * to put a SKU on sale, the audit of its store, and the idempotency store its orders complete claims in.
 */
public abstract class PurchaseStrategyContract {

    protected abstract PurchaseStrategy strategy();

    /**
     * Puts a new SKU with this stock on sale for the strategy under test, each buyer limited to {@code maxPerBuyer}
     * units in all (empty: no limit), and returns its id.
     */
    protected abstract String newSku(int stock, OptionalInt maxPerBuyer);

    /** A new SKU with this stock and no per-buyer limit. */
    protected final String newSku(int stock) {
        return newSku(stock, OptionalInt.empty());
    }

    protected abstract SaleAudit audit(String skuId);

    protected abstract IdempotencyStore idempotencyStore();

    @Test
    void concurrentBuyersSellExactlyTheStockAndNoMore() {
        String sku = newSku(500);

        SaleFuzz.Outcome outcome = SaleFuzz.run(strategy(), 64, 1_000, i -> PurchaseRequest.of(sku, "buyer-" + i, 1));

        List<Purchased> sold = outcome.of(Purchased.class);
        assertThat(sold).hasSize(500);
        assertThat(outcome.of(SoldOut.class)).hasSize(500).allMatch(s -> s.remaining() == 0);
        assertThat(outcome.results()).hasSize(1_000);
        assertThat(distinctOrderIds(sold)).hasSize(500);
        assertThat(sold).extracting(p -> p.order().buyerId()).doesNotHaveDuplicates();
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isZero();
        assertThat(audit.orders()).isEqualTo(500);
    }

    @Test
    void lastUnitIsSoldExactlyOnceUnderContention() {
        String sku = newSku(1);

        SaleFuzz.Outcome outcome = SaleFuzz.run(strategy(), 200, 200, i -> PurchaseRequest.of(sku, "fan-" + i, 1));

        assertThat(outcome.of(Purchased.class)).hasSize(1);
        assertThat(outcome.of(SoldOut.class)).hasSize(199);
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(1);
        assertThat(audit.stock()).isZero();
    }

    @Test
    void multiUnitPurchasesAreSoldWholeOrNotAtAll() {
        String sku = newSku(10);

        SaleFuzz.Outcome outcome = SaleFuzz.run(strategy(), 16, 16, i -> new PurchaseRequest(sku, "b" + i, 3, null));

        assertThat(outcome.of(Purchased.class))
                .hasSize(3)
                .allMatch(p -> p.order().quantity() == 3);
        assertThat(outcome.of(SoldOut.class)).hasSize(13).allMatch(s -> s.remaining() == 1);
        assertThat(strategy().purchase(PurchaseRequest.of(sku, "late", 1))).isInstanceOf(Purchased.class);
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isZero();
        assertThat(audit.unitsInOrders()).isEqualTo(10);
    }

    @Test
    void askingForMoreThanIsLeftChangesNothing() {
        String sku = newSku(2);

        assertThat(strategy().purchase(new PurchaseRequest(sku, "greedy", 3, null)))
                .isEqualTo(new SoldOut(2));

        SaleAudit audit = audit(sku);
        assertThat(audit.stock()).isEqualTo(2);
        assertThat(audit.orders()).isZero();
    }

    @Test
    void aSkuThatDoesNotExistIsReportedAsUnknown() {
        String missing = "missing-" + UUID.randomUUID();

        assertThat(strategy().purchase(PurchaseRequest.of(missing, "b", 1))).isEqualTo(new UnknownSku(missing));
    }

    @Test
    void aReplayedIdempotencyKeyAnswersTheFirstOrderAndSellsNothingMore() {
        String sku = newSku(5);
        PurchaseStrategy idempotent = new IdempotentPurchases(strategy(), idempotencyStore());
        PurchaseRequest first = new PurchaseRequest(sku, "carol-" + sku, 2, "key-1");

        Purchased original = (Purchased) idempotent.purchase(first);
        PurchaseResult replay = idempotent.purchase(first);
        PurchaseResult otherBody = idempotent.purchase(new PurchaseRequest(sku, "carol-" + sku, 1, "key-1"));
        PurchaseResult otherBuyer = idempotent.purchase(new PurchaseRequest(sku, "dave-" + sku, 1, "key-1"));

        assertThat(original.replayed()).isFalse();
        assertThat(replay).isEqualTo(new Purchased(original.order(), true));
        assertThat(otherBody).isEqualTo(new KeyReused("key-1"));
        assertThat(otherBuyer).isInstanceOf(Purchased.class);
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isEqualTo(2);
        assertThat(audit.orders()).isEqualTo(2);
    }

    @Test
    void aKeySentManyTimesAtOnceBuysOnce() {
        String sku = newSku(50);
        PurchaseStrategy idempotent = new IdempotentPurchases(strategy(), idempotencyStore());

        SaleFuzz.Outcome outcome =
                SaleFuzz.run(idempotent, 32, 32, i -> new PurchaseRequest(sku, "erin-" + sku, 1, "double-click"));

        List<Purchased> purchased = outcome.of(Purchased.class);
        assertThat(purchased).filteredOn(p -> !p.replayed()).hasSize(1);
        assertThat(distinctOrderIds(purchased)).hasSize(1);
        assertThat(outcome.results()).allMatch(r -> r instanceof Purchased || r instanceof KeyInFlight);
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(1);
        assertThat(audit.stock()).isEqualTo(49);
    }

    @Test
    void aKeyWhosePurchaseFailedMayBeUsedAgain() {
        String sku = newSku(1);
        PurchaseStrategy idempotent = new IdempotentPurchases(strategy(), idempotencyStore());

        assertThat(idempotent.purchase(new PurchaseRequest(sku, "frank-" + sku, 2, "retry-me")))
                .isEqualTo(new SoldOut(1));
        PurchaseResult retried = idempotent.purchase(new PurchaseRequest(sku, "frank-" + sku, 1, "retry-me"));

        assertThat(retried).isInstanceOf(Purchased.class);
        assertThat(audit(sku).orders()).isEqualTo(1);
    }

    /**
     * The fence of an idempotency claim lives in the strategy's write: a purchase carrying a claim token under which its
     * key is no longer claimed (another request took the key meanwhile) commits nothing and answers in-flight.
     */
    @Test
    void aPurchaseWhoseKeyIsNoLongerClaimedUnderItsTokenCommitsNothing() {
        String sku = newSku(5);
        IdempotencyStore store = idempotencyStore();
        String buyer = "gail-" + sku;
        PurchaseRequest request = new PurchaseRequest(sku, buyer, 1, "taken-over");
        Claimed first = (Claimed) store.claim(buyer, "taken-over", request.fingerprint());
        store.end(buyer, "taken-over", first.token(), false);
        Claimed second = (Claimed) store.claim(buyer, "taken-over", request.fingerprint());

        PurchaseResult stale = strategy().purchase(request.withClaim(first.token()));
        PurchaseResult current = strategy().purchase(request.withClaim(second.token()));
        store.end(buyer, "taken-over", second.token(), current instanceof Purchased);

        assertThat(stale).isEqualTo(new KeyInFlight("taken-over"));
        assertThat(current).isInstanceOf(Purchased.class);
        assertThat(store.find(buyer, "taken-over"))
                .contains(new Completed(((Purchased) current).order(), request.fingerprint()));
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(1);
        assertThat(audit.stock()).isEqualTo(4);
    }

    /**
     * Issue 13, item 6: 64 threads, 8 buyers each retrying 80 purchases of 1 or 2 units, a limit of 3 per buyer and
     * stock for all of them: every buyer ends with exactly 3 units (a 1-unit request always fits below the limit), none
     * with more, and every refusal changed nothing.
     */
    @Test
    void theSameBuyersRetryingAtOnceNeverHoldMoreThanTheLimit() {
        String sku = newSku(100, OptionalInt.of(3));

        SaleFuzz.Outcome outcome = SaleFuzz.run(strategy(), 64, 640, i -> limitedRequest(sku, i));

        Map<String, Integer> units = unitsByBuyer(outcome.of(Purchased.class));
        assertThat(units)
                .hasSize(8)
                .allSatisfy((buyer, held) -> assertThat(held).isEqualTo(3));
        assertThat(outcome.of(OverBuyerLimit.class))
                .hasSize(640 - outcome.of(Purchased.class).size())
                .allMatch(over -> over.maxPerBuyer() == 3 && over.held() >= 2);
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.unitsInOrders()).isEqualTo(24);
        assertThat(audit.stock()).isEqualTo(76);
    }

    /**
     * The same buyers, 1 unit at a time, with less stock (20) than they may take together (24): exactly the stock is
     * sold, no buyer passes 3, and every other answer is a refusal.
     */
    @Test
    void whenTheStockRunsOutBeforeTheLimitsExactlyTheStockIsSoldAndNoBuyerPassesTheLimit() {
        String sku = newSku(20, OptionalInt.of(3));

        SaleFuzz.Outcome outcome =
                SaleFuzz.run(strategy(), 64, 640, i -> PurchaseRequest.of(sku, "scarce-" + (i % 8) + "-" + sku, 1));

        Map<String, Integer> units = unitsByBuyer(outcome.of(Purchased.class));
        assertThat(units.values()).allMatch(held -> held <= 3);
        assertThat(outcome.of(Purchased.class)).hasSize(20);
        assertThat(outcome.results())
                .hasSize(640)
                .allMatch(r -> r instanceof Purchased || r instanceof OverBuyerLimit || r instanceof SoldOut);
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.stock()).isZero();
        assertThat(audit.unitsInOrders()).isEqualTo(20);
    }

    @Test
    void aPurchaseOverTheLimitIsRefusedAndChangesNothing() {
        String sku = newSku(10, OptionalInt.of(2));
        String buyer = "hal-" + sku;
        assertThat(strategy().purchase(new PurchaseRequest(sku, buyer, 2, null)))
                .isInstanceOf(Purchased.class);

        PurchaseResult again = strategy().purchase(PurchaseRequest.of(sku, buyer, 1));
        PurchaseResult tooMany = strategy().purchase(new PurchaseRequest(sku, "ida-" + sku, 3, null));
        PurchaseResult other = strategy().purchase(PurchaseRequest.of(sku, "ida-" + sku, 1));

        assertThat(again).isEqualTo(new OverBuyerLimit(2, 2));
        assertThat(tooMany).isEqualTo(new OverBuyerLimit(2, 0));
        assertThat(other).isInstanceOf(Purchased.class);
        SaleAudit audit = audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(2);
        assertThat(audit.stock()).isEqualTo(7);
    }

    /** The {@code i}th request of the per-buyer fuzz: 8 buyers in turn, every third request for 2 units. */
    private static PurchaseRequest limitedRequest(String sku, int i) {
        return new PurchaseRequest(sku, "limited-" + (i % 8) + "-" + sku, i % 3 == 0 ? 2 : 1, null);
    }

    private static Map<String, Integer> unitsByBuyer(List<Purchased> purchased) {
        return purchased.stream()
                .map(Purchased::order)
                .collect(Collectors.toMap(Order::buyerId, Order::quantity, Integer::sum));
    }

    private static Set<UUID> distinctOrderIds(List<Purchased> purchased) {
        Set<UUID> ids = new HashSet<>();
        purchased.stream().map(Purchased::order).map(Order::id).forEach(ids::add);
        return ids;
    }
}
