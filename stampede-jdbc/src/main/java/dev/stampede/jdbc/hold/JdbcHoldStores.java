package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.BookingStore;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;

/** The stores of shows and bookings on PostgreSQL; the strategies that hold seats are {@link JdbcHoldStrategies}. */
public final class JdbcHoldStores {

    private JdbcHoldStores() {}

    /** Shows and their seat maps; {@code clock} stamps their creation. */
    public static ShowStore shows(Transactions transactions, Clock clock) {
        return new JdbcShowStore(transactions, clock);
    }

    /** The bookings every hold strategy writes, with the fenced booking of holds granted outside PostgreSQL. */
    public static BookingStore bookings(Transactions transactions) {
        return new JdbcBookingStore(transactions);
    }
}
