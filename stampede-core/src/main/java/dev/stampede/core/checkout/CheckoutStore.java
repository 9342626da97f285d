package dev.stampede.core.checkout;

import dev.stampede.core.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checkouts and the stock they hold. Every transition is one short transaction that names the state it leaves in its
 * condition (a conditional write: false means the checkout was not in that state, so another step got there first),
 * moves the stock with it, and writes its {@link CheckoutEvent}s to the outbox in the same transaction. No method is
 * ever called with a payment call in progress inside it.
 *
 * <p>Ownership: a checkout is owned by the service instance that drives it. An instance that dies leaves its
 * unfinished checkouts to {@link #takeOverAbandoned}, which finds them by the owner's liveness (its heartbeat), not by
 * their age (db-scheduler's dead executions).
 *
 * <p>Every method throws {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface CheckoutStore {

    /**
     * Reserves the stock for {@code request} until {@code expiresAt} and records a {@code RESERVED} checkout, or
     * answers the checkout made earlier under the same buyer and idempotency key.
     *
     * <p>{@code whenReserved} is given the new checkout (never a replayed one) once, on the thread that committed it,
     * right after the commit and before this call answers; it must not block. The saga starts the payment from there,
     * so that the next step does not wait until the caller's thread runs again: a request's virtual thread, resumed
     * after the commit, waits for one of the carriers behind every other request of a burst (issue 14, stop 30).
     */
    Reservation reserve(CheckoutRequest request, Instant expiresAt, Consumer<Checkout> whenReserved);

    /**
     * The {@code lock-across-payment} checkout ({@link CheckoutMode#LOCK_ACROSS_PAYMENT}, seed 003's challenge 3 kept
     * as the anti-pattern): one transaction locks the SKU's row ({@code SELECT ... FOR UPDATE}, waiting at most {@code
     * lockTimeout}); with the lock held it answers a checkout made earlier under the same buyer and idempotency key
     * (replayed, as {@link #reserve} does), or refuses for want of stock, or calls {@code payment} with the checkout
     * about to be written ({@code CHARGING}, visible to nobody yet) and waits for it: seconds, during which every
     * other buyer of the SKU waits for the lock. Then it writes the checkout in the {@link Settlement}'s state (the
     * stock taken for a confirmed one only) with its events, and commits. {@link Reservation.Busy} when the lock wait
     * ran out; nothing was charged then.
     *
     * <p>A crash or a database failure after {@code payment} returned rolls everything back: a charge may then be
     * left at the provider without an order (docs/faults.md), one more reason this mode is the anti-pattern.
     */
    Reservation checkOutHoldingLock(
            CheckoutRequest request, Duration lockTimeout, Function<Checkout, Settlement> payment);

    /** The checkout with this id; empty if none. */
    Optional<Checkout> find(UUID id);

    /** {@code RESERVED → CHARGING} if the reservation has not expired by {@code now}; false otherwise. */
    boolean startCharging(UUID id, Instant now);

    /** {@code CHARGING → CONFIRMED} with the provider's {@code chargeId}; false if the checkout was not charging. */
    boolean confirm(UUID id, String chargeId);

    /**
     * {@code RESERVED | CHARGING | CANCELLING → RELEASED}, the stock back on sale, for {@code reason}; false if the
     * checkout was in none of these states. Only for a checkout with no charge: declined, or voided.
     */
    boolean release(UUID id, String reason);

    /** {@code CHARGING → CANCELLING}: from now on it is never confirmed. False if it was not charging. */
    boolean startCancelling(UUID id);

    /** {@code CANCELLING → REFUNDED}, the stock back on sale, for {@code reason}; false if it was not cancelling. */
    boolean refund(UUID id, String reason);

    /**
     * Releases every {@code RESERVED} checkout whose reservation expired by {@code now} (reason {@code "expired"}), at
     * most {@code limit} of them; the checkouts released.
     */
    List<Checkout> expire(Instant now, int limit);

    /**
     * Makes this instance the owner of up to {@code limit} unfinished checkouts ({@code RESERVED}, {@code CHARGING} or
     * {@code CANCELLING})
     * that no running instance drives: their owner is gone, or it is this instance and their id is not in {@code
     * driving}. The checkouts taken over.
     */
    List<Checkout> takeOverAbandoned(Collection<UUID> driving, int limit);
}
