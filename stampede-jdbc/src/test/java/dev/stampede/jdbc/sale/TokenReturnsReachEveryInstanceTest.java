package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.KnownSoldOut;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.token.Grant;
import dev.stampede.core.sale.token.Release;
import dev.stampede.core.sale.token.TokenClaim;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7, for {@code tokens}: tokens that come back (a released claim, an expired claim ended by the sweeper
 * or by a later claim) reach the sold-out memory of every instance, so that an instance that answered sold out sells
 * again. Two instances in one process, each its own sale and memory and its own feed, over one database; time injected.
 */
class TokenReturnsReachEveryInstanceTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final TokenLedger ledger = JdbcSaleStores.tokens(
            JdbcPurchaseContract.TRANSACTIONS,
            clock,
            StrategySettings.defaults().retry(),
            4);
    private final ListeningInstances instances = new ListeningInstances();
    private final TokenSale claims = sale();
    private final KnownSoldOut first = instances.of(sale());
    private final KnownSoldOut second = instances.of(sale());
    private final String sku = newSku();

    @AfterEach
    void stopListening() {
        instances.close();
    }

    @Test
    void aReleasedClaimReachesTheSoldOutMemoryOfEveryInstance() {
        TokenClaim claim = granted(claims.claim(sku, "ann", 2));
        bothAnswerSoldOutFromMemory();

        assertThat(claims.release(claim.id())).isEqualTo(new Release.Freed(claim, true));

        bothSellAgain();
    }

    @Test
    void aClaimThatExpiredReachesEveryInstanceWhenTheSweeperEndsIt() {
        TokenClaim claim = granted(claims.claim(sku, "bob", 2));
        bothAnswerSoldOutFromMemory();
        clock.advancePast(claim.expiresAt());
        assertThat(first.isKnownSoldOut(sku))
                .as("expiry alone is news to nobody")
                .isTrue();

        assertThat(ledger.sweep(clock.instant())).isGreaterThanOrEqualTo(1);

        bothSellAgain();
    }

    /** The later claim takes one of the two tokens; the other is free again, and every instance hears so. */
    @Test
    void aClaimThatExpiredReachesEveryInstanceWhenALaterClaimEndsIt() {
        TokenClaim claim = granted(claims.claim(sku, "cat", 2));
        bothAnswerSoldOutFromMemory();
        clock.advancePast(claim.expiresAt());

        granted(claims.claim(sku, "dan", 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isKnownSoldOut(sku) && !second.isKnownSoldOut(sku));
        assertThat(second.purchase(PurchaseRequest.of(sku, "eve", 1))).isInstanceOf(Purchased.class);
        assertThat(first.purchase(PurchaseRequest.of(sku, "fay", 1))).isEqualTo(new SoldOut(0));
    }

    private void bothAnswerSoldOutFromMemory() {
        assertThat(first.purchase(PurchaseRequest.of(sku, "late-1", 1))).isEqualTo(new SoldOut(0));
        assertThat(second.purchase(PurchaseRequest.of(sku, "late-2", 1))).isEqualTo(new SoldOut(0));
        assertThat(first.isKnownSoldOut(sku)).isTrue();
        assertThat(second.isKnownSoldOut(sku)).isTrue();
    }

    private void bothSellAgain() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isKnownSoldOut(sku) && !second.isKnownSoldOut(sku));
        assertThat(first.purchase(PurchaseRequest.of(sku, "back-1", 1))).isInstanceOf(Purchased.class);
        assertThat(second.purchase(PurchaseRequest.of(sku, "back-2", 1))).isInstanceOf(Purchased.class);
        assertThat(second.purchase(PurchaseRequest.of(sku, "after", 1))).isEqualTo(new SoldOut(0));
        assertThat(JdbcPurchaseContract.SKUS.audit(sku).orElseThrow().violations())
                .isEmpty();
    }

    private TokenSale sale() {
        return PostgresTokenSales.on(ledger, clock, TTL, PurchaseListener.NONE);
    }

    private static TokenClaim granted(Grant grant) {
        assertThat(grant).isInstanceOf(Grant.Granted.class);
        return ((Grant.Granted) grant).claim();
    }

    private static String newSku() {
        return JdbcPurchaseContract.newSku(TokenSale.NAME, 2, OptionalInt.empty());
    }
}
