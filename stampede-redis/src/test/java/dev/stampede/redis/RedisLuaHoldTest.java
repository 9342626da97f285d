package dev.stampede.redis;

import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.SeatMap;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.hold.JdbcHoldStores;
import dev.stampede.testkit.HoldStrategyContract;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hold contract on Redis (embedded, or the server at STAMPEDE_TEST_REDIS_URL) and on a real Redis Cluster
 * ({@link TestRedisClusterCommands}), with bookings in PostgreSQL.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"redis", "cluster"})
class RedisLuaHoldTest extends HoldStrategyContract {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final ShowStore shows = JdbcHoldStores.shows(TRANSACTIONS, clock);
    private final HoldStrategy strategy;

    RedisLuaHoldTest(String redis) {
        strategy = new RedisLuaHold(
                TestRedisClusterCommands.of(redis),
                "test-" + UUID.randomUUID() + ":",
                shows,
                JdbcHoldStores.bookings(TRANSACTIONS),
                clock,
                Duration.ofSeconds(30));
    }

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
        String id = "redis-" + UUID.randomUUID();
        shows.create(id, "test show", "redis", SeatMap.of(1, seats, List.of()));
        return new TestShow(id, shows.find(id).orElseThrow().seatIds());
    }

    @Override
    protected List<String> bookedSeatRows(String showId) {
        return shows.bookedSeatRows(showId);
    }
}
