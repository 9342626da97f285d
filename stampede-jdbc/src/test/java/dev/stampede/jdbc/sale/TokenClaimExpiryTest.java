package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.token.Checkout;
import dev.stampede.core.sale.token.Grant;
import dev.stampede.core.sale.token.Release;
import dev.stampede.core.sale.token.TokenAudit;
import dev.stampede.core.sale.token.TokenClaim;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.jdbc.Sql;
import dev.stampede.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two-phase claims of the {@code tokens} strategy on PostgreSQL, with time injected: a claim holds its tokens until
 * it expires, then they are free again by the conditional writes alone (no sweeper), and the claim can no longer be
 * checked out; checkout is idempotent; release frees at once.
 */
class TokenClaimExpiryTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private final TokenLedger ledger = JdbcSaleStores.tokens(
            JdbcPurchaseContract.TRANSACTIONS,
            clock,
            StrategySettings.defaults().retry(),
            4);
    private final TokenSale sale = PostgresTokenSales.on(ledger, clock, TTL, PurchaseListener.NONE);
    private final String sku = newSku(3);

    @Test
    void anExpiredClaimFreesItsTokensAndCannotBeCheckedOut() {
        TokenClaim first = granted(sale.claim(sku, "ann", 2));
        assertThat(sale.claim(sku, "bob", 2)).isEqualTo(new Grant.Short(1));

        clock.advancePast(first.expiresAt());

        TokenClaim second = granted(sale.claim(sku, "bob", 2));
        assertThat(second.tokens()).hasSize(2);
        assertThat(sale.checkout(first.id())).isEqualTo(new Checkout.Expired(first));
        assertThat(sale.checkout(second.id())).isInstanceOf(Checkout.Redeemed.class);
        TokenAudit audit = sale.audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.redeemed()).isEqualTo(2);
        assertThat(audit.free()).isEqualTo(1);
        assertThat(audit.unitsInOrders()).isEqualTo(2);
    }

    @Test
    void aClaimIsOpenUntilTheInstantItExpires() {
        TokenClaim claim = granted(sale.claim(sku, "cat", 1));

        clock.advance(TTL.minusMillis(1));
        Checkout inTime = sale.checkout(claim.id());

        assertThat(inTime).isInstanceOf(Checkout.Redeemed.class);
        TokenClaim late = granted(sale.claim(sku, "dan", 1));
        clock.advance(TTL);
        assertThat(clock.instant()).isEqualTo(late.expiresAt());
        assertThat(sale.checkout(late.id())).isEqualTo(new Checkout.Expired(late));
    }

    @Test
    void aSecondCheckoutAnswersTheSameOrderAndSellsNothingMore() {
        TokenClaim claim = granted(sale.claim(sku, "eve", 2));

        Checkout.Redeemed first = (Checkout.Redeemed) sale.checkout(claim.id());
        Checkout.Redeemed again = (Checkout.Redeemed) sale.checkout(claim.id());

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.order()).isEqualTo(first.order());
        assertThat(first.order().quantity()).isEqualTo(2);
        assertThat(sale.audit(sku).orElseThrow().unitsInOrders()).isEqualTo(2);
        assertThat(sale.release(claim.id())).isEqualTo(new Release.AlreadyRedeemed(claim));
    }

    @Test
    void aReleasedClaimFreesItsTokensAtOnceAndCannotBeCheckedOut() {
        TokenClaim claim = granted(sale.claim(sku, "fay", 3));
        assertThat(sale.claim(sku, "gus", 1)).isEqualTo(new Grant.Short(0));

        assertThat(sale.release(claim.id())).isEqualTo(new Release.Freed(claim, true));
        assertThat(sale.release(claim.id())).isEqualTo(new Release.Freed(claim, false));

        assertThat(sale.checkout(claim.id())).isEqualTo(new Checkout.Released(claim));
        assertThat(granted(sale.claim(sku, "gus", 3)).tokens()).containsExactlyInAnyOrderElementsOf(claim.tokens());
    }

    @Test
    void anUnknownClaimIsReportedAsSuch() {
        UUID missing = UUID.randomUUID();

        assertThat(sale.checkout(missing)).isEqualTo(new Checkout.UnknownClaim(missing));
        assertThat(sale.release(missing)).isEqualTo(new Release.UnknownClaim(missing));
    }

    /** The expired claim is on another SKU, so that no later claim of this SKU can have ended it before the sweep. */
    @Test
    void theSweeperOnlyTidiesWhatHadExpiredAlready() {
        String other = newSku(1, OptionalInt.empty());
        TokenClaim expired = granted(sale.claim(other, "hal", 1));
        clock.advancePast(expired.expiresAt());
        TokenClaim open = granted(sale.claim(sku, "ida", 1));
        TokenAudit before = sale.audit(sku).orElseThrow();

        int swept = ledger.sweep(clock.instant());

        assertThat(swept).isGreaterThanOrEqualTo(1);
        assertThat(sale.audit(sku).orElseThrow()).isEqualTo(before);
        assertThat(before.claimed()).isEqualTo(1);
        assertThat(sale.checkout(expired.id())).isEqualTo(new Checkout.Expired(expired));
        assertThat(sale.checkout(open.id())).isInstanceOf(Checkout.Redeemed.class);
    }

    /** Issue 13, item 6, two-phase: open claims count against the limit, so a buyer cannot hoard tokens in claims. */
    @Test
    void aBuyerCannotClaimPastTheLimitAndAReleasedClaimGivesItsUnitsBack() {
        String limited = newSku(10, OptionalInt.of(2));
        TokenClaim first = granted(sale.claim(limited, "jon", 2));

        assertThat(sale.claim(limited, "jon", 1)).isEqualTo(new Grant.OverBuyerLimit(2, 2));
        assertThat(sale.claim(limited, "kim", 3)).isEqualTo(new Grant.OverBuyerLimit(2, 0));
        assertThat(sale.release(first.id())).isEqualTo(new Release.Freed(first, true));
        assertThat(unitsHeld(limited, "jon")).isZero();

        TokenClaim second = granted(sale.claim(limited, "jon", 2));
        assertThat(sale.checkout(second.id())).isInstanceOf(Checkout.Redeemed.class);
        assertThat(sale.claim(limited, "jon", 1)).isEqualTo(new Grant.OverBuyerLimit(2, 2));
        assertThat(unitsHeld(limited, "jon")).isEqualTo(2);
        TokenAudit audit = sale.audit(limited).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.unitsInOrders()).isEqualTo(2);
    }

    /** A buyer's expired claim counts no more: its next claim ends it and takes its units again. */
    @Test
    void anExpiredClaimGivesItsBuyersUnitsBack() {
        String limited = newSku(10, OptionalInt.of(2));
        TokenClaim expired = granted(sale.claim(limited, "lea", 2));
        clock.advancePast(expired.expiresAt());

        TokenClaim again = granted(sale.claim(limited, "lea", 2));

        assertThat(unitsHeld(limited, "lea")).isEqualTo(2);
        assertThat(sale.checkout(expired.id())).isEqualTo(new Checkout.Expired(expired));
        assertThat(sale.checkout(again.id())).isInstanceOf(Checkout.Redeemed.class);
        assertThat(sale.claim(limited, "lea", 1)).isEqualTo(new Grant.OverBuyerLimit(2, 2));
    }

    @Test
    void theSweeperGivesTheUnitsOfExpiredClaimsBack() {
        String limited = newSku(10, OptionalInt.of(3));
        TokenClaim expired = granted(sale.claim(limited, "max", 2));
        TokenClaim redeemed = granted(sale.claim(limited, "max", 1));
        assertThat(sale.checkout(redeemed.id())).isInstanceOf(Checkout.Redeemed.class);
        assertThat(unitsHeld(limited, "max")).isEqualTo(3);
        clock.advancePast(expired.expiresAt());

        assertThat(ledger.sweep(clock.instant())).isGreaterThanOrEqualTo(1);

        assertThat(unitsHeld(limited, "max")).isEqualTo(1);
        ledger.sweep(clock.instant());
        assertThat(unitsHeld(limited, "max")).as("given back once").isEqualTo(1);
        assertThat(sale.release(expired.id())).isEqualTo(new Release.Freed(expired, false));
    }

    private static TokenClaim granted(Grant grant) {
        assertThat(grant).isInstanceOf(Grant.Granted.class);
        return ((Grant.Granted) grant).claim();
    }

    private static String newSku(int stock) {
        return newSku(stock, OptionalInt.empty());
    }

    private static String newSku(int stock, OptionalInt maxPerBuyer) {
        String id = "tokens-" + UUID.randomUUID();
        JdbcSaleStores.skus(JdbcPurchaseContract.TRANSACTIONS, Clock.systemUTC(), 4)
                .create(id, "claimed item", TokenSale.NAME, stock, maxPerBuyer);
        return id;
    }

    /** The units the buyer holds against the SKU's limit, in open claims and orders ({@code buyer_units}). */
    private static int unitsHeld(String skuId, String buyerId) {
        return JdbcPurchaseContract.TRANSACTIONS.required(connection -> Sql.on(connection)
                .queryFirst(
                        "SELECT units FROM buyer_units WHERE sku_id = ? AND buyer_id = ?",
                        row -> row.getInt(1),
                        skuId,
                        buyerId)
                .orElse(0));
    }
}
