package dev.stampede.core.checkout;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.outbox.OutboxEvent;

/**
 * The fulfilment consumer's effects: for each SKU and event type, how many checkout events it has applied and their
 * units ({@code order.confirmed} units are the units to ship). An idempotent consumer (seed 003): the event's id is
 * recorded under a unique constraint in the transaction of its effect, so an event delivered twice is applied once.
 */
public interface FulfilmentStore {

    /**
     * Records {@code event}'s id and applies its effect, in one transaction.
     *
     * @return true if applied; false if the event id was recorded before (a duplicate delivery): nothing changed
     * @throws StoreUnavailableException if the database cannot be reached: nothing was applied
     */
    boolean apply(OutboxEvent event);
}
