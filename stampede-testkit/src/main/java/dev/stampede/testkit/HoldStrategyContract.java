package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ConfirmResult.Booked;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.HoldResult.Held;
import dev.stampede.core.hold.HoldResult.Taken;
import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.HoldTimeline;
import dev.stampede.core.hold.ReleaseResult;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HoldStrategy} must do. An implementation's test extends this and supplies the strategy (running on
 * {@link #clock()}), a way to create a show, and the durable bookings of a show.
 */
public abstract class HoldStrategyContract {

    private static final Duration TTL = Duration.ofSeconds(60);

    /** A show created for a test, with its seat ids in seat-map order. */
    public record TestShow(String id, List<String> seats) {}

    protected abstract HoldStrategy strategy();

    /** The clock the strategy under test reads; tests move it instead of sleeping. */
    protected abstract MutableClock clock();

    /** Creates a new show of {@code seats} seats for the strategy under test. */
    protected abstract TestShow newShow(int seats);

    /** The seat id of every booking row of the show, as stored durably (a seat booked twice appears twice). */
    protected abstract List<String> bookedSeatRows(String showId);

    @Test
    void overlappingHoldersNeverHoldOneSeatAtOnceAndEveryBookingIsUnique() throws Exception {
        TestShow show = newShow(64);
        HoldStrategy strategy = strategy();
        HoldTimeline timeline = new HoldTimeline();
        ConcurrentLinkedQueue<SeatHold> abandoned = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<SeatHold> booked = new ConcurrentLinkedQueue<>();
        AtomicInteger taken = new AtomicInteger();
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String holder = "holder-" + t;
                workers.add(pool.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 40; i++) {
                        List<String> seats = randomSeats(show.seats(), 1 + random.nextInt(3), random);
                        HoldResult result = strategy.hold(new HoldRequest(show.id(), seats, holder, TTL));
                        long granted = System.nanoTime();
                        switch (result) {
                            case Held held -> {
                                assertThat(held.hold().seats()).containsExactlyInAnyOrderElementsOf(seats);
                                int fate = random.nextInt(100);
                                if (fate < 3) {
                                    abandoned.add(held.hold());
                                    timeline.record(interval(held.hold(), granted, Long.MAX_VALUE));
                                } else if (fate < 6) {
                                    ConfirmResult confirmed = strategy.confirm(
                                            held.hold().holdId(),
                                            holder,
                                            held.hold().fence());
                                    assertThat(confirmed).isInstanceOf(Booked.class);
                                    booked.add(held.hold());
                                    timeline.record(interval(held.hold(), granted, Long.MAX_VALUE));
                                } else {
                                    Thread.sleep(random.nextInt(2));
                                    // Busy is a transient answer (a lock wait or a deadlock lost to another holder):
                                    // the holder retries, as docs/strategies.md tells clients to. The hold ends at the
                                    // ask that released it.
                                    long asked;
                                    ReleaseResult released;
                                    for (int asks = 1; ; asks++) {
                                        asked = System.nanoTime();
                                        released = strategy.release(held.hold().holdId(), holder);
                                        if (released != ReleaseResult.BUSY || asks == 100) {
                                            break;
                                        }
                                        Thread.sleep(1);
                                    }
                                    assertThat(released).isEqualTo(ReleaseResult.RELEASED);
                                    timeline.record(interval(held.hold(), granted, asked));
                                }
                            }
                            case Taken refused -> {
                                assertThat(seats).containsAll(refused.seatIds());
                                assertThat(refused.seatIds()).isNotEmpty();
                                taken.incrementAndGet();
                            }
                            case HoldResult.Busy busy -> Thread.sleep(1);
                            default -> throw new AssertionError("unexpected answer " + result);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(timeline.overlaps()).as("seats held by two holders at once").isEmpty();
        assertThat(timeline.size()).isGreaterThan(threads);
        assertThat(taken.get()).as("the fuzz must contend").isPositive();
        Set<String> bookedSeats = new HashSet<>();
        booked.forEach(hold -> bookedSeats.addAll(hold.seats()));
        List<String> rows = bookedSeatRows(show.id());
        assertThat(rows).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(bookedSeats);
        Set<String> abandonedSeats = new HashSet<>();
        abandoned.forEach(hold -> abandonedSeats.addAll(hold.seats()));
        Map<String, SeatStatus> before = strategy.statuses(show.id(), show.seats());
        for (String seat : show.seats()) {
            SeatStatus expected = bookedSeats.contains(seat)
                    ? SeatStatus.BOOKED
                    : abandonedSeats.contains(seat) ? SeatStatus.HELD : SeatStatus.FREE;
            assertThat(before.get(seat)).as(seat).isEqualTo(expected);
        }

        clock().advance(TTL);

        Map<String, SeatStatus> after = strategy.statuses(show.id(), show.seats());
        for (String seat : show.seats()) {
            assertThat(after.get(seat))
                    .as(seat)
                    .isEqualTo(bookedSeats.contains(seat) ? SeatStatus.BOOKED : SeatStatus.FREE);
        }
        assertThat(strategy.sweepExpired()).isGreaterThanOrEqualTo(abandoned.size());
        assertThat(strategy.activeHolds()).isZero();
        for (SeatHold hold : abandoned) {
            assertThat(strategy.confirm(hold.holdId(), hold.holderId(), hold.fence()))
                    .isInstanceOf(ConfirmResult.Expired.class);
        }
        assertThat(bookedSeatRows(show.id())).hasSameSizeAs(rows);
    }

    @Test
    void twoMultiSeatHoldsInOppositeOrdersNeverDeadlock() throws Exception {
        HoldStrategy strategy = strategy();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                TestShow show = newShow(8);
                List<String> forward = show.seats();
                List<String> backward = new ArrayList<>(forward);
                Collections.reverse(backward);
                CountDownLatch start = new CountDownLatch(1);
                Future<HoldResult> first = pool.submit(() -> {
                    start.await();
                    return strategy.hold(new HoldRequest(show.id(), forward, "forward", TTL));
                });
                Future<HoldResult> second = pool.submit(() -> {
                    start.await();
                    return strategy.hold(new HoldRequest(show.id(), backward, "backward", TTL));
                });
                start.countDown();
                List<HoldResult> results = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));

                assertThat(results).filteredOn(Held.class::isInstance).hasSize(1);
                assertThat(results).filteredOn(Taken.class::isInstance).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHoldIsAllOrNothing() {
        TestShow show = newShow(4);
        List<String> seats = show.seats();
        Held first = held(strategy().hold(request(show, List.of(seats.get(1)), "alice")));

        HoldResult second = strategy().hold(request(show, List.of(seats.get(0), seats.get(1), seats.get(2)), "bob"));

        assertThat(second).isEqualTo(new Taken(List.of(seats.get(1))));
        assertThat(strategy().statuses(show.id(), seats))
                .containsEntry(seats.get(0), SeatStatus.FREE)
                .containsEntry(seats.get(1), SeatStatus.HELD)
                .containsEntry(seats.get(2), SeatStatus.FREE);
        assertThat(first.hold().holderId()).isEqualTo("alice");
        assertThat(first.hold().expiresAt()).isEqualTo(clock().instant().plus(TTL));
        assertThat(strategy().activeHolds()).isPositive();
    }

    @Test
    void anExpiredHoldBlocksNobodyEvenBeforeItIsSwept() {
        TestShow show = newShow(2);
        List<String> seats = show.seats();
        Held alice = held(strategy().hold(new HoldRequest(show.id(), seats, "alice", Duration.ofSeconds(10))));
        assertThat(strategy().hold(request(show, seats, "bob"))).isInstanceOf(Taken.class);

        clock().advance(Duration.ofSeconds(10));

        Held bob = held(strategy().hold(request(show, List.of(seats.get(0)), "bob")));
        assertThat(bob.hold().fence()).isGreaterThan(alice.hold().fence());
        assertThat(strategy().statuses(show.id(), seats))
                .containsEntry(seats.get(0), SeatStatus.HELD)
                .containsEntry(seats.get(1), SeatStatus.FREE);
        assertThat(strategy()
                        .confirm(alice.hold().holdId(), "alice", alice.hold().fence()))
                .isEqualTo(new ConfirmResult.Expired(alice.hold().holdId()));
        assertThat(strategy().release(alice.hold().holdId(), "alice")).isEqualTo(ReleaseResult.NO_SUCH_HOLD);
        assertThat(strategy().statuses(show.id(), seats)).containsEntry(seats.get(0), SeatStatus.HELD);
        assertThat(strategy().confirm(bob.hold().holdId(), "bob", bob.hold().fence()))
                .isInstanceOf(Booked.class);
        assertThat(bookedSeatRows(show.id())).containsExactly(seats.get(0));
    }

    @Test
    void onlyTheHolderMayReleaseAHold() {
        TestShow show = newShow(2);
        Held alice = held(strategy().hold(request(show, show.seats(), "alice")));
        String holdId = alice.hold().holdId();

        assertThat(strategy().release(holdId, "mallory")).isEqualTo(ReleaseResult.NOT_HOLDER);
        assertThat(strategy().statuses(show.id(), show.seats())).containsValues(SeatStatus.HELD, SeatStatus.HELD);

        assertThat(strategy().release(holdId, "alice")).isEqualTo(ReleaseResult.RELEASED);
        assertThat(strategy().release(holdId, "alice")).isEqualTo(ReleaseResult.NO_SUCH_HOLD);
        assertThat(strategy().release("no-such-hold", "alice")).isEqualTo(ReleaseResult.NO_SUCH_HOLD);
        assertThat(strategy().statuses(show.id(), show.seats())).containsValues(SeatStatus.FREE, SeatStatus.FREE);
        Held again = held(strategy().hold(request(show, show.seats(), "bob")));
        assertThat(again.hold().fence()).isGreaterThan(alice.hold().fence());
    }

    @Test
    void anExtendedHoldKeepsItsSeatsPastItsFirstExpiryButAnExpiredOneCannotBeRevived() {
        TestShow show = newShow(2);
        List<String> seats = show.seats();
        Held alice = held(strategy().hold(new HoldRequest(show.id(), seats, "alice", Duration.ofSeconds(10))));
        String holdId = alice.hold().holdId();

        assertThat(strategy().extend(holdId, "mallory", Duration.ofSeconds(60)))
                .isEqualTo(new ExtendResult.NotHolder(holdId));
        clock().advance(Duration.ofSeconds(5));
        ExtendResult extended = strategy().extend(holdId, "alice", Duration.ofSeconds(60));
        clock().advance(Duration.ofSeconds(30));

        assertThat(extended)
                .isEqualTo(new ExtendResult.Extended(
                        clock().instant().minusSeconds(30).plusSeconds(60)));
        assertThat(strategy().hold(request(show, seats, "bob"))).isInstanceOf(Taken.class);
        assertThat(strategy().statuses(show.id(), seats)).containsValues(SeatStatus.HELD, SeatStatus.HELD);
        assertThat(strategy().confirm(holdId, "alice", alice.hold().fence())).isInstanceOf(Booked.class);
        assertThat(strategy().extend(holdId, "alice", Duration.ofSeconds(60)))
                .isEqualTo(new ExtendResult.NoSuchHold(holdId));

        TestShow later = newShow(1);
        Held carol = held(strategy().hold(new HoldRequest(later.id(), later.seats(), "carol", Duration.ofSeconds(10))));
        clock().advance(Duration.ofSeconds(10));
        assertThat(strategy().extend(carol.hold().holdId(), "carol", Duration.ofSeconds(60)))
                .isEqualTo(new ExtendResult.NoSuchHold(carol.hold().holdId()));
        assertThat(strategy().statuses(later.id(), later.seats())).containsValues(SeatStatus.FREE);
    }

    @Test
    void confirmingBooksTheSeatsOnceAndAnswersTheSameBookingAgain() {
        TestShow show = newShow(3);
        List<String> seats = show.seats().subList(0, 2);
        SeatHold hold = held(strategy().hold(request(show, seats, "carol"))).hold();

        assertThat(strategy().confirm(hold.holdId(), "dave", hold.fence()))
                .isEqualTo(new ConfirmResult.NotHolder(hold.holdId()));
        assertThat(strategy().confirm(hold.holdId(), "carol", hold.fence() - 1))
                .isInstanceOf(ConfirmResult.StaleFence.class);
        assertThat(bookedSeatRows(show.id())).isEmpty();
        Booked booked = (Booked) strategy().confirm(hold.holdId(), "carol", hold.fence());
        Booked replay = (Booked) strategy().confirm(hold.holdId(), "carol", hold.fence());

        assertThat(booked.replayed()).isFalse();
        assertThat(booked.booking().seats()).containsExactlyInAnyOrderElementsOf(seats);
        assertThat(booked.booking().fence()).isEqualTo(hold.fence());
        assertThat(replay).isEqualTo(new Booked(booked.booking(), true));
        assertThat(bookedSeatRows(show.id())).containsExactlyInAnyOrderElementsOf(seats);
        assertThat(strategy().statuses(show.id(), show.seats()))
                .containsEntry(seats.get(0), SeatStatus.BOOKED)
                .containsEntry(seats.get(1), SeatStatus.BOOKED)
                .containsEntry(show.seats().get(2), SeatStatus.FREE);
        assertThat(strategy().release(hold.holdId(), "carol")).isEqualTo(ReleaseResult.NO_SUCH_HOLD);
        clock().advance(TTL.multipliedBy(2));
        assertThat(strategy().hold(request(show, show.seats(), "erin"))).isEqualTo(new Taken(seats));
    }

    @Test
    void unknownShowsAndSeatsAreReportedAndChangeNothing() {
        TestShow show = newShow(2);

        assertThat(strategy().hold(new HoldRequest("no-show-" + show.id(), List.of("A1"), "a", TTL)))
                .isEqualTo(new HoldResult.UnknownShow("no-show-" + show.id()));
        assertThat(strategy().hold(request(show, List.of(show.seats().get(0), "Z99"), "a")))
                .isEqualTo(new HoldResult.UnknownSeats(List.of("Z99")));
        assertThat(strategy().statuses(show.id(), show.seats())).containsValues(SeatStatus.FREE, SeatStatus.FREE);
    }

    private static HoldRequest request(TestShow show, List<String> seats, String holder) {
        return new HoldRequest(show.id(), seats, holder, TTL);
    }

    private static Held held(HoldResult result) {
        assertThat(result).isInstanceOf(Held.class);
        return (Held) result;
    }

    private static HoldTimeline.Interval interval(SeatHold hold, long from, long to) {
        return new HoldTimeline.Interval(hold.holdId(), hold.holderId(), hold.seats(), from, to);
    }

    private static List<String> randomSeats(List<String> seats, int count, ThreadLocalRandom random) {
        List<String> picked = new ArrayList<>(count);
        IntStream.generate(() -> random.nextInt(seats.size()))
                .mapToObj(seats::get)
                .distinct()
                .limit(count)
                .forEach(picked::add);
        return picked;
    }
}
