package dev.stampede.server.web;

import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.token.Checkout;
import dev.stampede.core.sale.token.Grant;
import dev.stampede.core.sale.token.Release;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.server.config.StampedeProperties;
import dev.stampede.server.sale.Sales;
import dev.stampede.server.web.Views.ClaimView;
import dev.stampede.server.web.Views.OrderView;
import dev.stampede.server.web.Views.PurchaseBody;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two-phase purchase of a SKU sold by tokens (seed 003's flash-sale exercise): claim tokens, then check the claim
 * out into an order (idempotently) or release it. A claim not checked out before its {@code expiresAt} frees its
 * tokens by itself. The claim id is the capability: whoever holds it may check the claim out or release it.
 */
@RestController
class ClaimController {

    private final TokenSale tokens;
    private final Sales sales;
    private final int maxQuantity;

    ClaimController(TokenSale tokens, Sales sales, StampedeProperties properties) {
        this.tokens = tokens;
        this.sales = sales;
        this.maxQuantity = properties.maxQuantity();
    }

    /** 201 with the claim and its {@code Location}; the body is a purchase's ({@code buyerId}, {@code quantity}). */
    @ProblemTypes({
        Problems.UNKNOWN_SKU,
        Problems.NOT_SOLD_BY_TOKENS,
        Problems.SOLD_OUT,
        Problems.INSUFFICIENT_STOCK,
        Problems.BUYER_LIMIT
    })
    @PostMapping(path = "/api/skus/{id}/claims", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> claim(@PathVariable String id, @RequestBody PurchaseBody body) {
        String buyerId = Validation.text("buyerId", body.buyerId(), 128);
        int quantity = Validation.between("quantity", body.quantity(), 1, maxQuantity);
        return switch (tokens.claim(id, buyerId, quantity)) {
            case Grant.Granted(var claim) ->
                ResponseEntity.created(URI.create("/api/claims/" + claim.id())).body(ClaimView.of(claim));
            case Grant.Short(int free)
            when free == 0 -> Problems.SOLD_OUT.response("'" + id + "' has no free tokens.", Map.of("remaining", 0));
            case Grant.Short(int free) ->
                Problems.INSUFFICIENT_STOCK.response(
                        "Only %d tokens of '%s' are free.".formatted(free, id), Map.of("remaining", free));
            case Grant.OverBuyerLimit(int maxPerBuyer, int held) ->
                Problems.BUYER_LIMIT.response(
                        "Each buyer may hold at most %d of '%s' in claims and orders; this buyer holds %d."
                                .formatted(maxPerBuyer, id, held),
                        Map.of("maxPerBuyer", maxPerBuyer, "held", held));
            case Grant.Disagreed disagreed -> Failures.busy("the token pool of " + id + " disagreed with the ledger");
            case Grant.UnknownSku unknown -> throw notSoldByTokens(id);
        };
    }

    /** 201 with the order; a claim checked out before answers the same order, {@code Idempotent-Replayed: true}. */
    @ProblemTypes({Problems.UNKNOWN_CLAIM, Problems.CLAIM_EXPIRED, Problems.CLAIM_RELEASED})
    @PostMapping("/api/claims/{claimId}/checkout")
    ResponseEntity<?> checkout(@PathVariable String claimId) {
        UUID id = claimId(claimId);
        return switch (tokens.checkout(id)) {
            case Checkout.Redeemed(var claim, var order, boolean replayed) ->
                ResponseEntity.status(HttpStatus.CREATED)
                        .header("Idempotent-Replayed", String.valueOf(replayed))
                        .body(OrderView.of(order));
            case Checkout.Expired expired ->
                Problems.CLAIM_EXPIRED.response(
                        "The claim expired at %s; its tokens are free again."
                                .formatted(expired.claim().expiresAt()),
                        Map.of("expiresAt", expired.claim().expiresAt().toString()));
            case Checkout.Released released ->
                Problems.CLAIM_RELEASED.response("The claim was released; its tokens are free again.", Map.of());
            case Checkout.UnknownClaim unknown -> throw unknown(claimId);
            case Checkout.KeyLost lost -> throw new IllegalStateException("a checkout carries no idempotency key");
        };
    }

    /** 204 when the claim's tokens are free (released now, or released or expired before). */
    @ProblemTypes({Problems.UNKNOWN_CLAIM, Problems.CLAIM_CHECKED_OUT})
    @DeleteMapping("/api/claims/{claimId}")
    ResponseEntity<?> release(@PathVariable String claimId) {
        return switch (tokens.release(claimId(claimId))) {
            case Release.Freed freed -> ResponseEntity.noContent().build();
            case Release.AlreadyRedeemed redeemed ->
                Problems.CLAIM_CHECKED_OUT.response(
                        "The claim was checked out; its units belong to an order.", Map.of());
            case Release.UnknownClaim unknown -> throw unknown(claimId);
        };
    }

    /** A claim id is a UUID; anything else names no claim. */
    private static UUID claimId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw unknown(value);
        }
    }

    private ProblemException notSoldByTokens(String id) {
        Optional<String> strategy = sales.find(id).map(Sku::strategy);
        if (strategy.isEmpty()) {
            return new ProblemException(Problems.UNKNOWN_SKU, "No SKU has id '" + id + "'.");
        }
        return new ProblemException(
                Problems.NOT_SOLD_BY_TOKENS,
                "'%s' is sold by the %s strategy; claims are for SKUs sold by tokens.".formatted(id, strategy.get()));
    }

    private static ProblemException unknown(String claimId) {
        return new ProblemException(Problems.UNKNOWN_CLAIM, "No claim has id '" + claimId + "'.");
    }
}
