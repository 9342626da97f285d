package dev.stampede.server.hold;

import dev.stampede.core.hold.ConfirmResult;
import dev.stampede.core.hold.ExtendResult;
import dev.stampede.core.hold.HoldRequest;
import dev.stampede.core.hold.HoldResult;
import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.core.hold.ReleaseResult;
import dev.stampede.core.hold.Seat;
import dev.stampede.core.hold.SeatAudit;
import dev.stampede.core.hold.SeatStatus;
import dev.stampede.core.hold.Show;
import dev.stampede.core.hold.ShowStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seat holds: each request goes to its show's strategy. A show's seat map and strategy never change, so a show is read
 * once per instance; a hold id starts with its strategy's name, so releases and confirmations find their strategy.
 */
public final class Holds {

    /** Why a show could not be created. */
    public enum Refusal {
        UNKNOWN_STRATEGY,
        ID_TAKEN
    }

    private final ShowStore shows;
    private final Map<String, HoldStrategy> strategies = new LinkedHashMap<>();
    private final HoldMetrics metrics;
    private final Map<String, Show> knownShows = new ConcurrentHashMap<>();

    public Holds(ShowStore shows, List<HoldStrategy> strategies, HoldMetrics metrics) {
        this.shows = shows;
        strategies.forEach(strategy -> this.strategies.put(strategy.name(), strategy));
        this.metrics = metrics;
    }

    public List<String> strategyNames() {
        return List.copyOf(strategies.keySet());
    }

    /** Creates a show with every seat free; empty on success, else why not (nothing was changed then). */
    public Optional<Refusal> create(String id, String name, String strategy, List<Seat> seats) {
        if (!strategies.containsKey(strategy)) {
            return Optional.of(Refusal.UNKNOWN_STRATEGY);
        }
        return shows.create(id, name, strategy, seats) ? Optional.empty() : Optional.of(Refusal.ID_TAKEN);
    }

    public Optional<Show> show(String id) {
        Show known = knownShows.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Show> found = shows.find(id);
        found.ifPresent(show -> knownShows.put(id, show));
        return found;
    }

    /** Every seat of the show in seat-map order with its status now. */
    public Map<Seat, SeatStatus> seats(Show show) {
        Map<String, SeatStatus> statuses = strategies.get(show.strategy()).statuses(show.id(), show.seatIds());
        Map<Seat, SeatStatus> seats = new LinkedHashMap<>();
        show.seats().forEach(seat -> seats.put(seat, statuses.getOrDefault(seat.id(), SeatStatus.FREE)));
        return seats;
    }

    /** What the show's seats and bookings say now: counts by status, and booking rows per seat (must be 1 at most). */
    public SeatAudit audit(Show show) {
        return SeatAudit.of(show.id(), seats(show).values(), shows.bookedSeatRows(show.id()));
    }

    public HoldResult hold(String showId, List<String> seatIds, String holderId, Duration ttl) {
        long start = System.nanoTime();
        String strategy = "none";
        HoldResult result = null;
        try {
            Optional<Show> show = show(showId);
            if (show.isEmpty()) {
                result = new HoldResult.UnknownShow(showId);
                return result;
            }
            strategy = show.get().strategy();
            result = strategies.get(strategy).hold(new HoldRequest(showId, seatIds, holderId, ttl));
            return result;
        } finally {
            metrics.recordHold(
                    strategy,
                    result == null ? "error" : HoldMetrics.outcome(result),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    public ReleaseResult release(String holdId, String holderId) {
        return strategyOfHold(holdId)
                .map(strategy -> strategy.release(holdId, holderId))
                .orElse(ReleaseResult.NO_SUCH_HOLD);
    }

    public ExtendResult extend(String holdId, String holderId, Duration ttl) {
        return strategyOfHold(holdId)
                .map(strategy -> strategy.extend(holdId, holderId, ttl))
                .orElseGet(() -> new ExtendResult.NoSuchHold(holdId));
    }

    public ConfirmResult confirm(String holdId, String holderId, long fence) {
        return strategyOfHold(holdId)
                .map(strategy -> strategy.confirm(holdId, holderId, fence))
                .orElseGet(() -> new ConfirmResult.NoSuchHold(holdId));
    }

    private Optional<HoldStrategy> strategyOfHold(String holdId) {
        int end = holdId.indexOf('_');
        return end < 1 ? Optional.empty() : Optional.ofNullable(strategies.get(holdId.substring(0, end)));
    }

    /** Frees expired holds of every strategy and refreshes the active-hold gauges. */
    public void sweep() {
        strategies.forEach(
                (name, strategy) -> metrics.recordSweep(name, strategy.sweepExpired(), strategy.activeHolds()));
    }
}
