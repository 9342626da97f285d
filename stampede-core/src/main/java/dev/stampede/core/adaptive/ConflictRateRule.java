package dev.stampede.core.adaptive;

import java.util.function.Supplier;

/**
 * The service's {@link ModeRule}: escalate on the conflict rate, step back when calm, with hysteresis (seed 003:
 * "start optimistic; if conflicts exceed a threshold, switch to pessimistic temporarily"; issue 15 item 1).
 *
 * <ul>
 *   <li>{@link Mode#OPTIMISTIC}: every purchase that ended is a sample, one that lost at least one version check (and
 *       was retried) a hit: the share of transactions retried, the figure CockroachDB's operators watch (issue 15).
 *       Once the window holds at least {@code minSamples} purchases and more than {@code escalateAbove} of them were
 *       retried, the SKU is escalated to {@link Mode#BATCHED}. A purchase's retries are not more samples, so a few
 *       buyers racing for one SKU (fewer than {@code minSamples} in the window, however often they retry) never
 *       escalate it: issue 15's low-contention run, 10 buyers on each of 1,000 SKUs, stays optimistic.
 *       <p>A herd escalates the SKU before its first purchase ends: a buyer that arrives to find {@code minSamples}
 *       other purchases of the SKU in flight (inside the optimistic path or waiting for a turn) escalates it at once.
 *       Of {@code n} buyers racing for one version at most one wins each round, so such a herd is retried far above
 *       {@code escalateAbove}; waiting for {@code minSamples} of them to end first only makes the herd queue for the
 *       optimistic turns (issue 15: {@code adaptive}'s flash sale trailed {@code batched}'s by this start).
 *   <li>{@link Mode#BATCHED}: no attempt conflicts there (one writer), so the rule measures what would make optimistic
 *       attempts conflict: every arrival is a sample, one that found another purchase of the SKU in flight a hit (an
 *       upper bound of the conflicts it would meet). The window is hot while it holds at least {@code minSamples}
 *       arrivals and at least {@code stepDownBelow} of them overlapped. Once no arrival has seen it hot for {@code
 *       coolDown} (counted from the escalation), the SKU steps back to {@link Mode#OPTIMISTIC}.
 * </ul>
 *
 * Each switch starts the new mode's window empty. The two thresholds ({@code stepDownBelow} ≤ {@code escalateAbove}),
 * the cool-down and the empty window after a switch keep a SKU from flapping: after a step down, escalating again takes
 * {@code minSamples} fresh purchases of which more than {@code escalateAbove} were retried.
 */
public final class ConflictRateRule implements ModeRule {

    private final AdaptiveSettings settings;
    private final SlidingCount conflicts;
    private final SlidingCount overlaps;
    private long lastHotMillis;

    public ConflictRateRule(AdaptiveSettings settings) {
        this.settings = settings;
        this.conflicts = new SlidingCount(settings.window());
        this.overlaps = new SlidingCount(settings.window());
    }

    /** A new rule per SKU. */
    public static Supplier<ModeRule> perSku(AdaptiveSettings settings) {
        return () -> new ConflictRateRule(settings);
    }

    @Override
    public Mode arrived(Mode mode, int inFlight, long nowMillis) {
        if (mode == Mode.OPTIMISTIC) {
            return inFlight >= settings.minSamples() ? escalate(nowMillis) : mode;
        }
        overlaps.add(nowMillis, 1, inFlight > 0 ? 1 : 0);
        if (overlaps.samples(nowMillis) >= settings.minSamples()
                && overlaps.rate(nowMillis) >= settings.stepDownBelow()) {
            lastHotMillis = nowMillis;
        }
        if (nowMillis - lastHotMillis >= settings.coolDown().toMillis()) {
            conflicts.clear();
            return Mode.OPTIMISTIC;
        }
        return mode;
    }

    @Override
    public Mode attempted(Mode mode, int attempts, int conflictCount, long nowMillis) {
        if (mode == Mode.BATCHED) {
            return mode;
        }
        conflicts.add(nowMillis, 1, conflictCount > 0 ? 1 : 0);
        if (conflicts.samples(nowMillis) >= settings.minSamples()
                && conflicts.rate(nowMillis) > settings.escalateAbove()) {
            return escalate(nowMillis);
        }
        return mode;
    }

    private Mode escalate(long nowMillis) {
        overlaps.clear();
        lastHotMillis = nowMillis;
        return Mode.BATCHED;
    }
}
