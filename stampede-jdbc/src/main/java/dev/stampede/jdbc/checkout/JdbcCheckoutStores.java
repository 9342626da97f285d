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
     * Checkouts, the stock they hold, and their outbox events; {@code clock} stamps transitions and expiries, {@code
     * instance} owns the checkouts this service reserves, {@code batches} sets how the reservations of one SKU are
     * group-committed, {@code committed} is signalled after every commit that wrote outbox events (it wakes the relay).
     */
    public static CheckoutStore checkouts(
            Transactions transactions,
            Clock clock,
            InstanceLiveness instance,
            CheckoutBatches batches,
            OutboxSignal committed) {
        return new JdbcCheckoutStore(transactions, clock, instance, batches, committed);
    }
}
