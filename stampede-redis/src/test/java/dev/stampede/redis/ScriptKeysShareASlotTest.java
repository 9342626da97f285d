package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis Cluster runs a script only when all its keys hash to one slot (else {@code CROSSSLOT}): the keys each script
 * of the Redis adapters is given, computed by the adapters' own key builders, share a slot. The contracts that run on
 * a real cluster ({@code RedisStockPurchaseTest}, {@code RedisLuaHoldTest}) prove the same for the scripts they reach.
 */
class ScriptKeysShareASlotTest {

    private static final String PREFIX = "stampede:";

    @Test
    void theKeysOfEveryRedisStockScriptOfOneSkuShareASlot() {
        assertOneSlot(new StockKeys(PREFIX).of("sku-1"));
    }

    @Test
    void theKeysOfEveryHoldScriptShareASlotWhateverTheShowAndHold() {
        HoldKeys keys = new HoldKeys(PREFIX);
        List<String> all = new ArrayList<>(keys.ofHold("hold-1", "show-1", List.of("A1", "A2", "B7")));
        all.addAll(keys.ofHold("hold-2", "show-2", List.of("C3")));
        all.addAll(List.of(keys.fence("show-1"), keys.fence("show-2"), keys.ready(), keys.rebuilding()));

        assertOneSlot(all);
    }

    @Test
    void theKeysOfEveryTokenPoolScriptOfOneSkuShareASlot() {
        RedisTokenPool pool = new RedisTokenPool(TestRedis.connection().sync(), PREFIX, null, Clock.systemUTC(), 8);

        assertOneSlot(pool.keys("sku-1"));
    }

    @Test
    void theKeysOfEveryQuotaScriptOfOneBucketShareASlotAndTheBucketsOfOneSkuDoNot() {
        QuotaKeys keys = new QuotaKeys(PREFIX, QuotaLayout.oneRegion(8));
        QuotaScripts scripts = new QuotaScripts(TestRedis.connection().sync(), keys);
        List<Integer> slots = new ArrayList<>();
        for (int bucket = 0; bucket < 8; bucket++) {
            List<String> all = new ArrayList<>(keys.of("sku-1", bucket));
            all.addAll(scripts.giving("sku-1", bucket));
            assertOneSlot(all);
            slots.add(SlotHash.getSlot(keys.meta("sku-1", bucket)));
        }

        assertThat(slots).doesNotHaveDuplicates();
    }

    private static void assertOneSlot(List<String> keys) {
        assertThat(keys).hasSizeGreaterThan(1);
        assertThat(keys.stream().map(SlotHash::getSlot).distinct())
                .as("slots of " + keys)
                .hasSize(1);
    }
}
