package dev.stampede.server.dashboard;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.Sku;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Makes the dashboard's {@link Snapshot}s from the service's meter registry: counters become rates per second over the
 * time since the previous snapshot, distribution summaries become ratios of their deltas, timers' percentile histograms
 * become the {@link LockWaitHistogram}. Nothing here runs per request: {@link #window()} ends a window of {@link
 * HotKeys} once a tick, and {@link #take()} reads the registry (and the hot SKUs from the store) once a tick while a
 * dashboard is open. Not thread-safe: one scheduler thread calls both.
 */
final class Snapshots {

    /** How many of the hottest SKUs the dashboard follows. */
    static final int SKUS = 8;

    /** A SKU stays on the dashboard this long after it was last among the hottest. */
    static final long SKU_KEPT_MILLIS = 5 * 60_000;

    /** After this long without a snapshot, the next one starts afresh instead of averaging over the gap. */
    static final long STALE_MILLIS = 5_000;

    /** The meter of the {@code adaptive} strategy's mode switches (issue 15 item 1), tagged by direction. */
    static final String ADAPTIVE_SWITCHES = "stampede.adaptive.switches";

    /** The meter of the requests admission control sheds (issue 15 item 2); it exists while admission control is on. */
    static final String ADMISSION_SHEDS = "stampede.admission.sheds";

    private final MeterRegistry meters;
    private final HotKeys hotKeys;
    private final Function<String, Optional<Sku>> skus;
    private final Clock clock;
    private final LockWaitHistogram lockWait = new LockWaitHistogram();
    private final Map<String, HotSku> hot = new LinkedHashMap<>();
    private Map<String, Map<String, Double>> previous = Map.of();
    private long previousTime;
    private boolean taken;
    private long windowStart;

    /** {@code skus}: a SKU as the public API shows it ({@code GET /api/skus/{id}}); empty if there is none. */
    Snapshots(MeterRegistry meters, HotKeys hotKeys, Function<String, Optional<Sku>> skus, Clock clock) {
        this.meters = meters;
        this.hotKeys = hotKeys;
        this.skus = skus;
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    /** Ends the window of hot keys: the hottest SKUs of it join (or stay among) the SKUs the dashboard follows. */
    void window() {
        long now = clock.millis();
        double seconds = Math.max(0.001, (now - windowStart) / 1000.0);
        windowStart = now;
        hot.values().forEach(sku -> sku.requestsPerSecond = 0);
        List<HotKeys.Count> counts = hotKeys.drain();
        for (HotKeys.Count count : counts.subList(0, Math.min(SKUS, counts.size()))) {
            HotSku sku = hot.computeIfAbsent(count.key(), id -> new HotSku());
            sku.lastSeen = now;
            sku.requestsPerSecond = count.count() / seconds;
        }
        hot.values().removeIf(sku -> now - sku.lastSeen > SKU_KEPT_MILLIS);
        while (hot.size() > SKUS) {
            hot.entrySet().stream()
                    .min(Comparator.comparingLong(e -> e.getValue().lastSeen))
                    .ifPresent(e -> hot.remove(e.getKey()));
        }
    }

    /** The dashboard now. */
    Snapshot take() {
        long now = clock.millis();
        if (!taken || now - previousTime > STALE_MILLIS) {
            previous = Map.of();
            lockWait.reset();
        }
        double seconds = Math.max(0.001, (now - previousTime) / 1000.0);
        previousTime = now;
        taken = true;
        Deltas deltas = new Deltas(previous);

        Map<String, Double> attempts = deltas.of("attempts", sums("stampede.optimistic.attempts", "strategy"));
        Map<String, Double> attemptCounts =
                deltas.of("attempt-counts", counts("stampede.optimistic.attempts", "strategy"));
        Map<String, Double> conflicts = deltas.of("conflicts", counts("stampede.optimistic.conflicts", "strategy"));
        Map<String, Double> batched = deltas.of("batched", sums("stampede.batch.size", "strategy"));
        Map<String, Double> batches = deltas.of("batches", counts("stampede.batch.size", "strategy"));

        Map<String, Double> leases = new TreeMap<>(
                perSecond(deltas.of("lease-acquires", counts("stampede.lease.acquire.wait", "outcome")), seconds));
        leases.put("lost", total(perSecond(deltas.of("lost", counts("stampede.lease.lost")), seconds)));
        leases.put(
                "fenced_refused",
                total(perSecond(deltas.of("fenced", counts("stampede.lease.fenced.refused")), seconds)));
        leases.put(
                "turn_timeouts",
                total(perSecond(deltas.of("turn-timeouts", counts("stampede.lease.turn.timeouts")), seconds)));

        Map<String, Double> holds =
                new TreeMap<>(perSecond(deltas.of("holds", counts("stampede.holds", "outcome")), seconds));
        holds.put("expired", total(perSecond(deltas.of("expired", counts("stampede.holds.expired")), seconds)));

        Map<String, Double> checkouts =
                new TreeMap<>(perSecond(deltas.of("checkouts", counts("stampede.checkouts", "outcome")), seconds));
        checkouts.put(
                "recoveries",
                total(perSecond(deltas.of("recoveries", counts("stampede.checkout.recoveries")), seconds)));
        perSecond(deltas.of("transitions", counts("stampede.checkout.transitions", "state", "reason")), seconds)
                .forEach((transition, rate) -> checkouts.put("→ " + transition.replace(" none", ""), rate));
        perSecond(deltas.of("payments", counts("stampede.payment.calls", "call", "outcome")), seconds)
                .forEach((call, rate) -> checkouts.put("payment " + call, rate));

        Map<String, List<Timer>> waits = new LinkedHashMap<>();
        meters.find("stampede.lock.wait")
                .timers()
                .forEach(t -> waits.computeIfAbsent(
                                "row lock (" + t.getId().getTag("strategy") + ")", k -> new ArrayList<>())
                        .add(t));
        meters.find("stampede.lease.acquire.wait")
                .timers()
                .forEach(t -> waits.computeIfAbsent(
                                "lease acquire (" + t.getId().getTag("backend") + ")", k -> new ArrayList<>())
                        .add(t));

        List<Snapshot.SkuRow> rows = new ArrayList<>();
        boolean reachable = skuRows(rows, deltas, seconds);

        Snapshot snapshot = new Snapshot(
                now,
                rows,
                reachable,
                perSecond(deltas.of("purchases", counts("stampede.purchases", "strategy", "outcome")), seconds),
                lockWait.next(waits),
                ratio(conflicts, sum(conflicts, attemptCounts)),
                ratio(attempts, attemptCounts),
                ratio(batched, batches),
                values(meters.find("stampede.batch.queue.depth").gauges(), "strategy"),
                values(meters.find("stampede.purchase.turns.waiting").gauges(), "strategy"),
                leases,
                holds,
                values(meters.find("stampede.holds.active").gauges(), "strategy"),
                perSecond(deltas.of("transfers", counts("stampede.transfers", "outcome")), seconds),
                checkouts,
                optional(ADAPTIVE_SWITCHES, deltas, seconds),
                optional(ADMISSION_SHEDS, deltas, seconds));
        previous = deltas.totals;
        return snapshot;
    }

    /** Fills {@code rows} with the followed SKUs, most requested first; false if the store could not be read. */
    private boolean skuRows(List<Snapshot.SkuRow> rows, Deltas deltas, double seconds) {
        Map<String, Double> sold = new HashMap<>();
        List<Sku> found = new ArrayList<>();
        try {
            for (String id : hot.keySet()) {
                skus.apply(id).ifPresent(sku -> {
                    found.add(sku);
                    sold.put(sku.id(), (double) sku.sold());
                });
            }
        } catch (StoreUnavailableException e) {
            return false;
        }
        Map<String, Double> salesPerSecond = perSecond(deltas.since("sold", sold), seconds);
        for (Sku sku : found) {
            rows.add(new Snapshot.SkuRow(
                    sku.id(),
                    sku.strategy(),
                    sku.sold(),
                    sku.stock(),
                    salesPerSecond.getOrDefault(sku.id(), 0.0),
                    hot.get(sku.id()).requestsPerSecond));
        }
        rows.sort(Comparator.comparingDouble(Snapshot.SkuRow::requestsPerSecond)
                .reversed()
                .thenComparing(Snapshot.SkuRow::id));
        return true;
    }

    private Map<String, Double> optional(String name, Deltas deltas, double seconds) {
        Collection<Meter> found = meters.find(name).meters();
        if (found.isEmpty()) {
            return null;
        }
        Map<String, Double> totals = new TreeMap<>();
        for (Meter meter : found) {
            String key = meter.getId().getTags().stream()
                    .filter(tag -> !tag.getKey().equals("application"))
                    .map(tag -> tag.getValue())
                    .reduce((a, b) -> a + " " + b)
                    .orElse("all");
            totals.merge(key, count(meter), Double::sum);
        }
        return perSecond(deltas.of(name, totals), seconds);
    }

    /** The counts of the meters named {@code name}, added up by the values of {@code tags} (joined by a space). */
    private Map<String, Double> counts(String name, String... tags) {
        return grouped(name, tags, Snapshots::count);
    }

    /** The total amounts of the distribution summaries named {@code name}, added up by the values of {@code tags}. */
    private Map<String, Double> sums(String name, String... tags) {
        return grouped(name, tags, meter -> meter instanceof DistributionSummary s ? s.totalAmount() : 0);
    }

    private Map<String, Double> grouped(String name, String[] tags, ToDoubleFunction<Meter> reading) {
        Map<String, Double> totals = new TreeMap<>();
        for (Meter meter : meters.find(name).meters()) {
            StringBuilder key = new StringBuilder();
            for (String tag : tags) {
                key.append(key.isEmpty() ? "" : " ").append(meter.getId().getTag(tag));
            }
            totals.merge(tags.length == 0 ? "all" : key.toString(), reading.applyAsDouble(meter), Double::sum);
        }
        return totals;
    }

    private static double count(Meter meter) {
        return switch (meter) {
            case Counter c -> c.count();
            case Timer t -> t.count();
            case DistributionSummary s -> s.count();
            default -> 0;
        };
    }

    private static Map<String, Double> values(Collection<Gauge> gauges, String tag) {
        Map<String, Double> values = new TreeMap<>();
        gauges.forEach(g -> values.merge(g.getId().getTag(tag), g.value(), Double::sum));
        return values;
    }

    private static Map<String, Double> perSecond(Map<String, Double> deltas, double seconds) {
        Map<String, Double> rates = new TreeMap<>();
        deltas.forEach((key, delta) -> rates.put(key, delta / seconds));
        return rates;
    }

    /** {@code part / whole} per key of {@code whole} that moved; keys where nothing happened are left out. */
    private static Map<String, Double> ratio(Map<String, Double> part, Map<String, Double> whole) {
        Map<String, Double> ratios = new TreeMap<>();
        whole.forEach((key, amount) -> {
            if (amount > 0) {
                ratios.put(key, part.getOrDefault(key, 0.0) / amount);
            }
        });
        return ratios;
    }

    /** The two maps added up key by key. */
    private static Map<String, Double> sum(Map<String, Double> a, Map<String, Double> b) {
        Map<String, Double> sum = new TreeMap<>(a);
        b.forEach((key, value) -> sum.merge(key, value, Double::sum));
        return sum;
    }

    private static double total(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The totals read for this snapshot, and what each moved since the previous one. */
    private static final class Deltas {

        private final Map<String, Map<String, Double>> before;
        private final Map<String, Map<String, Double>> totals = new HashMap<>();

        Deltas(Map<String, Map<String, Double>> before) {
            this.before = before;
        }

        /** Counters: a key the previous snapshot did not have is a meter registered since, counted from 0. */
        Map<String, Double> of(String group, Map<String, Double> now) {
            return moved(group, now, true);
        }

        /** Levels (units sold): a key the previous snapshot did not have has not moved yet. */
        Map<String, Double> since(String group, Map<String, Double> now) {
            return moved(group, now, false);
        }

        private Map<String, Double> moved(String group, Map<String, Double> now, boolean newKeysFromZero) {
            totals.put(group, now);
            Map<String, Double> then = before.get(group);
            Map<String, Double> moved = new TreeMap<>();
            now.forEach((key, value) -> {
                Double was = then == null ? value : then.getOrDefault(key, newKeysFromZero ? 0.0 : value);
                moved.put(key, value - was);
            });
            return moved;
        }
    }

    /** A SKU the dashboard follows: when it was last among the hottest, and its requests per second then. */
    private static final class HotSku {
        long lastSeen;
        double requestsPerSecond;
    }
}
