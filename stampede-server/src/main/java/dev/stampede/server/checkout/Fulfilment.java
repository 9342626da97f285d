package dev.stampede.server.checkout;

import dev.stampede.core.checkout.FulfilmentStore;
import dev.stampede.core.outbox.EventHandler;
import dev.stampede.core.outbox.OutboxEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The service's fulfilment consumer: applies each batch of checkout events it receives, once in effect, in one
 * transaction of the {@link FulfilmentStore}, and counts what it received in {@code
 * stampede_fulfilment_events_total{outcome}}: {@code applied}, or {@code duplicate} (a redelivery, or an event twice in
 * one batch: nothing applied).
 */
public final class Fulfilment implements EventHandler {

    private final FulfilmentStore store;
    private final Counter applied;
    private final Counter duplicates;

    public Fulfilment(FulfilmentStore store, MeterRegistry meters) {
        this.store = store;
        this.applied = counter(meters, "applied");
        this.duplicates = counter(meters, "duplicate");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("stampede.fulfilment.events")
                .description("Checkout events the fulfilment consumer received: applied, or duplicate (absorbed)")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void handle(List<OutboxEvent> events) {
        int first = store.apply(events);
        applied.increment(first);
        duplicates.increment(events.size() - first);
    }
}
