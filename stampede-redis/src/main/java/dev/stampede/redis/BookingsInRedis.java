package dev.stampede.redis;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.BookingStore;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.redis.HoldScripts.Guard;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's bookings copied into Redis, which is only their cache: the seats of one booking once it committed, of a
 * show, or of every show of the strategy when Redis has lost them (restarted empty, flushed, or new).
 *
 * <p>A rebuild runs in one service instance at a time (a lock key in Redis, with a time-out in case that instance
 * dies) and behind that lock as the scripts' guard, so no other step runs on a half-built Redis; the ready marker is
 * written last, by the same atomic step that drops the lock, and only if the lock is still this rebuild's.
 */
final class BookingsInRedis {

    private static final Logger log = LoggerFactory.getLogger(BookingsInRedis.class);

    private static final String READY = "1";
    private static final Duration LOCK_TIME_OUT = Duration.ofSeconds(60);
    private static final Duration WAIT_FOR_OTHER_THREAD = Duration.ofSeconds(5);
    private static final int SEATS_PER_SCRIPT = 500;

    private static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            return 1
            """;

    private final RedisClusterCommands<String, String> redis;
    private final HoldScripts scripts;
    private final LuaScripts unguarded;
    private final HoldKeys keys;
    private final ShowStore shows;
    private final BookingStore bookings;
    private final String strategy;
    private final Duration recordTtl;
    private final ReentrantLock rebuilding = new ReentrantLock();

    /** {@code recordTtl}: how long a booked hold's record stays in Redis (PostgreSQL answers after that). */
    BookingsInRedis(
            RedisClusterCommands<String, String> redis,
            HoldKeys keys,
            ShowStore shows,
            BookingStore bookings,
            String strategy,
            Duration recordTtl) {
        this.redis = redis;
        this.scripts = new HoldScripts(redis);
        this.unguarded = new LuaScripts(redis);
        this.keys = keys;
        this.shows = shows;
        this.bookings = bookings;
        this.strategy = strategy;
        this.recordTtl = recordTtl;
    }

    /** The guard of every step in service: Redis holds PostgreSQL's bookings. */
    Guard ready() {
        return new Guard(keys.ready(), READY);
    }

    /** Marks the seats of a booking PostgreSQL holds as booked in Redis, and its hold, if Redis still has it. */
    void mark(Guard guard, Booking booking) {
        scripts.run(
                guard,
                HoldScripts.BOOKED,
                ScriptOutputType.INTEGER,
                keys.ofHold(booking.holdId(), booking.showId(), booking.seats()),
                booking.holdId(),
                String.valueOf(booking.fence()),
                String.valueOf(recordTtl.toMillis()));
    }

    /**
     * Marks every booked seat of the show booked by its hold and raises the show's fence counter to the highest fence
     * PostgreSQL has seen, so that later holds carry higher ones; a few hundred seats per script.
     */
    void copyShow(Guard guard, String showId) {
        String floor = String.valueOf(bookings.highestFence(showId));
        List<String> seatKeys = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (Booking booking : bookings.ofShow(showId)) {
            for (String seat : booking.seats()) {
                seatKeys.add(keys.seat(showId, seat));
                tokens.add("B|" + booking.holdId() + "|0|" + booking.fence());
            }
        }
        int chunks = Math.max(1, (seatKeys.size() + SEATS_PER_SCRIPT - 1) / SEATS_PER_SCRIPT);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int from = chunk * SEATS_PER_SCRIPT;
            int to = Math.min(seatKeys.size(), from + SEATS_PER_SCRIPT);
            List<String> scriptKeys = new ArrayList<>();
            scriptKeys.add(keys.fence(showId));
            scriptKeys.addAll(seatKeys.subList(from, to));
            List<String> args = new ArrayList<>();
            args.add(floor);
            args.addAll(tokens.subList(from, to));
            scripts.run(
                    guard,
                    HoldScripts.COPY_BOOKED_SEATS,
                    ScriptOutputType.INTEGER,
                    scriptKeys,
                    args.toArray(String[]::new));
        }
    }

    /**
     * Copies the bookings of every show of the strategy into Redis, unless it holds them already.
     *
     * @return true when Redis holds them (copied now, or by another thread of this instance meanwhile); false when
     *     another instance is copying them or another thread here took too long
     * @throws StoreUnavailableException if PostgreSQL failed (the lock is dropped; the next step tries again)
     * @throws io.lettuce.core.RedisException if Redis failed
     */
    boolean rebuild() {
        try {
            if (!rebuilding.tryLock(WAIT_FOR_OTHER_THREAD.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (READY.equals(redis.get(keys.ready()))) {
                return true;
            }
            String token = UUID.randomUUID().toString();
            if (!"OK"
                    .equals(redis.set(
                            keys.rebuilding(), token, SetArgs.Builder.nx().px(LOCK_TIME_OUT.toMillis())))) {
                return false;
            }
            Guard lock = new Guard(keys.rebuilding(), token);
            try {
                long started = System.nanoTime();
                List<String> showIds = shows.idsUsing(strategy);
                for (String showId : showIds) {
                    copyShow(lock, showId);
                }
                scripts.run(lock, HoldScripts.FINISH_REBUILD, ScriptOutputType.INTEGER, List.of(keys.ready()), READY);
                log.info(
                        "Redis seat holds rebuilt from PostgreSQL: {} shows in {} ms",
                        showIds.size(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
                return true;
            } catch (RuntimeException e) {
                try {
                    unguarded.run(UNLOCK, ScriptOutputType.INTEGER, List.of(keys.rebuilding()), token);
                } catch (RuntimeException unlockFailure) {
                    e.addSuppressed(unlockFailure);
                }
                throw e;
            }
        } finally {
            rebuilding.unlock();
        }
    }
}
