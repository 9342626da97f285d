package dev.stampede.core.outbox;

import dev.stampede.core.StoreUnavailableException;

/** What a consumer does with each event it receives from the broker. */
@FunctionalInterface
public interface EventHandler {

    /**
     * Applies {@code event}'s effect, once in effect however often the same event arrives; returns only after the
     * effect is durable, so the consumer may then acknowledge the event to the broker.
     *
     * @throws StoreUnavailableException if the effect could not be recorded: the consumer must receive the event again
     */
    void handle(OutboxEvent event);
}
