package dev.stampede.core.outbox;

import dev.stampede.core.StoreUnavailableException;
import java.util.List;

/** What a consumer does with the events it receives from the broker, one polled batch at a time. */
@FunctionalInterface
public interface EventHandler {

    /**
     * Applies the effect of every event in {@code events} (one poll of the broker, in the order received; the same
     * event may be in it twice, or may have been applied before), once in effect however often the same event arrives;
     * returns only after every effect is durable, so the consumer may then acknowledge the whole batch to the broker.
     *
     * @throws StoreUnavailableException if the effects could not be recorded: the consumer must receive the batch again
     */
    void handle(List<OutboxEvent> events);
}
