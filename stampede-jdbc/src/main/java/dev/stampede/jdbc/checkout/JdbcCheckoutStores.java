package dev.stampede.jdbc.checkout;

import dev.stampede.core.checkout.CheckoutStore;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;

/** The checkout saga's store on PostgreSQL. */
public final class JdbcCheckoutStores {

    private JdbcCheckoutStores() {}

    /**
     * Checkouts, the stock they hold, and their outbox events. {@code requests}' connections serve the reads of a
     * checkout and the {@code lock-across-payment} checkout (both on a request's thread); {@code steps}' serve the
     * saga's steps: the group-committed reservations and transitions, expiry and recovery. Two pools in a service, so
     * that requests holding every connection of theirs (a burst of buyers polling, each holding its connection until
     * its virtual thread is scheduled again) cannot make the saga's writers wait (issue 14, stop 30); one pool may be
     * given for both. {@code clock} stamps transitions and expiries, {@code instance} owns the checkouts this service
     * reserves, {@code batches} sets how the reservations of one SKU are group-committed, {@code committed} is
     * signalled after every commit that wrote outbox events (it wakes the relay).
     */
    public static CheckoutStore checkouts(
            Transactions requests,
            Transactions steps,
            Clock clock,
            InstanceLiveness instance,
            CheckoutBatches batches,
            OutboxSignal committed) {
        return new JdbcCheckoutStore(requests, steps, clock, instance, batches, committed);
    }
}
