package dev.stampede.bench.report;

import java.util.Map;
import java.util.Optional;

/**
 * What the service's {@code quota} strategy did during a run, from its metrics (summed over instances, before
 * subtracted from after): buyers answered sold out while the SKU's buckets together still held their quantity (false
 * sold-outs), and shares moved from one bucket to another.
 */
public record QuotaFigures(long falseSoldOuts, long sharesMoved) {

    public static final String FALSE_SOLD_OUTS = "quota_false_sold_outs";
    public static final String SHARES_MOVED = "quota_shares_moved";

    /** The figures of a run that measured its quota meters; empty for the other runs. */
    public static Optional<QuotaFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(SHARES_MOVED)) {
            return Optional.empty();
        }
        return Optional.of(new QuotaFigures(counters.getOrDefault(FALSE_SOLD_OUTS, 0L), counters.get(SHARES_MOVED)));
    }
}
