package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The buckets of a {@code quota} SKU spread evenly over the hash slots, so that on a cluster whose masters own equal
 * contiguous ranges (as {@code redis-cli --cluster create} makes them) no master takes more buckets than it must.
 */
class QuotaKeysTest {

    private static final int BUCKETS = 8;

    @Test
    void bucketKOfASkuHashesNearTheMiddleOfTheKthOfEqualRangesOfSlots() {
        QuotaKeys keys = new QuotaKeys("p:", QuotaLayout.oneRegion(BUCKETS));
        for (String sku : new String[] {"sku-1", "bench-quota-" + "0f4c", "x"}) {
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                int slot = SlotHash.getSlot(keys.meta(sku, bucket));
                int middle = (2 * bucket + 1) * SlotHash.SLOT_COUNT / (2 * BUCKETS);
                assertThat(slot)
                        .as(sku + " bucket " + bucket)
                        .isBetween(
                                middle - SlotHash.SLOT_COUNT / (8 * BUCKETS),
                                middle + SlotHash.SLOT_COUNT / (8 * BUCKETS));
            }
        }
    }

    @Test
    void onThreeMastersOfEqualRangesEverySkusEightBucketsSplitThreeTwoThree() {
        QuotaKeys keys = new QuotaKeys("p:", QuotaLayout.oneRegion(BUCKETS));
        // the masters' ranges as redis-cli --cluster create assigns them for three masters
        int[] firstSlots = {0, 5461, 10923};
        for (int sku = 0; sku < 500; sku++) {
            int[] perMaster = new int[firstSlots.length];
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                int slot = SlotHash.getSlot(keys.meta("sku-" + sku, bucket));
                int master = (int) IntStream.range(0, firstSlots.length)
                                .filter(m -> slot >= firstSlots[m])
                                .count()
                        - 1;
                perMaster[master]++;
            }
            assertThat(perMaster)
                    .as("sku-" + sku + ": " + Arrays.toString(perMaster))
                    .containsExactly(3, 2, 3);
        }
    }

    @Test
    void withTwoRegionsTheFirstFourOfEightBucketsAreInTheFirstHalfOfTheSlotsAndTheirRegionIsTheFirst() {
        QuotaKeys keys = new QuotaKeys("p:", new QuotaLayout(BUCKETS, 2));
        for (int sku = 0; sku < 500; sku++) {
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                int region = bucket < BUCKETS / 2 ? 0 : 1;
                int slot = SlotHash.getSlot(keys.meta("sku-" + sku, bucket));
                assertThat(keys.region("sku-" + sku, bucket)).isEqualTo(region);
                assertThat(slot)
                        .isBetween(region * SlotHash.SLOT_COUNT / 2, (region + 1) * SlotHash.SLOT_COUNT / 2 - 1);
            }
        }
    }

    @Test
    void moreRegionsThanBucketsAreRefused() {
        assertThatThrownBy(() -> new QuotaLayout(2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regions");
    }

    @Test
    void everyInstanceComputesTheSameKeys() {
        assertThat(new QuotaKeys("p:", QuotaLayout.oneRegion(BUCKETS)).meta("sku-9", 5))
                .isEqualTo(new QuotaKeys("p:", QuotaLayout.oneRegion(BUCKETS)).meta("sku-9", 5));
    }

    @Test
    void aBucketOutsideTheRangesOrNoRangeAtAllIsRefused() {
        assertThatThrownBy(() -> new QuotaKeys("p:", QuotaLayout.oneRegion(BUCKETS)).meta("sku", BUCKETS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuotaLayout.oneRegion(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
