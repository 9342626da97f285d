package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.IdempotentPurchases;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.core.sale.token.Checkout;
import dev.stampede.core.sale.token.ClaimRequest;
import dev.stampede.core.sale.token.Grant;
import dev.stampede.core.sale.token.PoolDrift;
import dev.stampede.core.sale.token.Redemption;
import dev.stampede.core.sale.token.Release;
import dev.stampede.core.sale.token.TokenAudit;
import dev.stampede.core.sale.token.TokenClaim;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenStates;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The service stopped at a test hook between the two steps of a {@code tokens} purchase on the Redis pool: the Redis
 * claim and the ledger's record, or the ledger's redemption and Redis being told. A second instance (same Redis, same
 * PostgreSQL) carries on. Nothing acknowledged is lost, nothing is sold twice, and the units held by the dead request
 * come back when its claim expires.
 */
class TokenCrashTest {

    /** The process died here: an error no layer of the service catches. */
    static final class Death extends Error {
        Death(String where) {
            super("the service died " + where);
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private final String prefix = "crash-" + UUID.randomUUID() + ":";
    private final TokenFixture survivor = TokenFixture.on(TestRedis.connection(), clock, ledger -> ledger, prefix);

    @Test
    void aServiceThatDiesAfterTheRedisClaimLosesNothingAndItsUnitsComeBackWhenTheClaimExpires() {
        TokenFixture dying = fixture(ledger -> new HookedLedger(ledger) {
            @Override
            public Grant record(ClaimRequest request, List<Integer> tokens) {
                throw new Death("after the Redis claim, before the ledger recorded it");
            }
        });
        String sku = survivor.newSku(2);

        assertThatThrownBy(() -> dying.sale().purchase(PurchaseRequest.of(sku, "ghost", 1)))
                .isInstanceOf(Death.class);

        TokenAudit ledgerAfterDeath = survivor.tokenAudit(sku);
        assertThat(ledgerAfterDeath.free()).isEqualTo(2);
        assertThat(ledgerAfterDeath.claimed()).isZero();
        Purchased first = buy(sku, "ann");
        assertThat(survivor.sale().purchase(PurchaseRequest.of(sku, "bob", 1))).isEqualTo(new SoldOut(0));
        clock.advance(TokenFixture.PURCHASE_TTL);
        Purchased second = buy(sku, "bob");

        assertThat(second.order().id()).isNotEqualTo(first.order().id());
        assertSoldExactly(sku, 2);
    }

    /**
     * The redemption is group-committed in a writer thread, so the service is stopped there (paused for the rest of
     * the test, as a process stopped with SIGSTOP) right after the ledger's commit, before Redis or the buyer heard of
     * it: an exception would only reach the queue, which answers busy.
     */
    @Test
    void aServiceThatDiesAfterTheLedgerRedeemedKeepsTheOrderForTheRetryAndItsTokenIsNeverSoldAgain()
            throws InterruptedException {
        CountDownLatch committed = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        TokenFixture dying = fixture(ledger -> new HookedLedger(ledger) {
            @Override
            public List<Checkout> redeemAll(List<Redemption> redemptions, Instant now) {
                List<Checkout> redeemed = super.redeemAll(redemptions, now);
                committed.countDown();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new Death("after the ledger redeemed " + redeemed + ", before Redis was told");
            }
        });
        String sku = survivor.newSku(2);
        PurchaseRequest keyed = new PurchaseRequest(sku, "ghost", 1, "ghost-key");
        AtomicReference<Object> dyingAnswer = new AtomicReference<>();
        Thread dyingBuyer = Thread.ofVirtual().start(() -> {
            try {
                dyingAnswer.set(new IdempotentPurchases(dying.sale(), TokenFixture.IDEMPOTENCY).purchase(keyed));
            } catch (RuntimeException e) {
                dyingAnswer.set(e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed.getCount() == 0);

            PurchaseResult retried = new IdempotentPurchases(survivor.sale(), TokenFixture.IDEMPOTENCY).purchase(keyed);
            assertThat(retried)
                    .isInstanceOfSatisfying(
                            Purchased.class,
                            replay -> assertThat(replay.replayed()).isTrue());
            TokenAudit afterDeath = survivor.tokenAudit(sku);
            assertThat(afterDeath.redeemed()).isEqualTo(1);
            assertThat(afterDeath.drift()).contains(new PoolDrift(0, 0, 1));
            buy(sku, "ann");
            clock.advance(TokenFixture.PURCHASE_TTL);
            assertThat(survivor.sale().purchase(PurchaseRequest.of(sku, "bob", 1)))
                    .isEqualTo(new SoldOut(0));
            assertSoldExactly(sku, 2);
        } finally {
            stopped.countDown();
            dyingBuyer.join();
        }
        // Resumed, its writer fails after the commit: its buyer is answered the order the retry got, not a busy.
        assertThat(dyingAnswer.get())
                .isInstanceOfSatisfying(
                        Purchased.class,
                        late -> assertThat(late.order().buyerId()).isEqualTo("ghost"));
        assertSoldExactly(sku, 2);
    }

    @Test
    void whenTheLedgerCannotRecordAClaimItsTokensGoBackToRedisAtOnce() {
        TokenFixture failing = fixture(ledger -> new HookedLedger(ledger) {
            @Override
            public Grant record(ClaimRequest request, List<Integer> tokens) {
                throw new StoreUnavailableException("database unavailable", null);
            }
        });
        String sku = survivor.newSku(1);

        assertThatThrownBy(() -> failing.sale().purchase(PurchaseRequest.of(sku, "unlucky", 1)))
                .isInstanceOf(StoreUnavailableException.class);

        buy(sku, "next");
        assertSoldExactly(sku, 1);
    }

    private TokenFixture fixture(UnaryOperator<TokenLedger> hook) {
        return TokenFixture.on(TestRedis.connection(), clock, hook, prefix);
    }

    private Purchased buy(String sku, String buyer) {
        PurchaseResult result = survivor.sale().purchase(PurchaseRequest.of(sku, buyer, 1));
        assertThat(result).isInstanceOf(Purchased.class);
        return (Purchased) result;
    }

    private void assertSoldExactly(String sku, int units) {
        SaleAudit audit = survivor.audit(sku);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(units);
        assertThat(audit.unitsInOrders()).isEqualTo(units);
        TokenAudit tokens = survivor.tokenAudit(sku);
        assertThat(tokens.violations()).isEmpty();
        assertThat(tokens.redeemed()).isEqualTo(units);
    }

    /** A ledger that does what the one it wraps does, except where a test overrides a step. */
    private static class HookedLedger implements TokenLedger {

        private final TokenLedger ledger;

        HookedLedger(TokenLedger ledger) {
            this.ledger = ledger;
        }

        @Override
        public Grant claimFree(ClaimRequest request) {
            return ledger.claimFree(request);
        }

        @Override
        public Grant record(ClaimRequest request, List<Integer> tokens) {
            return ledger.record(request, tokens);
        }

        @Override
        public Checkout checkout(UUID claimId, Instant now) {
            return ledger.checkout(claimId, now);
        }

        @Override
        public List<Checkout> redeemAll(List<Redemption> redemptions, Instant now) {
            return ledger.redeemAll(redemptions, now);
        }

        @Override
        public Release release(UUID claimId, Instant now) {
            return ledger.release(claimId, now);
        }

        @Override
        public Optional<TokenClaim> find(UUID claimId) {
            return ledger.find(claimId);
        }

        @Override
        public Optional<TokenStates> states(String skuId, Instant now) {
            return ledger.states(skuId, now);
        }

        @Override
        public List<String> skus() {
            return ledger.skus();
        }

        @Override
        public int sweep(Instant now) {
            return ledger.sweep(now);
        }

        @Override
        public void returned(String skuId) {
            ledger.returned(skuId);
        }
    }
}
