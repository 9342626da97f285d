package dev.stampede.core.checkout;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.outbox.OutboxEvent;
import java.util.List;

/**
 * The fulfilment consumer's effects: for each SKU and event type, how many checkout events it has applied and their
 * units ({@code order.confirmed} units are the units to ship). An idempotent consumer (seed 003): the event's id is
 * recorded under a unique constraint in the transaction of its effect, so an event delivered twice is applied once.
 */
public interface FulfilmentStore {

    /**
     * Records the ids of {@code events} and applies the effects of those not recorded before, all in one transaction
     * (a batch of a consumer's poll: one commit instead of one per event).
     *
     * @param events events as delivered; an event in it twice, or recorded before, is a duplicate
     * @return how many events were applied: the first delivery of each event id; the rest of {@code events} were
     *     duplicates and changed nothing
     * @throws StoreUnavailableException if the database cannot be reached: nothing was applied
     */
    int apply(List<OutboxEvent> events);
}
