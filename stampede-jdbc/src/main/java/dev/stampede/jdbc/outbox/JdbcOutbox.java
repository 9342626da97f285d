package dev.stampede.jdbc.outbox;

import dev.stampede.core.checkout.FulfilmentStore;
import dev.stampede.core.outbox.OutboxStore;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;

/** The outbox's two ends on PostgreSQL: the relay's reads and marks, and the fulfilment consumer's effects. */
public final class JdbcOutbox {

    private JdbcOutbox() {}

    /** The outbox the checkout saga writes; {@code clock} stamps {@code published_at}. */
    public static OutboxStore outbox(Transactions transactions, Clock clock) {
        return new JdbcOutboxStore(transactions, clock);
    }

    /** The fulfilment consumer's effects; {@code clock} stamps {@code consumed_at}. */
    public static FulfilmentStore fulfilment(Transactions transactions, Clock clock) {
        return new JdbcFulfilmentStore(transactions, clock);
    }
}
