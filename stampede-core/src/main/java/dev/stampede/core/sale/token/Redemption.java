package dev.stampede.core.sale.token;

import dev.stampede.core.sale.PurchaseRequest;
import java.util.Objects;

/**
 * One member of a group-committed redemption ({@link TokenLedger#redeemAll}): an open claim and the one-call purchase
 * that made it, whose order the claim's tokens become.
 *
 * @throws IllegalArgumentException if the request is not for the claim's SKU and quantity
 */
public record Redemption(TokenClaim claim, PurchaseRequest request) {

    public Redemption {
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(request, "request");
        if (request.quantity() != claim.quantity() || !request.skuId().equals(claim.skuId())) {
            throw new IllegalArgumentException("request " + request + " does not match claim " + claim.id());
        }
    }
}
