package dev.stampede.jdbc.outbox;

import dev.stampede.core.checkout.FulfilmentStore;
import dev.stampede.core.outbox.OutboxEvent;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The {@link FulfilmentStore} on PostgreSQL ({@code consumed_events}, {@code fulfilment_tallies} of V12). A batch is
 * one transaction of two statements: the event ids are inserted first, {@code ON CONFLICT DO NOTHING ... RETURNING}:
 * the ids returned are first deliveries; then the tallies of those alone are incremented (SKU and units read from the
 * payloads by PostgreSQL). Never a read before the insert: two deliveries at once both insert, and the primary key
 * lets one through. Ids go in sorted (Java's {@link UUID} order: every batch of this class sorts the same way), and
 * tallies are written in (SKU, type) order, so two batches that share events wait for each other instead of
 * deadlocking. The same event twice in one batch is kept once before the insert.
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
    public int apply(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        Map<UUID, OutboxEvent> byId = new TreeMap<>();
        for (OutboxEvent event : events) {
            byId.putIfAbsent(event.eventId(), event);
        }
        return transactions.required(connection -> {
            Sql sql = Sql.on(connection);
            List<UUID> fresh = sql.query(
                    "INSERT INTO consumed_events (consumer, event_id, consumed_at)"
                            + " SELECT ?, id, ? FROM unnest(?::uuid[]) WITH ORDINALITY AS e(id, n) ORDER BY n"
                            + " ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id",
                    row -> row.getObject(1, UUID.class),
                    CONSUMER,
                    clock.instant(),
                    connection.createArrayOf("uuid", byId.keySet().toArray()));
            if (fresh.isEmpty()) {
                return 0;
            }
            List<OutboxEvent> applied = fresh.stream().map(byId::get).toList();
            sql.update(
                    "INSERT INTO fulfilment_tallies (sku_id, event_type, events, units)"
                            + " SELECT body ->> 'skuId', type, count(*), sum((body ->> 'quantity')::bigint)"
                            + " FROM (SELECT type, CAST(payload AS json) AS body FROM unnest(?::text[], ?::text[])"
                            + " AS e(type, payload)) f GROUP BY 1, 2 ORDER BY 1, 2"
                            + " ON CONFLICT (sku_id, event_type) DO UPDATE SET"
                            + " events = fulfilment_tallies.events + excluded.events,"
                            + " units = fulfilment_tallies.units + excluded.units",
                    sql.textArray(applied.stream().map(OutboxEvent::type).toList()),
                    sql.textArray(applied.stream().map(OutboxEvent::payload).toList()));
            return applied.size();
        });
    }
}
