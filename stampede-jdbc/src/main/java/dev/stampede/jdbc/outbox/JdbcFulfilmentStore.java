package dev.stampede.jdbc.outbox;

import dev.stampede.core.checkout.FulfilmentStore;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;

/**
 * The {@link FulfilmentStore} on PostgreSQL ({@code consumed_events}, {@code fulfilment_tallies} of V12). The event id
 * is inserted first, {@code ON CONFLICT DO NOTHING}: one row inserted is a first delivery, whose tally is then
 * incremented (SKU and units read from the payload by PostgreSQL); none is a duplicate, and nothing else is written.
 * Never a read before the insert: two deliveries at once both insert, and the primary key lets one through.
 */
final class JdbcFulfilmentStore implements FulfilmentStore {

    static final String CONSUMER = "fulfilment";

    private final Transactions transactions;
    private final Clock clock;

    JdbcFulfilmentStore(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public boolean apply(OutboxEvent event) {
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            if (!sql.updateOne(
                    "consumed event",
                    "INSERT INTO consumed_events (consumer, event_id, consumed_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (consumer, event_id) DO NOTHING",
                    CONSUMER,
                    event.eventId(),
                    clock.instant())) {
                return false;
            }
            if (!sql.updateOne(
                    "fulfilment tally",
                    "INSERT INTO fulfilment_tallies (sku_id, event_type, events, units)"
                            + " SELECT body ->> 'skuId', ?, 1, (body ->> 'quantity')::bigint FROM (SELECT CAST(? AS json) AS body) e"
                            + " ON CONFLICT (sku_id, event_type) DO UPDATE SET events = fulfilment_tallies.events + 1,"
                            + " units = fulfilment_tallies.units + excluded.units",
                    event.type(),
                    event.payload())) {
                throw new IllegalStateException("the tally of event " + event.eventId() + " was not written");
            }
            return true;
        });
    }
}
