package dev.stampede.core.sale.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A buyer's claim on numbered tokens of one SKU (seed 003, "pre-mint claim tokens"): each token is one unit; the claim
 * holds them until {@code expiresAt} (exclusive), then they are free again unless the claim was checked out.
 *
 * @param tokens the token numbers, each in {@code [0, initial stock)}, distinct; their count is the quantity claimed
 */
public record TokenClaim(UUID id, String skuId, String buyerId, List<Integer> tokens, Instant expiresAt) {

    public TokenClaim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a claim holds at least one token");
        }
    }

    public int quantity() {
        return tokens.size();
    }
}
