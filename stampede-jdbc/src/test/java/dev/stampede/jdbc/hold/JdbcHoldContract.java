package dev.stampede.jdbc.hold;

import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.SeatMap;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.testkit.HoldStrategyContract;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The hold contract on embedded PostgreSQL; each strategy's test names its strategy. */
abstract class JdbcHoldContract extends HoldStrategyContract {

    static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final ShowStore shows = new JdbcShowStore(TRANSACTIONS, clock);
    private final HoldStrategy strategy = JdbcHoldStrategies.create(TRANSACTIONS, clock, Duration.ofSeconds(5)).stream()
            .filter(s -> s.name().equals(strategyName()))
            .findFirst()
            .orElseThrow();

    abstract String strategyName();

    @Override
    protected HoldStrategy strategy() {
        return strategy;
    }

    @Override
    protected MutableClock clock() {
        return clock;
    }

    @Override
    protected TestShow newShow(int seats) {
        String id = strategyName() + "-" + UUID.randomUUID();
        var map = SeatMap.of(1, seats, List.of());
        shows.create(id, "test show", strategyName(), map);
        return new TestShow(id, shows.find(id).orElseThrow().seatIds());
    }

    @Override
    protected List<String> bookedSeatRows(String showId) {
        return shows.bookedSeatRows(showId);
    }
}
