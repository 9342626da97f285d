package dev.stampede.core.sale.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A buyer asking to claim {@code quantity} tokens of one SKU at {@code now}, the claim to be known as {@code claimId}
 * and to hold its tokens until {@code expiresAt} (exclusive).
 */
public record ClaimRequest(UUID claimId, String skuId, String buyerId, int quantity, Instant now, Instant expiresAt) {

    public ClaimRequest {
        Objects.requireNonNull(claimId, "claimId");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(buyerId, "buyerId");
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity);
        }
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a claim must expire after it is made");
        }
    }

    /** The claim this request makes when it is granted these tokens. */
    public TokenClaim granted(List<Integer> tokens) {
        return new TokenClaim(claimId, skuId, buyerId, tokens, expiresAt);
    }
}
