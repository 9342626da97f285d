package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.BookingStore;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.testkit.BookingStoreContract;
import java.time.Clock;

class JdbcBookingStoreTest extends BookingStoreContract {

    private final ShowStore shows = JdbcHoldStores.shows(JdbcHoldContract.TRANSACTIONS, Clock.systemUTC());
    private final BookingStore bookings = JdbcHoldStores.bookings(JdbcHoldContract.TRANSACTIONS);

    @Override
    protected ShowStore shows() {
        return shows;
    }

    @Override
    protected BookingStore bookings() {
        return bookings;
    }
}
