package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.QuotaFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaMetersTest {

    @Test
    void theQuotaCountersOfAScrapeAreReadAndTheOthersIgnored() {
        Map<String, Long> totals = QuotaMeters.parse("""
                # HELP stampede_quota_false_sold_outs_total Buyers answered sold out while units remained
                stampede_quota_false_sold_outs_total{application="stampede"} 3.0
                stampede_quota_shares_moved_total{application="stampede"} 41.0
                stampede_quota_shares_moved_across_regions_total{application="stampede"} 6.0
                stampede_quota_credited_transfers_total{application="stampede"} 7.0
                stampede_purchases_total{application="stampede",outcome="purchased",strategy="quota"} 99.0
                """);

        assertThat(totals)
                .containsOnly(
                        Map.entry(QuotaFigures.FALSE_SOLD_OUTS, 3L),
                        Map.entry(QuotaFigures.SHARES_MOVED, 41L),
                        Map.entry(QuotaMeters.SHARES_MOVED_ACROSS_REGIONS, 6L));
    }

    @Test
    void aScrapeWithoutTheQuotaStrategyCountsZeros() {
        assertThat(QuotaMeters.parse("stampede_purchases_total{strategy=\"redis\"} 5.0\n"))
                .containsOnly(
                        Map.entry(QuotaFigures.FALSE_SOLD_OUTS, 0L),
                        Map.entry(QuotaFigures.SHARES_MOVED, 0L),
                        Map.entry(QuotaMeters.SHARES_MOVED_ACROSS_REGIONS, 0L));
    }
}
