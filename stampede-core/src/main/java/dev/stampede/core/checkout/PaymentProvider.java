package dev.stampede.core.checkout;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import java.util.Optional;

/**
 * A payment provider that charges by idempotency key (as Stripe's {@code Idempotency-Key}): every call with the same
 * key is the same charge, so asking again can never charge twice. Calls are slow (seconds) and are never made while a
 * row lock, a lease or a transaction is open.
 */
public interface PaymentProvider {

    /** What the provider decided for a key. */
    sealed interface Decision {}

    /** Charged: {@code chargeId} is the provider's id of the charge. */
    record Charged(String chargeId) implements Decision {}

    /** Declined: nothing was charged under this key, and nothing ever will be. */
    record Declined(String reason) implements Decision {}

    /** The key was {@linkplain #cancel cancelled}: {@code how} says whether a charge was refunded or none was made. */
    record Cancelled(Cancellation how) implements Decision {}

    /** What a cancellation came to. */
    enum Cancellation {
        /** A charge had been made under the key; it was paid back. */
        REFUNDED,
        /** No charge had been made under the key; none will be made under it from now on. */
        VOIDED
    }

    /**
     * Charges {@code amount} minor units under {@code key}, or answers what an earlier call with the key decided.
     *
     * @throws OutcomeUnknownException when no answer came (a timeout, a connection lost after the request was sent):
     *     the charge may have been made; {@link #lookUp} tells
     * @throws StoreUnavailableException when the provider refused for a transient reason; nothing was charged
     */
    Decision charge(String key, long amount);

    /**
     * What the provider decided for {@code key}; empty if it has decided nothing yet (no charge, or one still in
     * progress: a {@link #charge} with the same key waits for it).
     *
     * @throws StoreUnavailableException when the provider cannot be reached
     */
    Optional<Decision> lookUp(String key);

    /**
     * Ends {@code key} for good: a charge made under it is refunded, and if there was none, none will be made.
     *
     * @throws StoreUnavailableException when the provider cannot be reached or gave no answer (cancelling again is
     *     safe)
     */
    Cancellation cancel(String key);
}
