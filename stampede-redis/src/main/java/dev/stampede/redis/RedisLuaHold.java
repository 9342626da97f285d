package dev.stampede.redis;

import dev.stampede.core.hold.Booking;
import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.ReleaseResult;
import dev.stampede.core.hold.SeatHold;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.Show;
import dev.stampede.jdbc.hold.BookingStore;
import dev.stampede.jdbc.hold.ShowStore;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seat holds in Redis, each step one Lua script, so each is atomic: a hold sets every seat key (with a TTL and the
 * hold's token) or none; release and confirmation compare the token before touching a seat. A seat key holds
 * {@code H|holdId|expiresAtMillis|fence} while held, {@code B|holdId|0|fence} once booked. Expiry is decided in the
 * scripts against the injected clock (the key TTL only collects garbage). The confirmed booking is written durably to
 * PostgreSQL, fenced in the write ({@link BookingStore#bookFenced}).
 */
public final class RedisLuaHold implements HoldStrategy {

    private static final Duration GARBAGE_GRACE = Duration.ofSeconds(5);
    private static final Duration HOLD_RECORD_GRACE = Duration.ofHours(1);

    private static final String TOKEN_FIELDS =
            "local function parse(v) return string.match(v, '^(%a)|([^|]*)|(%d+)|(%d+)$') end\n";

    /** KEYS: seats..., hold, fence counter, active set. ARGV: holdId, holder, now, expires, px, show, seats, recordPx. */
    private static final String HOLD = TOKEN_FIELDS + """
            local n = #KEYS - 3
            local now = tonumber(ARGV[3])
            local taken = {}
            for i = 1, n do
              local v = redis.call('GET', KEYS[i])
              if v then
                local kind, _, expires = parse(v)
                if kind == 'B' or tonumber(expires) > now then table.insert(taken, i) end
              end
            end
            if #taken > 0 then return {0, unpack(taken)} end
            local fence = redis.call('INCR', KEYS[n + 2])
            local token = 'H|' .. ARGV[1] .. '|' .. ARGV[4] .. '|' .. fence
            for i = 1, n do redis.call('SET', KEYS[i], token, 'PX', ARGV[5]) end
            redis.call('HSET', KEYS[n + 1], 'show', ARGV[6], 'holder', ARGV[2], 'seats', ARGV[7],
                       'fence', fence, 'expires', ARGV[4], 'status', 'held')
            redis.call('PEXPIRE', KEYS[n + 1], ARGV[8])
            redis.call('ZADD', KEYS[n + 3], ARGV[4], ARGV[1])
            return {1, fence}
            """;

    /**
     * The start of the scripts that act on a holder's active hold (KEYS: hold, ...; ARGV: holdId, holder, now, ...):
     * answers 'none' or 'not_holder' unless it is one, and leaves the hold's fields in {@code m} and its seat token in
     * {@code token}.
     */
    private static final String ACTIVE_HOLD = """
            local m = redis.call('HMGET', KEYS[1], 'holder', 'status', 'expires', 'fence')
            if not m[2] then return 'none' end
            if m[1] ~= ARGV[2] then return 'not_holder' end
            if m[2] ~= 'held' or tonumber(m[3]) <= tonumber(ARGV[3]) then return 'none' end
            local token = 'H|' .. ARGV[1] .. '|' .. m[3] .. '|' .. m[4]
            """;

    /** KEYS: hold, active set, seats... ARGV: holdId, holder, now. Frees only seats still carrying the token. */
    private static final String RELEASE = ACTIVE_HOLD + """
            for i = 3, #KEYS do
              if redis.call('GET', KEYS[i]) == token then redis.call('DEL', KEYS[i]) end
            end
            redis.call('HSET', KEYS[1], 'status', 'released')
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 'released'
            """;

    /**
     * KEYS: hold, active set, seats... ARGV: holdId, holder, now, new expiry, px. Moves the expiry only if the hold is
     * this holder's, unexpired, and every seat still carries its token; rewrites the token with the new expiry.
     */
    private static final String EXTEND = ACTIVE_HOLD + """
            for i = 3, #KEYS do
              if redis.call('GET', KEYS[i]) ~= token then return 'none' end
            end
            local renewed = 'H|' .. ARGV[1] .. '|' .. ARGV[4] .. '|' .. m[4]
            for i = 3, #KEYS do redis.call('SET', KEYS[i], renewed, 'PX', ARGV[5]) end
            redis.call('HSET', KEYS[1], 'expires', ARGV[4])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
            return 'extended'
            """;

    /**
     * KEYS: hold, active set, seats... ARGV: holdId, holder, now, fence. Turns every seat from held-by-this-token to
     * booked (no TTL) and marks the hold 'booking', or changes nothing and says why.
     */
    private static final String CLAIM = """
            local m = redis.call('HMGET', KEYS[1], 'holder', 'status', 'expires', 'fence')
            if not m[2] or m[2] == 'released' then return {'none'} end
            if m[1] ~= ARGV[2] then return {'not_holder'} end
            if m[4] ~= ARGV[4] then return {'stale', m[4]} end
            if m[2] == 'booked' or m[2] == 'booking' then return {m[2]} end
            if m[2] == 'expired' or tonumber(m[3]) <= tonumber(ARGV[3]) then return {'expired'} end
            local token = 'H|' .. ARGV[1] .. '|' .. m[3] .. '|' .. m[4]
            for i = 3, #KEYS do
              if redis.call('GET', KEYS[i]) ~= token then return {'expired'} end
            end
            local booked = 'B|' .. ARGV[1] .. '|0|' .. m[4]
            for i = 3, #KEYS do redis.call('SET', KEYS[i], booked) end
            redis.call('HSET', KEYS[1], 'status', 'booking')
            redis.call('PERSIST', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return {'claimed'}
            """;

    /**
     * KEYS: hold, active set, seats... ARGV: holdId, status ('held' to undo a claim whose durable write failed, or
     * 'booked'), px. Undoing restores the hold's token on the seats still marked booked by it.
     */
    private static final String SETTLE = """
            local m = redis.call('HMGET', KEYS[1], 'status', 'expires', 'fence')
            if m[1] ~= 'booking' then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[2])
            if ARGV[2] == 'held' then
              local booked = 'B|' .. ARGV[1] .. '|0|' .. m[3]
              local token = 'H|' .. ARGV[1] .. '|' .. m[2] .. '|' .. m[3]
              for i = 3, #KEYS do
                if redis.call('GET', KEYS[i]) == booked then redis.call('SET', KEYS[i], token, 'PX', ARGV[3]) end
              end
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              redis.call('ZADD', KEYS[2], m[2], ARGV[1])
            end
            return 1
            """;

    /** KEYS: hold, active set, seats... ARGV: holdId, now. Frees the seats of a hold that has expired. */
    private static final String EXPIRE = """
            local m = redis.call('HMGET', KEYS[1], 'status', 'expires', 'fence')
            if m[1] ~= 'held' then redis.call('ZREM', KEYS[2], ARGV[1]) return 0 end
            if tonumber(m[2]) > tonumber(ARGV[2]) then return 0 end
            local token = 'H|' .. ARGV[1] .. '|' .. m[2] .. '|' .. m[3]
            for i = 3, #KEYS do
              if redis.call('GET', KEYS[i]) == token then redis.call('DEL', KEYS[i]) end
            end
            redis.call('HSET', KEYS[1], 'status', 'expired')
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;

    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final ShowStore shows;
    private final BookingStore bookings;
    private final Clock clock;
    private final LuaScripts scripts;
    private final Map<String, Show> knownShows = new ConcurrentHashMap<>();

    /** {@code prefix} namespaces every key, so that several services or test runs may share one Redis. */
    public RedisLuaHold(
            StatefulRedisConnection<String, String> connection,
            String prefix,
            ShowStore shows,
            BookingStore bookings,
            Clock clock) {
        this.redis = connection.sync();
        this.scripts = new LuaScripts(redis);
        this.prefix = prefix;
        this.shows = shows;
        this.bookings = bookings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "redis";
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
        Instant now = now();
        Instant expires = now.plus(request.ttl());
        String holdId = name() + "_" + UUID.randomUUID();
        List<String> keys = new ArrayList<>(seatKeys(request.showId(), request.seatIds()));
        keys.add(holdKey(holdId));
        keys.add(prefix + "fence:{" + request.showId() + "}");
        keys.add(activeKey());
        try {
            List<Object> answer = run(
                    HOLD,
                    ScriptOutputType.MULTI,
                    keys,
                    holdId,
                    request.holderId(),
                    millis(now),
                    millis(expires),
                    String.valueOf(request.ttl().plus(GARBAGE_GRACE).toMillis()),
                    request.showId(),
                    String.join(",", request.sortedSeats()),
                    String.valueOf(request.ttl().plus(HOLD_RECORD_GRACE).toMillis()));
            if (((Long) answer.get(0)) == 0) {
                return new HoldResult.Taken(answer.subList(1, answer.size()).stream()
                        .map(index -> request.seatIds().get(((Long) index).intValue() - 1))
                        .toList());
            }
            return new HoldResult.Held(
                    new SeatHold(holdId, request.showId(), request.holderId(), request.sortedSeats(), expires, (Long)
                            answer.get(1)));
        } catch (RedisException e) {
            return new HoldResult.Busy("redis unavailable: " + e.getMessage());
        }
    }

    @Override
    public ReleaseResult release(String holdId, String holderId) {
        try {
            Optional<HoldRecord> hold = record(holdId);
            if (hold.isEmpty()) {
                return ReleaseResult.NO_SUCH_HOLD;
            }
            String answer = run(RELEASE, ScriptOutputType.VALUE, hold.get().keys(), holdId, holderId, millis(now()));
            return switch (answer) {
                case "released" -> ReleaseResult.RELEASED;
                case "not_holder" -> ReleaseResult.NOT_HOLDER;
                default -> ReleaseResult.NO_SUCH_HOLD;
            };
        } catch (RedisException e) {
            return ReleaseResult.BUSY;
        }
    }

    @Override
    public ExtendResult extend(String holdId, String holderId, Duration ttl) {
        try {
            Optional<HoldRecord> hold = record(holdId);
            if (hold.isEmpty()) {
                return new ExtendResult.NoSuchHold(holdId);
            }
            Instant now = now();
            Instant expiresAt = now.plus(ttl);
            String answer = run(
                    EXTEND,
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
        } catch (RedisException e) {
            return new ExtendResult.Busy("redis unavailable: " + e.getMessage());
        }
    }

    @Override
    public ConfirmResult confirm(String holdId, String holderId, long fence) {
        Optional<HoldRecord> found;
        List<Object> answer;
        try {
            found = record(holdId);
            if (found.isEmpty()) {
                return new ConfirmResult.NoSuchHold(holdId);
            }
            answer = run(
                    CLAIM,
                    ScriptOutputType.MULTI,
                    found.get().keys(),
                    holdId,
                    holderId,
                    millis(now()),
                    String.valueOf(fence));
        } catch (RedisException e) {
            return new ConfirmResult.Busy("redis unavailable: " + e.getMessage());
        }
        HoldRecord hold = found.get();
        return switch ((String) answer.get(0)) {
            case "none" -> new ConfirmResult.NoSuchHold(holdId);
            case "not_holder" -> new ConfirmResult.NotHolder(holdId);
            case "stale" -> new ConfirmResult.StaleFence(fence, Long.parseLong((String) answer.get(1)));
            case "expired" -> new ConfirmResult.Expired(holdId);
            case "booked" -> replay(holdId);
            case "booking" -> settleInterrupted(hold, holdId);
            case "claimed" -> bookDurably(hold, holdId, holderId, fence);
            default -> throw new IllegalStateException("unexpected claim answer " + answer);
        };
    }

    private ConfirmResult bookDurably(HoldRecord hold, String holdId, String holderId, long fence) {
        Booking booking = new Booking(holdId, hold.showId(), holderId, hold.seats(), fence, now());
        try {
            Optional<Booking> booked = bookings.bookFenced(booking);
            if (booked.isEmpty()) {
                settle(hold, holdId, "held");
                return new ConfirmResult.StaleFence(fence, fence);
            }
            settle(hold, holdId, "booked");
            return new ConfirmResult.Booked(booking, false);
        } catch (SQLException | RuntimeException e) {
            settle(hold, holdId, "held");
            return new ConfirmResult.Busy("durable booking failed: " + e.getMessage());
        }
    }

    /** A claim whose durable write may or may not have happened: PostgreSQL decides. */
    private ConfirmResult settleInterrupted(HoldRecord hold, String holdId) {
        try {
            Optional<Booking> booked = bookings.ofHold(holdId);
            if (booked.isPresent()) {
                settle(hold, holdId, "booked");
                return new ConfirmResult.Booked(booked.get(), true);
            }
            return new ConfirmResult.Busy("confirmation in progress");
        } catch (SQLException e) {
            return new ConfirmResult.Busy("database unavailable: " + e.getMessage());
        }
    }

    private ConfirmResult replay(String holdId) {
        try {
            return bookings.ofHold(holdId)
                    .<ConfirmResult>map(booking -> new ConfirmResult.Booked(booking, true))
                    .orElseThrow(() -> new IllegalStateException("hold " + holdId + " booked in Redis, not in SQL"));
        } catch (SQLException e) {
            return new ConfirmResult.Busy("database unavailable: " + e.getMessage());
        }
    }

    private void settle(HoldRecord hold, String holdId, String status) {
        long px = Math.max(1, hold.expiresAtMillis() - clock.millis() + GARBAGE_GRACE.toMillis());
        run(SETTLE, ScriptOutputType.INTEGER, hold.keys(), holdId, status, String.valueOf(px));
    }

    @Override
    public Map<String, SeatStatus> statuses(String showId, List<String> seatIds) {
        long now = now().toEpochMilli();
        List<String> values = redis.mget(seatKeys(showId, seatIds).toArray(String[]::new)).stream()
                .map(value -> value.getValueOrElse(null))
                .toList();
        Map<String, SeatStatus> statuses = new HashMap<>();
        for (int i = 0; i < seatIds.size(); i++) {
            statuses.put(seatIds.get(i), status(values.get(i), now));
        }
        return statuses;
    }

    private static SeatStatus status(String value, long now) {
        if (value == null) {
            return SeatStatus.FREE;
        }
        String[] token = value.split("\\|");
        if (token[0].equals("B")) {
            return SeatStatus.BOOKED;
        }
        return Long.parseLong(token[2]) > now ? SeatStatus.HELD : SeatStatus.FREE;
    }

    @Override
    public int sweepExpired() {
        String now = millis(now());
        int expired = 0;
        for (String holdId : redis.zrangebyscore(activeKey(), Range.create(0, Double.parseDouble(now)))) {
            Optional<HoldRecord> hold = record(holdId);
            if (hold.isEmpty()) {
                redis.zrem(activeKey(), holdId);
                continue;
            }
            expired += ((Long) run(EXPIRE, ScriptOutputType.INTEGER, hold.get().keys(), holdId, now)).intValue();
        }
        return expired;
    }

    @Override
    public long activeHolds() {
        double now = now().toEpochMilli();
        return redis.zcount(activeKey(), Range.from(Range.Boundary.excluding(now), Range.Boundary.unbounded()));
    }

    /** A hold as recorded in Redis, with the keys its scripts touch: hold, active set, then its seats. */
    private record HoldRecord(String showId, List<String> seats, long expiresAtMillis, List<String> keys) {}

    private Optional<HoldRecord> record(String holdId) {
        List<String> fields = redis.hmget(holdKey(holdId), "show", "seats", "expires").stream()
                .map(value -> value.getValueOrElse(null))
                .toList();
        if (fields.get(0) == null) {
            return Optional.empty();
        }
        List<String> seats = Arrays.asList(fields.get(1).split(","));
        List<String> keys = new ArrayList<>();
        keys.add(holdKey(holdId));
        keys.add(activeKey());
        keys.addAll(seatKeys(fields.get(0), seats));
        return Optional.of(new HoldRecord(fields.get(0), seats, Long.parseLong(fields.get(2)), keys));
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

    private <T> T run(String script, ScriptOutputType type, List<String> keys, String... args) {
        return scripts.run(script, type, keys, args);
    }

    private List<String> seatKeys(String showId, List<String> seatIds) {
        return seatIds.stream()
                .map(seat -> prefix + "seat:{" + showId + "}:" + seat)
                .toList();
    }

    private String holdKey(String holdId) {
        return prefix + "hold:" + holdId;
    }

    private String activeKey() {
        return prefix + "holds:active";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String millis(Instant instant) {
        return String.valueOf(instant.toEpochMilli());
    }
}
