package dev.stampede.core.checkout;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.checkout.PaymentProvider.Cancellation;
import dev.stampede.core.checkout.PaymentProvider.Cancelled;
import dev.stampede.core.checkout.PaymentProvider.Charged;
import dev.stampede.core.checkout.PaymentProvider.Decision;
import dev.stampede.core.checkout.PaymentProvider.Declined;
import dev.stampede.core.checkout.Reservation.Reserved;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Drives checkouts through their states (seed 003, challenge 3): reserve the stock in one short transaction, charge
 * the provider outside any transaction or lock under the checkout's own idempotency key, then confirm, or release the
 * stock when the provider declines. Each step is its own transaction, so a crash between any two leaves a state from
 * which {@link #recover} goes on.
 *
 * <p>Never two charges, never a charge without a confirmed order or a refund: every call to the provider uses the
 * checkout's {@link Checkout#paymentKey()}, so a repeated call is the same charge; an answer that did not come (a
 * timeout, a lost connection) is resolved by {@link PaymentProvider#lookUp looking the charge up} and, if the provider
 * has decided nothing, by asking again with the same key. A checkout that has been charging longer than the payment
 * deadline without an answer is given up: first {@code CANCELLING} (committed before the provider is asked, so that no
 * later answer can confirm it), then cancelled at the provider ({@link PaymentProvider#cancel}): refunded if a charge
 * was made, released if none was. Stock is never held forever by a provider that stopped answering.
 */
public final class CheckoutSaga {

    private static final System.Logger log = System.getLogger(CheckoutSaga.class.getName());

    /** The points between two steps, where {@link StepHook} is told that a step committed. */
    public enum Step {
        /** {@code → RESERVED} committed. */
        RESERVED,
        /** {@code RESERVED → CHARGING} committed; the provider has not been called yet. */
        CHARGING,
        /** The provider answered; its answer is not recorded yet. */
        PAYMENT_ANSWERED,
        /** {@code CHARGING → CANCELLING} committed; the provider has not been asked to cancel yet. */
        CANCELLING
    }

    /** Told after each {@link Step}; the tests stop a saga here to prove what a crash at that point leaves. */
    @FunctionalInterface
    public interface StepHook {
        void after(Step step, UUID checkoutId);

        StepHook NONE = (step, id) -> {};
    }

    /**
     * How the saga runs: how long a reservation holds its stock, how long a charge may stay unresolved, how many
     * checkouts one recovery round takes, and how long a {@link #checkOutHoldingLock lock-across-payment} checkout waits
     * for the SKU's row lock.
     */
    public record Settings(Duration reservationTtl, Duration paymentDeadline, int recoveryBatch, Duration lockTimeout) {
        public Settings {
            if (lockTimeout.isNegative() || lockTimeout.isZero()) {
                throw new IllegalArgumentException("the lock timeout must be positive, was " + lockTimeout);
            }
            if (reservationTtl.isNegative() || reservationTtl.isZero()) {
                throw new IllegalArgumentException("the reservation TTL must be positive, was " + reservationTtl);
            }
            if (paymentDeadline.isNegative() || paymentDeadline.isZero()) {
                throw new IllegalArgumentException("the payment deadline must be positive, was " + paymentDeadline);
            }
            if (recoveryBatch < 1) {
                throw new IllegalArgumentException("the recovery batch must be at least 1, was " + recoveryBatch);
            }
        }
    }

    private final CheckoutStore store;
    private final PaymentProvider payments;
    private final Clock clock;
    private final Settings settings;
    private final Executor executor;
    private final StepHook hook;
    /** The checkouts this instance is driving now: {@link #recover} leaves them alone. */
    private final Set<UUID> driving = ConcurrentHashMap.newKeySet();

    /** {@code executor} runs the slow part of each checkout (the payment) after {@link #begin} has answered. */
    public CheckoutSaga(
            CheckoutStore store,
            PaymentProvider payments,
            Clock clock,
            Settings settings,
            Executor executor,
            StepHook hook) {
        this.store = store;
        this.payments = payments;
        this.clock = clock;
        this.settings = settings;
        this.executor = executor;
        this.hook = hook;
    }

    /**
     * Reserves the stock and answers at once; the payment and what follows run on the executor, started as soon as
     * the reservation has committed (by the committing thread, see {@link CheckoutStore#reserve}). A replayed request
     * answers the checkout as it stands and starts nothing.
     */
    public Reservation begin(CheckoutRequest request) {
        return store.reserve(request, clock.instant().plus(settings.reservationTtl()), checkout -> {
            // The recovery task may have taken the checkout over between its commit and now (it is this instance's and
            // not yet driven): then it drives it, and only it.
            if (driving.add(checkout.id())) {
                submit(checkout, () -> {
                    hook.after(Step.RESERVED, checkout.id());
                    charge(checkout);
                });
            }
        });
    }

    /**
     * The anti-pattern kept for comparison ({@link CheckoutMode#LOCK_ACROSS_PAYMENT}, seed 003 challenge 3): the whole
     * checkout in one transaction that holds the SKU's row lock while the provider charges ({@link
     * CheckoutStore#checkOutHoldingLock}), answered when it is over: a {@link Reserved} checkout in a final state, or a
     * refusal. A charge whose answer was lost is looked up by key; one still unresolved is cancelled at the provider
     * before the transaction ends (refunded or voided), so no charge is kept without a confirmed order.
     *
     * @throws StoreUnavailableException if the provider could not be reached to cancel an unresolved charge (the
     *     transaction is rolled back; the charge's key names the checkout id, which was never committed)
     */
    public Reservation checkOutHoldingLock(CheckoutRequest request) {
        return store.checkOutHoldingLock(request, settings.lockTimeout(), this::payHoldingLock);
    }

    private Settlement payHoldingLock(Checkout checkout) {
        Optional<Decision> decision;
        try {
            try {
                decision = Optional.of(payments.charge(checkout.paymentKey(), checkout.amount()));
            } catch (OutcomeUnknownException e) {
                decision = lookUpOrCharge(checkout);
            }
        } catch (OutcomeUnknownException e) {
            decision = Optional.empty();
        }
        return switch (decision.orElseGet(() -> new Cancelled(payments.cancel(checkout.paymentKey())))) {
            case Charged(String chargeId) -> Settlement.confirmed(chargeId);
            case Declined(String reason) -> Settlement.released("declined");
            case Cancelled(Cancellation how) ->
                how == Cancellation.REFUNDED
                        ? Settlement.refunded("payment-unresolved")
                        : Settlement.released("payment-unresolved");
        };
    }

    /** The checkout with this id; empty if none. */
    public Optional<Checkout> find(UUID id) {
        return store.find(id);
    }

    /**
     * One round of recovery: releases expired reservations, then takes over the unfinished checkouts of instances
     * that died (or that this instance dropped during a fault) and drives each forward on the executor, as {@link
     * #begin} does (each may wait seconds for the provider). Run it periodically on every instance. Answers how many
     * checkouts it expired or took over.
     */
    public int recover() {
        int expired = store.expire(clock.instant(), settings.recoveryBatch()).size();
        List<Checkout> abandoned = store.takeOverAbandoned(Set.copyOf(driving), settings.recoveryBatch());
        for (Checkout checkout : abandoned) {
            if (driving.add(checkout.id())) {
                submit(checkout, () -> resume(checkout));
            }
        }
        return expired + abandoned.size();
    }

    /**
     * Runs {@code steps} of a checkout this instance now drives on the executor; if it refuses (or no thread can be
     * started for it), recovery will.
     */
    private void submit(Checkout checkout, Runnable steps) {
        try {
            executor.execute(() -> drive(checkout, steps));
        } catch (RuntimeException | OutOfMemoryError e) {
            driving.remove(checkout.id());
            log.log(System.Logger.Level.WARNING, "Checkout " + checkout.id() + " is left to the recovery task", e);
        }
    }

    private void drive(Checkout checkout, Runnable steps) {
        try {
            steps.run();
        } catch (StoreUnavailableException e) {
            log.log(
                    System.Logger.Level.WARNING,
                    "Checkout " + checkout.id() + " waits for the recovery task: " + e.getMessage());
        } finally {
            driving.remove(checkout.id());
        }
    }

    private void resume(Checkout checkout) {
        switch (checkout.state()) {
            case RESERVED -> charge(checkout);
            case CHARGING -> settle(checkout, lookUpOrCharge(checkout));
            case CANCELLING -> record(checkout, payments.cancel(checkout.paymentKey()));
            case CONFIRMED, RELEASED, REFUNDED -> {}
        }
    }

    private void charge(Checkout checkout) {
        if (!store.startCharging(checkout.id(), clock.instant())) {
            return; // expired, or another step got there first
        }
        hook.after(Step.CHARGING, checkout.id());
        Optional<Decision> decision;
        try {
            decision = Optional.of(payments.charge(checkout.paymentKey(), checkout.amount()));
        } catch (OutcomeUnknownException e) {
            decision = lookUpOrCharge(checkout);
        }
        settle(checkout, decision);
    }

    /** After an answer was lost: what the provider decided, asking again under the same key if it decided nothing. */
    private Optional<Decision> lookUpOrCharge(Checkout checkout) {
        try {
            Optional<Decision> known = payments.lookUp(checkout.paymentKey());
            return known.isPresent() ? known : Optional.of(payments.charge(checkout.paymentKey(), checkout.amount()));
        } catch (StoreUnavailableException e) {
            log.log(
                    System.Logger.Level.WARNING,
                    "The charge of checkout " + checkout.id() + " is unresolved: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void settle(Checkout checkout, Optional<Decision> decision) {
        if (decision.isEmpty()) {
            cancelIfOverdue(checkout);
            return;
        }
        hook.after(Step.PAYMENT_ANSWERED, checkout.id());
        switch (decision.get()) {
            case Charged(String chargeId) -> store.confirm(checkout.id(), chargeId);
            case Declined(String reason) -> store.release(checkout.id(), "declined");
            case Cancelled(Cancellation how) -> record(checkout, how);
        }
    }

    private void record(Checkout checkout, Cancellation how) {
        switch (how) {
            case REFUNDED -> store.refund(checkout.id(), "payment-unresolved");
            case VOIDED -> store.release(checkout.id(), "payment-unresolved");
        }
    }

    /** Gives a charge up that stayed unresolved past the payment deadline: refunded or voided at the provider. */
    private void cancelIfOverdue(Checkout checkout) {
        Instant chargingSince = store.find(checkout.id()).orElseThrow().updatedAt();
        if (clock.instant().isBefore(chargingSince.plus(settings.paymentDeadline()))
                || !store.startCancelling(checkout.id())) {
            return;
        }
        hook.after(Step.CANCELLING, checkout.id());
        record(checkout, payments.cancel(checkout.paymentKey()));
    }
}
