package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One region of a regions run ({@code stampede bench regions}, issue 16 item 5): its buyers' requests and units sold,
 * the latency of the buyers sold a unit (while the quota lasted) and of all its buyers, from the bench; and the shares
 * of stock its instances moved between buckets, of them from another region's bucket (the traffic between regions),
 * from those instances' metrics.
 *
 * @param sharesMovedAcrossRegions shares moved into the region's buckets from another region's: each one round trip to
 *     the other region (at least) on some buyer's way
 */
public record RegionFigures(
        int region,
        long requests,
        long sold,
        LatencySummary whileQuotaLasts,
        LatencySummary all,
        long sharesMoved,
        long sharesMovedAcrossRegions) {

    /** The counter of region {@code region}'s {@code name} ({@code requests}, {@code sold}, {@code shares_moved}...). */
    public static String counter(int region, String name) {
        return "region_" + region + "_" + name;
    }

    /** The latency kind of all region {@code region}'s buyers. */
    public static String allBuyers(int region) {
        return "region_" + region;
    }

    /** The latency kind of region {@code region}'s buyers sold a unit. */
    public static String soldBuyers(int region) {
        return "region_" + region + "_sold";
    }

    /** Shares moved across regions per unit sold in the region, 0 to 1 (0 when nothing was sold). */
    public double acrossPerSale() {
        return sold == 0 ? 0 : (double) sharesMovedAcrossRegions / sold;
    }

    /** The regions of a regions run, in order; empty for any other run. */
    public static List<RegionFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        Map<String, LatencySummary> latencies = run.latencyByKind();
        List<RegionFigures> regions = new ArrayList<>();
        for (int region = 0; counters.containsKey(counter(region, "requests")); region++) {
            regions.add(new RegionFigures(
                    region,
                    counters.get(counter(region, "requests")),
                    counters.getOrDefault(counter(region, "sold"), 0L),
                    latencies.getOrDefault(soldBuyers(region), LatencySummary.EMPTY),
                    latencies.getOrDefault(allBuyers(region), LatencySummary.EMPTY),
                    counters.getOrDefault(counter(region, "shares_moved"), 0L),
                    counters.getOrDefault(counter(region, "shares_moved_across_regions"), 0L)));
        }
        return List.copyOf(regions);
    }
}
