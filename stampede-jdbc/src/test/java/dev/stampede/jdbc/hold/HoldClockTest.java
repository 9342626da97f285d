package dev.stampede.jdbc.hold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.ReleaseResult;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatMap;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.RowLockHolder;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Release, extension and confirmation read the clock only once they hold the hold's row lock. Each test stops the
 * call at that lock, lets the hold expire meanwhile (the injected clock moves past its expiry), then lets the call go:
 * a clock read before the wait would act on a hold that has expired.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"conditional", "pessimistic"})
class HoldClockTest {

    /** Callers that wait for a lock each on a thread of their own (the common pool may have only one). */
    private static final Executor VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

    private static final Duration TTL = Duration.ofSeconds(10);

    @Parameter
    String strategyName;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final ShowStore shows = new JdbcShowStore(JdbcHoldContract.TRANSACTIONS, clock);

    private HoldStrategy strategy;
    private String show;
    private List<String> seats;
    private SeatHold alice;

    @BeforeEach
    void aliceHoldsBothSeatsOfANewShow() {
        strategy = JdbcHoldStrategies.create(JdbcHoldContract.TRANSACTIONS, clock, Duration.ofSeconds(30)).stream()
                .filter(s -> s.name().equals(strategyName))
                .findFirst()
                .orElseThrow();
        show = strategyName + "-" + UUID.randomUUID();
        shows.create(show, "test show", strategyName, SeatMap.of(1, 2, List.of()));
        seats = shows.find(show).orElseThrow().seatIds();
        alice = hold("alice");
    }

    private SeatHold hold(String holder) {
        return ((HoldResult.Held) strategy.hold(new HoldRequest(show, seats, holder, TTL))).hold();
    }

    /** Runs {@code call} on Alice's hold while the test holds its row; expires the hold, then lets the call go. */
    private <T> T whileAlicesHoldExpires(Function<String, T> call, Runnable meanwhile) throws Exception {
        CompletableFuture<T> answer;
        try (RowLockHolder lock = RowLockHolder.lock(
                TestDatabase.dataSource(), "SELECT 1 FROM holds WHERE id = ? FOR UPDATE", alice.holdId())) {
            answer = CompletableFuture.supplyAsync(() -> call.apply(alice.holdId()), VIRTUAL);
            lock.awaitWaiters(1);
            clock.advancePast(alice.expiresAt());
            meanwhile.run();
        }
        return answer.join();
    }

    @Test
    void anExtensionWaitingWhileItsHoldExpiresIsRefusedAndTheNewHolderKeepsTheSeats() throws Exception {
        SeatHold[] bob = new SeatHold[1];

        ExtendResult extended = whileAlicesHoldExpires(
                holdId -> strategy.extend(holdId, "alice", Duration.ofMinutes(5)), () -> bob[0] = hold("bob"));

        assertThat(extended).isEqualTo(new ExtendResult.NoSuchHold(alice.holdId()));
        assertThat(strategy.statuses(show, seats)).containsValues(SeatStatus.HELD, SeatStatus.HELD);
        assertThat(strategy.confirm(bob[0].holdId(), "bob", bob[0].fence())).isInstanceOf(ConfirmResult.Booked.class);
        assertThat(shows.bookedSeatRows(show)).containsExactlyInAnyOrderElementsOf(seats);
    }

    @Test
    void anExpiredHoldIsNeverExtendedEvenWhenNobodyTookItsSeats() throws Exception {
        ExtendResult extended =
                whileAlicesHoldExpires(holdId -> strategy.extend(holdId, "alice", Duration.ofMinutes(5)), () -> {});

        assertThat(extended).isEqualTo(new ExtendResult.NoSuchHold(alice.holdId()));
        assertThat(strategy.statuses(show, seats)).containsValues(SeatStatus.FREE, SeatStatus.FREE);
    }

    @Test
    void aReleaseWaitingWhileItsHoldExpiresFindsNoHoldAndLeavesTheNewHolderAlone() throws Exception {
        SeatHold[] bob = new SeatHold[1];

        ReleaseResult released =
                whileAlicesHoldExpires(holdId -> strategy.release(holdId, "alice"), () -> bob[0] = hold("bob"));

        assertThat(released).isEqualTo(ReleaseResult.NO_SUCH_HOLD);
        assertThat(strategy.statuses(show, seats)).containsValues(SeatStatus.HELD, SeatStatus.HELD);
        assertThat(strategy.release(bob[0].holdId(), "bob")).isEqualTo(ReleaseResult.RELEASED);
    }

    @Test
    void aConfirmationWaitingWhileItsHoldExpiresBooksNothing() throws Exception {
        ConfirmResult confirmed =
                whileAlicesHoldExpires(holdId -> strategy.confirm(holdId, "alice", alice.fence()), () -> {});

        assertThat(confirmed).isEqualTo(new ConfirmResult.Expired(alice.holdId()));
        assertThat(shows.bookedSeatRows(show)).isEmpty();
        assertThat(strategy.statuses(show, seats)).containsValues(SeatStatus.FREE, SeatStatus.FREE);
    }
}
