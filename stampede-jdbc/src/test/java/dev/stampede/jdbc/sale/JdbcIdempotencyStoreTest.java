package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.IdempotencyStore.Claim;
import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.Completed;
import dev.stampede.core.sale.IdempotencyStore.InFlight;
import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseStrategy;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.RowLockHolder;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idempotency claims with owners: each {@link Instance} here is what one service process has, its own liveness and
 * store on the shared database; closing its liveness is what the database sees when the process dies.
 */
class JdbcIdempotencyStoreTest {

    /** Callers that wait for a lock each on a thread of their own (the common pool may have only one). */
    private static final Executor VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final String buyer = "buyer-" + UUID.randomUUID();
    private final List<InstanceLiveness> livenesses = new ArrayList<>();

    /** One service process: its presence in the database and its idempotency store. */
    private record Instance(InstanceLiveness liveness, JdbcIdempotencyStore store) {}

    private Instance instance() {
        InstanceLiveness liveness = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        livenesses.add(liveness);
        return new Instance(liveness, new JdbcIdempotencyStore(JdbcPurchaseContract.TRANSACTIONS, clock, liveness));
    }

    @AfterEach
    void stopInstances() {
        livenesses.forEach(InstanceLiveness::close);
    }

    @Test
    void aClaimWhoseRequestIsStillRunningIsNeverTakenOverHoweverOld() {
        Instance a = instance();
        Instance b = instance();

        assertThat(a.store().claim(buyer, "k", "sku/1")).isInstanceOf(Claimed.class);
        clock.advance(Duration.ofHours(1));

        assertThat(b.store().claim(buyer, "k", "sku/1")).isEqualTo(new InFlight("sku/1"));
        assertThat(a.store().claim(buyer, "k", "sku/1")).isEqualTo(new InFlight("sku/1"));
        assertThat(b.store().find(buyer, "k")).contains(new InFlight("sku/1"));
    }

    @Test
    void theClaimsOfAnInstanceThatIsGoneAreTakenOverAtOnce() {
        Instance a = instance();
        Instance b = instance();
        assertThat(a.store().claim(buyer, "k", "sku/1")).isInstanceOf(Claimed.class);

        a.liveness().close();

        assertThat(b.store().find(buyer, "k")).isEmpty();
        assertThat(b.store().claim(buyer, "k", "sku/2")).isInstanceOf(Claimed.class);
        assertThat(instance().store().claim(buyer, "k", "sku/2")).isEqualTo(new InFlight("sku/2"));
    }

    @Test
    void aKeyWhoseRequestEndedWithoutAnOrderIsFreeAtOnce() {
        Instance a = instance();
        Claimed first = (Claimed) a.store().claim(buyer, "k", "sku/1");

        a.store().end(buyer, "k", first.token(), false);

        assertThat(instance().store().claim(buyer, "k", "sku/2")).isInstanceOf(Claimed.class);
    }

    @Test
    void aClaimantWhoseClaimWasTakenOverCannotFreeTheKeyOfItsSuccessor() {
        Instance a = instance();
        Instance b = instance();
        Claimed first = (Claimed) a.store().claim(buyer, "k", "sku/1");
        a.liveness().close();
        Claim second = b.store().claim(buyer, "k", "sku/1");

        a.store().end(buyer, "k", first.token(), false);

        assertThat(second).isInstanceOf(Claimed.class).isNotEqualTo(first);
        assertThat(instance().store().claim(buyer, "k", "sku/1")).isEqualTo(new InFlight("sku/1"));
    }

    /**
     * Instance A claims the key and stops at the SKU's row lock; it loses its database session (as a stalled process
     * does after the silence limit) and B takes the claim over and buys. When A goes on, its completion carries its own
     * token, finds the key claimed under B's and commits nothing: one order, B's.
     */
    @Test
    void aClaimantWhoseClaimWasTakenOverCannotCompleteTheKey() throws Exception {
        String sku = "fenced-claim-" + UUID.randomUUID();
        JdbcPurchaseContract.SKUS.create(sku, "item", "conditional", 5);
        PurchaseStrategy conditional =
                JdbcPurchaseContract.STRATEGIES.named("conditional").orElseThrow();
        Instance a = instance();
        Instance b = instance();
        PurchaseRequest request = new PurchaseRequest(sku, buyer, 1, "k");
        CompletableFuture<PurchaseResult> slow;
        CompletableFuture<PurchaseResult> takeover;

        try (RowLockHolder lock =
                RowLockHolder.lock(TestDatabase.dataSource(), "SELECT 1 FROM skus WHERE id = ? FOR UPDATE", sku)) {
            slow = CompletableFuture.supplyAsync(
                    () -> new IdempotentPurchases(conditional, a.store()).purchase(request), VIRTUAL);
            lock.awaitWaiters(1);
            a.liveness().close();
            takeover = CompletableFuture.supplyAsync(
                    () -> new IdempotentPurchases(conditional, b.store()).purchase(request), VIRTUAL);
            lock.awaitWaiters(2);
        }

        assertThat(slow.join()).isEqualTo(new KeyInFlight("k"));
        Purchased bought = (Purchased) takeover.join();
        assertThat(bought.replayed()).isFalse();
        assertThat(new IdempotentPurchases(conditional, instance().store()).purchase(request))
                .isEqualTo(new Purchased(bought.order(), true));
        SaleAudit audit = JdbcPurchaseContract.SKUS.audit(sku).orElseThrow();
        assertThat(audit.orders()).isEqualTo(1);
        assertThat(audit.stock()).isEqualTo(4);
        assertThat(audit.violations()).isEmpty();
    }

    @Test
    void aKnownKeyIsFoundWithItsOrderAndAnUnknownOneIsNot() {
        String sku = "found-" + UUID.randomUUID();
        JdbcPurchaseContract.SKUS.create(sku, "item", "conditional", 5);
        Instance a = instance();
        Purchased bought = (Purchased) new IdempotentPurchases(
                        JdbcPurchaseContract.STRATEGIES.named("conditional").orElseThrow(), a.store())
                .purchase(new PurchaseRequest(sku, buyer, 2, "k"));

        assertThat(instance().store().find(buyer, "k"))
                .isEqualTo(Optional.of(new Completed(bought.order(), sku + "/2")));
        assertThat(a.store().find(buyer, "unknown")).isEmpty();
    }
}
