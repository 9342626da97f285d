package dev.stampede.server.checkout;

import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.CheckoutState;
import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.checkout.Reservation;
import dev.stampede.core.checkout.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/** A {@link CheckoutStore} that counts every transition it committed in {@link CheckoutMetrics}. */
final class MeteredCheckoutStore implements CheckoutStore {

    private final CheckoutStore store;
    private final CheckoutMetrics metrics;

    MeteredCheckoutStore(CheckoutStore store, CheckoutMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public Reservation reserve(CheckoutRequest request, Instant expiresAt, Consumer<Checkout> whenReserved) {
        return counted(store.reserve(request, expiresAt, whenReserved));
    }

    @Override
    public Reservation checkOutHoldingLock(
            CheckoutRequest request, Duration lockTimeout, Function<Checkout, Settlement> payment) {
        return counted(store.checkOutHoldingLock(request, lockTimeout, payment));
    }

    /** A new checkout counts in the state it was written in (reserved; a final state under the row lock). */
    private Reservation counted(Reservation reservation) {
        if (reservation instanceof Reservation.Reserved(Checkout checkout, boolean replayed) && !replayed) {
            metrics.transitioned(checkout.state(), checkout.reason(), 1);
        }
        return reservation;
    }

    @Override
    public Optional<Checkout> find(UUID id) {
        return store.find(id);
    }

    @Override
    public boolean startCharging(UUID id, Instant now) {
        return counted(store.startCharging(id, now), CheckoutState.CHARGING, null);
    }

    @Override
    public boolean confirm(UUID id, String chargeId) {
        return counted(store.confirm(id, chargeId), CheckoutState.CONFIRMED, null);
    }

    @Override
    public boolean release(UUID id, String reason) {
        return counted(store.release(id, reason), CheckoutState.RELEASED, reason);
    }

    @Override
    public boolean startCancelling(UUID id) {
        return counted(store.startCancelling(id), CheckoutState.CANCELLING, "payment-unresolved");
    }

    @Override
    public boolean refund(UUID id, String reason) {
        return counted(store.refund(id, reason), CheckoutState.REFUNDED, reason);
    }

    @Override
    public List<Checkout> expire(Instant now, int limit) {
        List<Checkout> expired = store.expire(now, limit);
        metrics.transitioned(CheckoutState.RELEASED, "expired", expired.size());
        return expired;
    }

    @Override
    public List<Checkout> takeOverAbandoned(Collection<UUID> driving, int limit) {
        return store.takeOverAbandoned(driving, limit);
    }

    private boolean counted(boolean moved, CheckoutState state, String reason) {
        if (moved) {
            metrics.transitioned(state, reason, 1);
        }
        return moved;
    }
}
