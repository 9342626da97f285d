package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatMap;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.hold.JdbcHoldStores;
import dev.stampede.redis.CutOffDataSource.Cut;
import dev.stampede.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A service dies between the two steps of a {@code redis} confirmation (the claim in Redis, the booking in
 * PostgreSQL), stopped at a test hook: just before the commit, just after it, or stalled in the write past the claim's
 * deadline. Another service on the same Redis and PostgreSQL then carries on. The seats end booked or bookable again,
 * never stuck; a retry of the confirmation answers definitively; Redis and PostgreSQL agree seat for seat.
 */
class RedisConfirmationCrashTest {

    private static final DataSource DATABASE = TestDatabase.dataSource();
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration TTL = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final String prefix = "crash-" + UUID.randomUUID() + ":";
    private final ShowStore shows = JdbcHoldStores.shows(new Transactions(DATABASE), clock);
    private final RedisLuaHold survivor = service(DATABASE);
    private final String show = newShow();
    private final List<String> seats = List.of("A1", "A2");

    @Test
    void aConfirmationCutOffBeforeItsCommitIsCompletedByItsRetry() {
        SeatHold hold = hold("alice", seats);
        dies(Cut.BEFORE_COMMIT, hold);

        assertThat(statuses()).containsValues(SeatStatus.HELD, SeatStatus.HELD);
        assertThat(survivor.hold(request("bob", seats))).isEqualTo(new HoldResult.Taken(seats));
        assertThat(shows.bookedSeatRows(show)).isEmpty();

        ConfirmResult retried = confirm(hold);

        assertThat(retried).isInstanceOf(ConfirmResult.Booked.class);
        assertThat(((ConfirmResult.Booked) retried).replayed()).isFalse();
        assertThat(confirm(hold)).isEqualTo(new ConfirmResult.Booked(((ConfirmResult.Booked) retried).booking(), true));
        assertRedisAgreesWithPostgres(seats);
    }

    @Test
    void aConfirmationCutOffBeforeItsCommitFreesItsSeatsOnceItsDeadlinePasses() {
        SeatHold hold = hold("alice", seats);
        dies(Cut.BEFORE_COMMIT, hold);

        clock.advance(DEADLINE);

        assertThat(statuses()).containsValues(SeatStatus.FREE, SeatStatus.FREE);
        SeatHold bob = hold("bob", seats);
        assertThat(bob.fence()).isGreaterThan(hold.fence());
        assertThat(confirm(bob)).isInstanceOf(ConfirmResult.Booked.class);
        assertThat(confirm(hold)).isEqualTo(new ConfirmResult.Expired(hold.holdId()));
        assertRedisAgreesWithPostgres(seats);
        assertThat(shows.bookedSeatRows(show)).hasSize(2);
    }

    @Test
    void aConfirmationCutOffAfterItsCommitIsAnsweredBookedToItsRetry() {
        SeatHold hold = hold("alice", seats);
        dies(Cut.AFTER_COMMIT, hold);

        assertThat(shows.bookedSeatRows(show)).containsExactlyElementsOf(seats);
        assertThat(statuses()).as("not free: PostgreSQL may have booked them").containsValues(SeatStatus.HELD);
        assertThat(survivor.hold(request("bob", seats))).isEqualTo(new HoldResult.Taken(seats));

        ConfirmResult retried = confirm(hold);

        assertThat(retried).isInstanceOf(ConfirmResult.Booked.class);
        assertThat(((ConfirmResult.Booked) retried).replayed()).isTrue();
        assertThat(((ConfirmResult.Booked) retried).booking().seats()).isEqualTo(seats);
        assertRedisAgreesWithPostgres(seats);
    }

    @Test
    void aConfirmationCutOffAfterItsCommitIsMarkedBookedByTheSweepOnceItsDeadlinePasses() {
        SeatHold hold = hold("alice", seats);
        dies(Cut.AFTER_COMMIT, hold);

        clock.advance(DEADLINE);
        assertThat(survivor.sweepExpired()).isZero();

        assertThat(statuses()).containsValues(SeatStatus.BOOKED, SeatStatus.BOOKED);
        assertThat(survivor.hold(request("bob", seats))).isEqualTo(new HoldResult.Taken(seats));
        assertThat(confirm(hold)).isInstanceOf(ConfirmResult.Booked.class);
        assertRedisAgreesWithPostgres(seats);
    }

    @Test
    void aBookingWriteStillInFlightAfterTheDeadlineIsFencedOutAndNeverLands() throws Exception {
        SeatHold hold = hold("alice", seats);
        CutOffDataSource stalling = CutOffDataSource.cutting(DATABASE, Cut.STALL_BEFORE_WRITE);
        RedisLuaHold slow = service(stalling.dataSource());
        CompletableFuture<ConfirmResult> late =
                CompletableFuture.supplyAsync(() -> slow.confirm(hold.holdId(), "alice", hold.fence()));
        stalling.awaitStall();

        clock.advance(DEADLINE);
        assertThat(statuses()).as("decided by PostgreSQL: no booking").containsValues(SeatStatus.FREE);
        stalling.release();

        assertThat(late.get(30, TimeUnit.SECONDS)).isEqualTo(new ConfirmResult.Expired(hold.holdId()));
        assertThat(shows.bookedSeatRows(show)).isEmpty();
        assertRedisAgreesWithPostgres(List.of());
        SeatHold bob = hold("bob", seats);
        assertThat(confirm(bob)).isInstanceOf(ConfirmResult.Booked.class);
        assertRedisAgreesWithPostgres(seats);
    }

    @Test
    void aClaimWhoseHoldRecordRedisLostIsSettledFromItsSeatsOnceItsDeadlinePasses() {
        SeatHold cutOff = hold("alice", List.of("A1"));
        SeatHold committed = hold("bob", List.of("A2"));
        dies(Cut.BEFORE_COMMIT, cutOff);
        dies(Cut.AFTER_COMMIT, committed);
        TestRedis.connection()
                .sync()
                .del(new HoldKeys(prefix).hold(cutOff.holdId()), new HoldKeys(prefix).hold(committed.holdId()));

        clock.advance(DEADLINE);

        assertThat(survivor.hold(request("carol", List.of("A1")))).isInstanceOf(HoldResult.Held.class);
        assertThat(statuses()).containsEntry("A1", SeatStatus.HELD).containsEntry("A2", SeatStatus.BOOKED);
        assertRedisAgreesWithPostgres(List.of("A2"));
    }

    /** Confirms through a service whose booking transaction is cut off, and checks that it died there. */
    private void dies(Cut cut, SeatHold hold) {
        RedisLuaHold doomed = service(CutOffDataSource.cutting(DATABASE, cut).dataSource());
        assertThatThrownBy(() -> doomed.confirm(hold.holdId(), hold.holderId(), hold.fence()))
                .isInstanceOf(CutOffDataSource.Death.class);
    }

    private void assertRedisAgreesWithPostgres(List<String> booked) {
        List<String> rows = shows.bookedSeatRows(show);
        assertThat(rows).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(booked);
        Map<String, SeatStatus> statuses = statuses();
        assertThat(statuses.entrySet().stream()
                        .filter(seat -> seat.getValue() == SeatStatus.BOOKED)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(rows);
    }

    private RedisLuaHold service(DataSource dataSource) {
        Transactions transactions = new Transactions(dataSource);
        return new RedisLuaHold(
                TestRedis.connection().sync(),
                prefix,
                JdbcHoldStores.shows(transactions, clock),
                JdbcHoldStores.bookings(transactions),
                clock,
                DEADLINE);
    }

    private String newShow() {
        String id = "crash-" + UUID.randomUUID();
        shows.create(id, "crash show", "redis", SeatMap.of(1, 4, List.of()));
        return id;
    }

    private SeatHold hold(String holder, List<String> seatIds) {
        HoldResult result = survivor.hold(request(holder, seatIds));
        assertThat(result).isInstanceOf(HoldResult.Held.class);
        return ((HoldResult.Held) result).hold();
    }

    private HoldRequest request(String holder, List<String> seatIds) {
        return new HoldRequest(show, seatIds, holder, TTL);
    }

    private ConfirmResult confirm(SeatHold hold) {
        return survivor.confirm(hold.holdId(), hold.holderId(), hold.fence());
    }

    private Map<String, SeatStatus> statuses() {
        return survivor.statuses(show, List.of("A1", "A2", "A3", "A4"));
    }
}
