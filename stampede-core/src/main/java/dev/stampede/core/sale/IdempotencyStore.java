package dev.stampede.core.sale;

import java.util.Optional;
import java.util.UUID;

/**
 * Where idempotency keys are claimed before a purchase and found again on a replay. Keys are scoped per buyer.
 *
 * <p>A claim has a token and an owner (the service instance that took it). The strategy completes the claim in the
 * purchase's own transaction only while the key is still claimed under that token ({@link PurchaseRequest#claim()}):
 * the token is the fence that keeps a claimant whose claim was taken over from completing the key afterwards. A claim
 * whose owner is gone (the process died) or whose request has ended without an order is free to take over at once; a
 * claim whose request is still running is never taken over.
 */
public interface IdempotencyStore {

    /** The state of a key after a claim attempt or a look-up. */
    sealed interface Claim {}

    /**
     * This caller now holds the key under {@code token}: run the purchase with the token ({@link
     * PurchaseRequest#withClaim}), then {@link #end} the claim whatever happened.
     */
    record Claimed(UUID token) implements Claim {}

    /** The key's purchase was committed earlier, as {@code order}, for the request with this fingerprint. */
    record Completed(Order order, String fingerprint) implements Claim {}

    /** Another request holds the key and is still running, for the request with this fingerprint. */
    record InFlight(String fingerprint) implements Claim {}

    /** Claims the key, or says who has it: {@link Claimed}, {@link Completed} or {@link InFlight}. */
    Claim claim(String buyerId, String key, String fingerprint);

    /**
     * The key's state without claiming it, in one read: {@link Completed} or {@link InFlight}; empty when the key is
     * free (never used, or claimed by a request that is no longer running).
     */
    Optional<Claim> find(String buyerId, String key);

    /**
     * The claimant under {@code token} is done with the key. Unless its order was committed ({@code ordered}), the key
     * is freed so that the client may try again with it: at once, or, when the store cannot be reached now, as soon as
     * it can be (a claim whose request has ended may be taken over at once in the meantime). Never throws.
     */
    void end(String buyerId, String key, UUID token, boolean ordered);
}
