package dev.stampede.core.outbox;

import dev.stampede.core.StoreUnavailableException;
import java.util.List;

/**
 * The outbox relay (seed 003; Richardson's "polling publisher"): moves outbox events to the broker in batches, at least
 * once. Stateless: any number of relays, in any number of instances, may run {@link #relayOnce} at the same time.
 */
public final class OutboxRelay {

    /** Told after the broker acknowledged a batch and before the batch is marked published: a crash here republishes. */
    @FunctionalInterface
    public interface PublishedHook {
        void afterPublish(List<OutboxEvent> events);

        PublishedHook NONE = events -> {};
    }

    private final OutboxStore outbox;
    private final EventPublisher publisher;
    private final int batchSize;
    private final PublishedHook hook;

    public OutboxRelay(OutboxStore outbox, EventPublisher publisher, int batchSize, PublishedHook hook) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the relay's batch size must be at least 1, was " + batchSize);
        }
        this.outbox = outbox;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.hook = hook;
    }

    /**
     * Publishes the next batch and marks it published.
     *
     * @return how many events were published; {@link #batchSize()} means more may be waiting
     * @throws StoreUnavailableException if the database or the broker cannot be reached: nothing was marked
     */
    public int relayOnce() {
        return outbox.publishNext(batchSize, events -> {
            publisher.publish(events);
            hook.afterPublish(events);
        });
    }

    public int batchSize() {
        return batchSize;
    }
}
