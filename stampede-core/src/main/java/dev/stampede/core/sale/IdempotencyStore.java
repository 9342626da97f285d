package dev.stampede.core.sale;

import java.util.Optional;
import java.util.UUID;

/** Where idempotency keys are claimed before a purchase and found again on a replay. Keys are scoped per buyer. */
public interface IdempotencyStore {

    /** The state of a key after a claim attempt. */
    sealed interface Claim {}

    /** This caller now owns the key: run the purchase, or {@link #release} the key if it does not commit. */
    record Claimed() implements Claim {}

    /** The key's purchase was committed earlier, for the request with this fingerprint. */
    record Completed(UUID orderId, String fingerprint) implements Claim {}

    /** Another request holds the key and has not finished, for the request with this fingerprint. */
    record InFlight(String fingerprint) implements Claim {}

    Claim claim(String buyerId, String key, String fingerprint);

    /** Drops an in-flight claim whose purchase did not commit, so that the client may try again with the same key. */
    void release(String buyerId, String key);

    /** The committed order with this id; empty if there is none. */
    Optional<Order> order(UUID orderId);
}
