package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.ReleaseResult;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatMap;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.hold.JdbcHoldStores;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Redis server, owned by the test, stopped and started again empty under a {@code redis} show: booked seats
 * stay booked (rebuilt from PostgreSQL before anything is answered), nothing is booked twice, holds granted before are
 * gone, and while Redis is down or being rebuilt every step answers busy (a confirmed booking is still answered, from
 * PostgreSQL).
 */
class RedisRestartTest {

    private static final Transactions TRANSACTIONS = new Transactions(TestDatabase.dataSource());
    private static final Duration TTL = Duration.ofSeconds(60);

    private final Clock clock = Clock.systemUTC();
    private final String prefix = "restart-" + UUID.randomUUID() + ":";
    private final ShowStore shows = JdbcHoldStores.shows(TRANSACTIONS, clock);
    private final OwnRedis redis = new OwnRedis();
    private final StatefulRedisConnection<String, String> connection = redis.connection();
    private final RedisLuaHold strategy = new RedisLuaHold(
            connection.sync(), prefix, shows, JdbcHoldStores.bookings(TRANSACTIONS), clock, Duration.ofSeconds(30));

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void bookedSeatsStayBookedWhenRedisRestartsEmptyAndHoldsGrantedBeforeAreGone() {
        String show = newShow(6);
        SeatHold alice = held(strategy.hold(request(show, "alice", "A1", "A2")));
        ConfirmResult.Booked booked = (ConfirmResult.Booked) strategy.confirm(alice.holdId(), "alice", alice.fence());
        SeatHold bob = held(strategy.hold(request(show, "bob", "A3")));

        restartEmpty();

        Map<String, SeatStatus> seats = awaitStatuses(show);
        assertThat(seats)
                .containsEntry("A1", SeatStatus.BOOKED)
                .containsEntry("A2", SeatStatus.BOOKED)
                .containsEntry("A3", SeatStatus.FREE);
        assertThat(strategy.hold(request(show, "dave", "A2", "A4"))).isEqualTo(new HoldResult.Taken(List.of("A2")));
        assertThat(strategy.confirm(alice.holdId(), "alice", alice.fence()))
                .isEqualTo(new ConfirmResult.Booked(booked.booking(), true));
        assertThat(strategy.confirm(alice.holdId(), "alice", alice.fence() + 1))
                .isEqualTo(new ConfirmResult.StaleFence(alice.fence() + 1, alice.fence()));
        assertThat(strategy.release(bob.holdId(), "bob")).isEqualTo(ReleaseResult.NO_SUCH_HOLD);
        assertThat(strategy.confirm(bob.holdId(), "bob", bob.fence()))
                .isEqualTo(new ConfirmResult.NoSuchHold(bob.holdId()));
        SeatHold erin = held(strategy.hold(request(show, "erin", "A3")));
        assertThat(erin.fence()).isGreaterThan(alice.fence());
        assertThat(strategy.confirm(erin.holdId(), "erin", erin.fence())).isInstanceOf(ConfirmResult.Booked.class);
        assertRedisAgreesWithPostgres(show, 6);
        assertThat(shows.bookedSeatRows(show)).containsExactly("A1", "A2", "A3");
    }

    @Test
    void whileRedisIsDownEveryStepAnswersBusyButAConfirmedBookingIsAnsweredFromPostgres() {
        String show = newShow(4);
        SeatHold alice = held(strategy.hold(request(show, "alice", "A1")));
        ConfirmResult.Booked booked = (ConfirmResult.Booked) strategy.confirm(alice.holdId(), "alice", alice.fence());
        SeatHold bob = held(strategy.hold(request(show, "bob", "A2")));

        redis.stop();

        assertThat(strategy.hold(request(show, "carol", "A3"))).isInstanceOf(HoldResult.Busy.class);
        assertThat(strategy.release(bob.holdId(), "bob")).isEqualTo(ReleaseResult.BUSY);
        assertThat(strategy.extend(bob.holdId(), "bob", TTL)).isInstanceOf(ExtendResult.Busy.class);
        assertThat(strategy.confirm(bob.holdId(), "bob", bob.fence())).isInstanceOf(ConfirmResult.Busy.class);
        assertThat(strategy.confirm(alice.holdId(), "alice", alice.fence()))
                .isEqualTo(new ConfirmResult.Booked(booked.booking(), true));
        assertThatThrownBy(() -> strategy.statuses(show, List.of("A1"))).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(strategy::sweepExpired).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(strategy::activeHolds).isInstanceOf(StoreUnavailableException.class);
        assertThat(shows.bookedSeatRows(show)).containsExactly("A1");

        redis.start();

        assertThat(awaitStatuses(show)).containsEntry("A1", SeatStatus.BOOKED).containsEntry("A2", SeatStatus.FREE);
    }

    @Test
    void whileAnotherInstanceRebuildsRedisTheAnswerIsBusyAndAfterwardsBookedSeatsAreBooked() {
        String show = newShow(2);
        SeatHold alice = held(strategy.hold(request(show, "alice", "A1")));
        strategy.confirm(alice.holdId(), "alice", alice.fence());
        connection.sync().flushall();
        connection.sync().set(new HoldKeys(prefix).rebuilding(), "another-instance", SetArgs.Builder.px(60_000));

        assertThat(strategy.hold(request(show, "bob", "A1")))
                .isEqualTo(new HoldResult.Busy("seat holds are being rebuilt from PostgreSQL"));
        assertThatThrownBy(() -> strategy.statuses(show, List.of("A1"))).isInstanceOf(StoreUnavailableException.class);

        connection.sync().del(new HoldKeys(prefix).rebuilding());

        assertThat(strategy.hold(request(show, "bob", "A1"))).isEqualTo(new HoldResult.Taken(List.of("A1")));
        assertRedisAgreesWithPostgres(show, 2);
    }

    /**
     * The drill: buyers hold and confirm seats while Redis is stopped and started again empty. Nothing acknowledged is
     * lost, no seat is booked twice, every answer during the outage is busy, and Redis agrees with PostgreSQL after.
     */
    @Test
    void aShowSurvivesRedisRestartingEmptyInTheMiddleOfTheSale() throws Exception {
        int seatCount = 200;
        String show = newShow(seatCount);
        List<String> seatIds = shows.find(show).orElseThrow().seatIds();
        ConcurrentLinkedQueue<ConfirmResult.Booked> acknowledged = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> answers = new ConcurrentSkipListMap<>();
        AtomicReference<String> phase = new AtomicReference<>("1 before");
        CountDownLatch someBooked = new CountDownLatch(20);
        CountDownLatch outageSeen = new CountDownLatch(5);
        CountDownLatch bookedAfterRestart = new CountDownLatch(20);
        int buyers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(buyers);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int b = 0; b < buyers; b++) {
                String buyer = "buyer-" + b;
                workers.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (bookedAfterRestart.getCount() > 0 && acknowledgedSeats(acknowledged) < seatCount) {
                        List<String> wanted = new ArrayList<>(seatIds);
                        Collections.shuffle(wanted, random);
                        HoldResult result = strategy.hold(
                                new HoldRequest(show, wanted.subList(0, 1 + random.nextInt(2)), buyer, TTL));
                        count(
                                answers,
                                phase.get() + " hold " + result.getClass().getSimpleName());
                        if (result instanceof HoldResult.Busy) {
                            if (phase.get().contains("down")) {
                                outageSeen.countDown();
                            }
                            Thread.sleep(5);
                        }
                        if (result instanceof HoldResult.Held held) {
                            SeatHold hold = held.hold();
                            ConfirmResult confirmed = strategy.confirm(hold.holdId(), buyer, hold.fence());
                            count(
                                    answers,
                                    phase.get() + " confirm "
                                            + confirmed.getClass().getSimpleName());
                            if (confirmed instanceof ConfirmResult.Booked booking) {
                                acknowledged.add(booking);
                                someBooked.countDown();
                                if (phase.get().contains("restarted")) {
                                    bookedAfterRestart.countDown();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            assertThat(someBooked.await(60, TimeUnit.SECONDS)).isTrue();
            redis.stop();
            phase.set("2 down");
            assertThat(outageSeen.await(60, TimeUnit.SECONDS)).isTrue();
            redis.start();
            phase.set("3 restarted empty");
            for (Future<?> worker : workers) {
                worker.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> rows = shows.bookedSeatRows(show);
        Set<String> acknowledgedSeats = acknowledged.stream()
                .flatMap(booking -> booking.booking().seats().stream())
                .collect(Collectors.toSet());
        Set<String> lost = new HashSet<>(acknowledgedSeats);
        lost.removeAll(rows);
        System.out.printf(
                "Redis restarted empty mid-sale: %d bookings (%d seats) acknowledged, %d seats lost, %d booked twice;"
                        + " answers by phase %s%n",
                acknowledged.size(),
                acknowledgedSeats.size(),
                lost.size(),
                rows.size() - new HashSet<>(rows).size(),
                answers);
        assertThat(bookedAfterRestart.getCount())
                .as("bookings after the restart")
                .isZero();
        assertThat(lost).as("acknowledged bookings lost").isEmpty();
        assertThat(rows).as("seats booked twice").doesNotHaveDuplicates();
        assertThat(answers).as("a sold seat offered again").doesNotContainKey("3 restarted empty confirm StaleFence");
        assertRedisAgreesWithPostgres(show, seatCount);
    }

    private static int acknowledgedSeats(ConcurrentLinkedQueue<ConfirmResult.Booked> acknowledged) {
        return acknowledged.stream()
                .mapToInt(booking -> booking.booking().seats().size())
                .sum();
    }

    private static void count(Map<String, AtomicInteger> answers, String answer) {
        answers.computeIfAbsent(answer, key -> new AtomicInteger()).incrementAndGet();
    }

    private void restartEmpty() {
        redis.stop();
        redis.start();
    }

    /** The seat map once the client has reconnected to the restarted server. */
    private Map<String, SeatStatus> awaitStatuses(String show) {
        List<String> seats = shows.find(show).orElseThrow().seatIds();
        return await().atMost(Duration.ofSeconds(60))
                .ignoreException(StoreUnavailableException.class)
                .until(() -> strategy.statuses(show, seats), statuses -> true);
    }

    private void assertRedisAgreesWithPostgres(String show, int seatCount) {
        List<String> rows = shows.bookedSeatRows(show);
        assertThat(rows).doesNotHaveDuplicates();
        Map<String, SeatStatus> seats = awaitStatuses(show);
        assertThat(seats).hasSize(seatCount);
        assertThat(seats.entrySet().stream()
                        .filter(seat -> seat.getValue() == SeatStatus.BOOKED)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(rows);
    }

    private String newShow(int seats) {
        String id = "restart-" + UUID.randomUUID();
        shows.create(id, "restart show", "redis", SeatMap.of(1, seats, List.of()));
        return id;
    }

    private static HoldRequest request(String show, String holder, String... seats) {
        return new HoldRequest(show, List.of(seats), holder, TTL);
    }

    private static SeatHold held(HoldResult result) {
        assertThat(result).isInstanceOf(HoldResult.Held.class);
        return ((HoldResult.Held) result).hold();
    }
}
