package dev.stampede.server.dashboard;

import java.util.List;
import java.util.Map;

/**
 * What the dashboard shows at one instant, read from the service's meters (and, for the hot SKUs, from the SKU store):
 * the body of one server-sent event of {@code /dashboard/stream}, as JSON. Rates are per second over the time since the
 * previous snapshot; maps are keyed by the meters' tag values (a strategy, an outcome, or both joined by a space). A
 * map is empty when nothing reported to it yet; {@code adaptiveSwitches} and {@code admissionSheds} are null while the
 * service has no such meters ({@code adaptiveSwitches}: never, since the {@code adaptive} strategy exists; {@code
 * admissionSheds}: while admission control is off, the default).
 *
 * @param time epoch milliseconds of the snapshot
 * @param skus the hottest SKUs seen lately, most requested first; rows of SKUs that no longer exist are left out
 * @param skuStoreReachable false when the SKU store could not be read for this snapshot (the rows are then empty)
 * @param purchases purchases per second by {@code "strategy outcome"}
 * @param lockWait waits for a lock over the last {@link LockWaitHistogram#WINDOW} snapshots, per bucket
 * @param conflictRate attempts that lost a race as a fraction of all attempts (0..1), by strategy: {@code
 *     stampede.optimistic.conflicts} over itself plus the purchases that ended ({@code stampede.optimistic.attempts}'
 *     count), since every attempt either loses a race or ends its purchase
 * @param attemptsPerPurchase mean attempts one purchase needed (1 = no retry), by strategy
 * @param batchSize mean purchases per group commit, by strategy
 * @param queueDepth purchases waiting for their SKU's writer, by strategy
 * @param turnsWaiting purchases waiting for a turn at their SKU, by strategy
 * @param leases per second: lease acquisitions by outcome, {@code lost}, {@code fenced_refused}, {@code turn_timeouts}
 * @param holds per second: holds by outcome and {@code expired}
 * @param holdsActive holds granted and not yet ended, by strategy (as the last sweep counted them)
 * @param transfers transfers per second by outcome
 * @param checkouts per second: checkouts begun by outcome, {@code recoveries}, transitions committed by state entered
 *     and reason ({@code → released expired}: reservations expired), and payment calls by call and outcome ({@code
 *     payment charge declined})
 * @param adaptiveSwitches mode switches per second by tag values; null when no such meter exists
 * @param admissionSheds requests shed by admission control per second by tag values; null when no such meter exists
 */
public record Snapshot(
        long time,
        List<SkuRow> skus,
        boolean skuStoreReachable,
        Map<String, Double> purchases,
        LockWaitHistogram.Window lockWait,
        Map<String, Double> conflictRate,
        Map<String, Double> attemptsPerPurchase,
        Map<String, Double> batchSize,
        Map<String, Double> queueDepth,
        Map<String, Double> turnsWaiting,
        Map<String, Double> leases,
        Map<String, Double> holds,
        Map<String, Double> holdsActive,
        Map<String, Double> transfers,
        Map<String, Double> checkouts,
        Map<String, Double> adaptiveSwitches,
        Map<String, Double> admissionSheds) {

    /**
     * One hot SKU: its units {@code sold} and {@code remaining} now, units sold per second and requests to it per second
     * (counted by {@link HotKeys}, so at most overestimated by other SKUs' requests when more SKUs are hot than tracked).
     */
    public record SkuRow(
            String id, String strategy, int sold, int remaining, double salesPerSecond, double requestsPerSecond) {}
}
