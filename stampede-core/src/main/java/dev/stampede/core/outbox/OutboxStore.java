package dev.stampede.core.outbox;

import dev.stampede.core.StoreUnavailableException;
import java.time.Instant;
import java.util.Optional;

/**
 * The outbox the checkout saga writes its events into (in each transition's own transaction), read by the relay.
 * Several relays, in several instances, may share it.
 */
public interface OutboxStore {

    /**
     * Takes up to {@code limit} unpublished events in outbox order, hands them to {@code publisher}, and marks them
     * published when it returns; all in one transaction, holding the events' rows locked meanwhile, so a second relay
     * skips them and takes the next ones. An event is taken only when every earlier unpublished event of its aggregate
     * is taken with it: two relays never publish one aggregate's events out of order. If {@code publisher} throws,
     * nothing is marked and the events are taken again by the next call: delivery is at least once.
     *
     * @return how many events were published: 0 when none was waiting (or all were taken by other relays)
     * @throws StoreUnavailableException if the database cannot be reached, or as thrown by {@code publisher}
     */
    int publishNext(int limit, EventPublisher publisher);

    /** When the oldest unpublished event was written; empty if every event is published. */
    Optional<Instant> oldestUnpublished();
}
