package dev.stampede.redis;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.BookingStore;
import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.ReleaseResult;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.Show;
import dev.stampede.core.hold.ShowStore;
import dev.stampede.redis.HoldScripts.Guard;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seat holds in Redis, each step one Lua script ({@link HoldScripts}), with bookings final in PostgreSQL only: Redis
 * is a cache of PostgreSQL's truth for anything durable.
 *
 * <p>A hold sets every seat key (with the hold's token and expiry) or none; release and extension compare the token
 * before touching a seat. Expiry is decided in the scripts against the injected clock (key TTLs only collect garbage).
 *
 * <p>A confirmation first <em>claims</em> the hold in Redis: its seats stop being free by time and carry a deadline
 * ({@code confirmDeadline} from now). It then books the seats in PostgreSQL, fenced in the write ({@link
 * BookingStore#bookFenced}); only after that commit does Redis mark them booked. If the service dies or PostgreSQL
 * fails between the two steps, the claim stays until its deadline: a retry of the same confirmation before then writes
 * the booking again (at most one attempt lands: PostgreSQL books a seat once), and after it PostgreSQL decides — the
 * hold is fenced out there ({@link BookingStore#fenceOut}), so a write still in flight can never land, and the seats
 * are marked booked if its booking had committed, else freed. Whoever meets a claim past its deadline settles it: a
 * retried confirmation, a hold on its seats, a read of the seat map, or the sweep. A claim never strands a seat.
 *
 * <p>Every script runs behind a ready marker ({@link HoldKeys#ready()}). When Redis restarts empty or is flushed, the
 * first step to run notices, copies the bookings of every {@code redis} show from PostgreSQL into Redis ({@link
 * BookingsInRedis}) and runs again; while that cannot be done (Redis down, another instance rebuilding) the answer is
 * busy. Holds granted before Redis lost its data are gone (their seats are free again); bookings are not.
 */
public final class RedisLuaHold implements HoldStrategy {

    private static final Logger log = LoggerFactory.getLogger(RedisLuaHold.class);

    private static final Duration GARBAGE_GRACE = Duration.ofSeconds(5);
    private static final Duration HOLD_RECORD_GRACE = Duration.ofHours(1);
    private static final String NAME = "redis";

    private final RedisClusterCommands<String, String> redis;
    private final HoldKeys keys;
    private final HoldScripts scripts;
    private final BookingsInRedis copies;
    private final Guard ready;
    private final ShowStore shows;
    private final BookingStore bookings;
    private final Clock clock;
    private final Duration confirmDeadline;
    private final Map<String, Show> knownShows = new ConcurrentHashMap<>();

    /**
     * @param prefix namespaces every key, so that several services or test runs may share one Redis
     * @param confirmDeadline how long a confirmation may take to write its booking to PostgreSQL before PostgreSQL
     *     decides it (longer than any write should take; a crashed confirmation keeps its seats this long)
     */
    public RedisLuaHold(
            RedisClusterCommands<String, String> redis,
            String prefix,
            ShowStore shows,
            BookingStore bookings,
            Clock clock,
            Duration confirmDeadline) {
        if (confirmDeadline.isNegative() || confirmDeadline.isZero()) {
            throw new IllegalArgumentException("confirmDeadline must be positive, was " + confirmDeadline);
        }
        this.redis = redis;
        this.keys = new HoldKeys(prefix);
        this.scripts = new HoldScripts(redis);
        this.copies = new BookingsInRedis(redis, keys, shows, bookings, NAME, HOLD_RECORD_GRACE);
        this.ready = copies.ready();
        this.shows = shows;
        this.bookings = bookings;
        this.clock = clock;
        this.confirmDeadline = confirmDeadline;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HoldResult hold(HoldRequest request) {
        Optional<Show> show = show(request.showId());
        if (show.isEmpty()) {
            return new HoldResult.UnknownShow(request.showId());
        }
        Set<String> seats = new HashSet<>(show.get().seatIds());
        List<String> unknown =
                request.seatIds().stream().filter(seat -> !seats.contains(seat)).toList();
        if (!unknown.isEmpty()) {
            return new HoldResult.UnknownSeats(unknown);
        }
        try {
            return recovering(() -> {
                String holdId = NAME + "_" + UUID.randomUUID();
                Instant now = now();
                Instant expires = now.plus(request.ttl());
                List<Object> answer = tryHold(request, holdId, now, expires);
                if (((Long) answer.get(0)) == 0 && ((Long) answer.get(2)) > 0) {
                    settleOverdueClaims(
                            request.showId(), request.seatIds(), tokens(request.showId(), request.seatIds()));
                    answer = tryHold(request, holdId, now, expires);
                }
                if (((Long) answer.get(0)) == 0) {
                    return new HoldResult.Taken(((List<?>) answer.get(1))
                            .stream()
                                    .map(index -> request.seatIds().get(((Long) index).intValue() - 1))
                                    .toList());
                }
                return new HoldResult.Held(new SeatHold(
                        holdId, request.showId(), request.holderId(), request.sortedSeats(), expires, (Long)
                                answer.get(1)));
            });
        } catch (RedisException | StoreUnavailableException e) {
            return new HoldResult.Busy(busy(e));
        }
    }

    /**
     * Answers {@code {1, fence}}, or {@code {0, taken positions, how many are claims past their deadline}}: see {@link
     * HoldScripts#HOLD}.
     */
    private List<Object> tryHold(HoldRequest request, String holdId, Instant now, Instant expires) {
        List<String> holdKeys = new ArrayList<>();
        holdKeys.add(keys.hold(holdId));
        holdKeys.add(keys.active());
        holdKeys.add(keys.fence(request.showId()));
        holdKeys.addAll(keys.seats(request.showId(), request.seatIds()));
        return scripts.run(
                ready,
                HoldScripts.HOLD,
                ScriptOutputType.MULTI,
                holdKeys,
                holdId,
                request.holderId(),
                millis(now),
                millis(expires),
                String.valueOf(request.ttl().plus(GARBAGE_GRACE).toMillis()),
                request.showId(),
                String.join(",", request.sortedSeats()),
                String.valueOf(request.ttl().plus(HOLD_RECORD_GRACE).toMillis()));
    }

    @Override
    public ReleaseResult release(String holdId, String holderId) {
        try {
            return recovering(() -> {
                Optional<HoldRecord> hold = record(holdId);
                if (hold.isEmpty()) {
                    return ReleaseResult.NO_SUCH_HOLD;
                }
                String answer = scripts.run(
                        ready,
                        HoldScripts.RELEASE,
                        ScriptOutputType.VALUE,
                        hold.get().keys(),
                        holdId,
                        holderId,
                        millis(now()));
                return switch (answer) {
                    case "released" -> ReleaseResult.RELEASED;
                    case "not_holder" -> ReleaseResult.NOT_HOLDER;
                    default -> ReleaseResult.NO_SUCH_HOLD;
                };
            });
        } catch (RedisException | StoreUnavailableException e) {
            log.debug("Release of {} answered busy", holdId, e);
            return ReleaseResult.BUSY;
        }
    }

    @Override
    public ExtendResult extend(String holdId, String holderId, Duration ttl) {
        try {
            return recovering(() -> {
                Optional<HoldRecord> hold = record(holdId);
                if (hold.isEmpty()) {
                    return new ExtendResult.NoSuchHold(holdId);
                }
                Instant now = now();
                Instant expiresAt = now.plus(ttl);
                String answer = scripts.run(
                        ready,
                        HoldScripts.EXTEND,
                        ScriptOutputType.VALUE,
                        hold.get().keys(),
                        holdId,
                        holderId,
                        millis(now),
                        millis(expiresAt),
                        String.valueOf(ttl.plus(GARBAGE_GRACE).toMillis()));
                return switch (answer) {
                    case "extended" -> new ExtendResult.Extended(expiresAt);
                    case "not_holder" -> new ExtendResult.NotHolder(holdId);
                    default -> new ExtendResult.NoSuchHold(holdId);
                };
            });
        } catch (RedisException | StoreUnavailableException e) {
            return new ExtendResult.Busy(busy(e));
        }
    }

    /**
     * Confirms through a claim in Redis and a fenced write in PostgreSQL (see the class comment). When Redis cannot
     * answer, PostgreSQL still answers a confirmation whose booking it holds.
     */
    @Override
    public ConfirmResult confirm(String holdId, String holderId, long fence) {
        try {
            return recovering(() -> confirmNow(holdId, holderId, fence));
        } catch (RedisException | StoreUnavailableException e) {
            try {
                return fromPostgres(holdId, holderId, fence).orElseGet(() -> new ConfirmResult.Busy(busy(e)));
            } catch (StoreUnavailableException alsoDown) {
                e.addSuppressed(alsoDown);
                return new ConfirmResult.Busy(busy(e));
            }
        }
    }

    private ConfirmResult confirmNow(String holdId, String holderId, long fence) {
        Optional<HoldRecord> found = record(holdId);
        if (found.isEmpty()) {
            return fromPostgres(holdId, holderId, fence).orElseGet(() -> new ConfirmResult.NoSuchHold(holdId));
        }
        HoldRecord hold = found.get();
        Instant now = now();
        List<Object> answer = scripts.run(
                ready,
                HoldScripts.CLAIM,
                ScriptOutputType.MULTI,
                hold.keys(),
                holdId,
                holderId,
                millis(now),
                String.valueOf(fence),
                millis(now.plus(confirmDeadline)));
        return switch ((String) answer.get(0)) {
            case "none" -> new ConfirmResult.NoSuchHold(holdId);
            case "not_holder" -> new ConfirmResult.NotHolder(holdId);
            case "stale" -> new ConfirmResult.StaleFence(fence, Long.parseLong((String) answer.get(1)));
            case "expired" -> new ConfirmResult.Expired(holdId);
            case "booked" ->
                fromPostgres(holdId, holderId, fence)
                        .orElseThrow(
                                () -> new IllegalStateException("hold " + holdId + " booked in Redis, not in SQL"));
            case "claimed", "confirming" -> book(hold, holderId);
            case "overdue" -> settle(hold);
            default -> throw new IllegalStateException("unexpected claim answer " + answer);
        };
    }

    /** Writes the booking of a claimed hold; a transient failure leaves the claim for a retry or its deadline. */
    private ConfirmResult book(HoldRecord hold, String holderId) {
        Booking booking = new Booking(hold.holdId(), hold.showId(), holderId, hold.seats(), hold.fence(), now());
        Optional<Booking> written;
        try {
            written = bookings.bookFenced(booking);
        } catch (OutcomeUnknownException e) {
            throw e;
        } catch (StoreUnavailableException e) {
            log.debug("Booking of hold {} not written; its claim stays until its deadline", hold.holdId(), e);
            return new ConfirmResult.Busy(
                    "the booking could not be written (" + e.getMessage() + "); retry the confirmation");
        }
        if (written.isPresent()) {
            markBooked(written.get());
            return new ConfirmResult.Booked(written.get(), false);
        }
        // Nothing written: an earlier attempt of this confirmation committed, or the seats can never be this hold's
        // (fenced out after the deadline, or booked by another hold while Redis was missing data).
        ConfirmResult settled = settle(hold);
        if (settled instanceof ConfirmResult.Expired) {
            copies.copyShow(ready, hold.showId());
        }
        return settled;
    }

    /** After the commit: Redis learns the booking now, or, failing that, when the claim's deadline is met. */
    private void markBooked(Booking booking) {
        try {
            copies.mark(ready, booking);
        } catch (RedisException | StoreUnavailableException e) {
            log.warn(
                    "Hold {} is booked in PostgreSQL; Redis will learn it once its claim is settled: {}",
                    booking.holdId(),
                    e.toString());
        }
    }

    /** Lets PostgreSQL decide a claimed hold for good: booked if its booking committed, else fenced out and freed. */
    private ConfirmResult settle(HoldRecord hold) {
        Optional<Booking> booked = bookings.fenceOut(hold.showId(), hold.holdId(), hold.seats(), hold.fence());
        if (booked.isPresent()) {
            copies.mark(ready, booked.get());
            return new ConfirmResult.Booked(booked.get(), true);
        }
        scripts.run(
                ready,
                HoldScripts.ABANDON,
                ScriptOutputType.INTEGER,
                hold.keys(),
                hold.holdId(),
                String.valueOf(HOLD_RECORD_GRACE.toMillis()));
        return new ConfirmResult.Expired(hold.holdId());
    }

    /**
     * Settles every claim past its deadline among these seats (their tokens read just now), each from its hold's
     * record, or from its tokens if Redis has lost the record; true if there was any.
     */
    private boolean settleOverdueClaims(String showId, List<String> seatIds, List<Token> tokens) {
        long now = now().toEpochMilli();
        Map<String, List<String>> seatsByClaim = new LinkedHashMap<>();
        Map<String, Long> fenceOfClaim = new HashMap<>();
        for (int i = 0; i < seatIds.size(); i++) {
            Token token = tokens.get(i);
            if (token.isClaimOverdue(now)) {
                seatsByClaim
                        .computeIfAbsent(token.holdId(), hold -> new ArrayList<>())
                        .add(seatIds.get(i));
                fenceOfClaim.put(token.holdId(), token.fence());
            }
        }
        for (Map.Entry<String, List<String>> claim : seatsByClaim.entrySet()) {
            String holdId = claim.getKey();
            settle(record(holdId)
                    .orElseGet(() -> new HoldRecord(
                            holdId,
                            showId,
                            claim.getValue(),
                            fenceOfClaim.get(holdId),
                            keys.ofHold(holdId, showId, claim.getValue()))));
        }
        return !seatsByClaim.isEmpty();
    }

    /** The answer PostgreSQL alone gives: the hold's booking (a replay) if it has one. */
    private Optional<ConfirmResult> fromPostgres(String holdId, String holderId, long fence) {
        return bookings.ofHold(holdId).map(booking -> {
            if (!booking.holderId().equals(holderId)) {
                return new ConfirmResult.NotHolder(holdId);
            }
            if (booking.fence() != fence) {
                return new ConfirmResult.StaleFence(fence, booking.fence());
            }
            return new ConfirmResult.Booked(booking, true);
        });
    }

    /**
     * {@inheritDoc} A seat claimed by a confirmation counts as held until PostgreSQL has decided it; one past its
     * deadline is decided first.
     *
     * @throws StoreUnavailableException if Redis (or, to decide a claim, PostgreSQL) cannot answer now
     */
    @Override
    public Map<String, SeatStatus> statuses(String showId, List<String> seatIds) {
        try {
            return recovering(() -> {
                List<Token> tokens = tokens(showId, seatIds);
                if (settleOverdueClaims(showId, seatIds, tokens)) {
                    tokens = tokens(showId, seatIds);
                }
                long now = now().toEpochMilli();
                Map<String, SeatStatus> statuses = new HashMap<>();
                for (int i = 0; i < seatIds.size(); i++) {
                    statuses.put(seatIds.get(i), tokens.get(i).status(now));
                }
                return statuses;
            });
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }

    private List<Token> tokens(String showId, List<String> seatIds) {
        List<Object> values =
                scripts.run(ready, HoldScripts.READ_SEATS, ScriptOutputType.MULTI, keys.seats(showId, seatIds));
        return values.stream().map(value -> new Token((String) value)).toList();
    }

    /** A seat key's value: {@code kind|holdId|millis|fence}, or null for a free seat. */
    private record Token(String value) {

        SeatStatus status(long now) {
            if (value == null) {
                return SeatStatus.FREE;
            }
            return switch (field(0)) {
                case "B" -> SeatStatus.BOOKED;
                case "C" -> SeatStatus.HELD;
                default -> Long.parseLong(field(2)) > now ? SeatStatus.HELD : SeatStatus.FREE;
            };
        }

        boolean isClaimOverdue(long now) {
            return value != null && field(0).equals("C") && Long.parseLong(field(2)) <= now;
        }

        String holdId() {
            return field(1);
        }

        long fence() {
            return Long.parseLong(field(3));
        }

        private String field(int index) {
            return value.split("\\|")[index];
        }
    }

    /** Frees expired holds and settles claims past their deadline; the count is of holds that ended unbooked. */
    @Override
    public int sweepExpired() {
        try {
            return recovering(() -> {
                // Reads no seat, but notices (and repairs) a Redis that lost its data even when no hold is due.
                scripts.run(ready, HoldScripts.READ_SEATS, ScriptOutputType.MULTI, List.of());
                long now = now().toEpochMilli();
                int expired = 0;
                for (String holdId : redis.zrangebyscore(keys.active(), Range.create(0, now))) {
                    Optional<HoldRecord> hold = record(holdId);
                    if (hold.isEmpty()) {
                        redis.zrem(keys.active(), holdId);
                        continue;
                    }
                    expired += ((Long) scripts.run(
                                    ready,
                                    HoldScripts.EXPIRE,
                                    ScriptOutputType.INTEGER,
                                    hold.get().keys(),
                                    holdId,
                                    String.valueOf(now)))
                            .intValue();
                }
                for (String holdId : redis.zrangebyscore(keys.confirming(), Range.create(0, now))) {
                    Optional<HoldRecord> hold = record(holdId);
                    if (hold.isEmpty()) {
                        redis.zrem(keys.confirming(), holdId);
                    } else if (settle(hold.get()) instanceof ConfirmResult.Expired) {
                        expired++;
                    }
                }
                return expired;
            });
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }

    @Override
    public long activeHolds() {
        double now = now().toEpochMilli();
        try {
            return redis.zcount(keys.active(), Range.from(Range.Boundary.excluding(now), Range.Boundary.unbounded()));
        } catch (RedisException e) {
            throw new StoreUnavailableException("redis unavailable", e);
        }
    }

    /** Runs a step; if Redis has lost its data, rebuilds it from PostgreSQL and runs the step once more. */
    private <R> R recovering(Supplier<R> step) {
        try {
            return step.get();
        } catch (RedisHoldsLost lost) {
            if (!copies.rebuild()) {
                throw lost;
            }
            return step.get();
        }
    }

    /** Why a step answered busy, in words fit for a client (the cause goes to the log only). */
    private static String busy(RuntimeException cause) {
        log.debug("Seat hold step answered busy", cause);
        return switch (cause) {
            case RedisHoldsLost _ -> "seat holds are being rebuilt from PostgreSQL";
            case RedisException _ -> "redis unavailable";
            default -> "database unavailable";
        };
    }

    /** A hold as recorded in Redis, with the keys its scripts touch. */
    private record HoldRecord(String holdId, String showId, List<String> seats, long fence, List<String> keys) {}

    private Optional<HoldRecord> record(String holdId) {
        List<Object> fields =
                scripts.run(ready, HoldScripts.READ_HOLD, ScriptOutputType.MULTI, List.of(keys.hold(holdId)));
        if (fields.get(0) == null) {
            return Optional.empty();
        }
        String showId = (String) fields.get(0);
        List<String> seats = Arrays.asList(((String) fields.get(1)).split(","));
        return Optional.of(new HoldRecord(
                holdId, showId, seats, Long.parseLong((String) fields.get(3)), keys.ofHold(holdId, showId, seats)));
    }

    private Optional<Show> show(String showId) {
        Show known = knownShows.get(showId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Show> found = shows.find(showId);
        found.ifPresent(show -> knownShows.put(showId, show));
        return found;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String millis(Instant instant) {
        return String.valueOf(instant.toEpochMilli());
    }
}
