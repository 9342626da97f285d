package dev.stampede.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HotKeysTest {

    /** Space-saving tracks every key seen more than total / capacity times (here 2,500 / 8), with a bounded error. */
    @Test
    void theHeaviestKeysAreFoundWhileMoreDistinctKeysArriveThanAreTracked() {
        HotKeys hotKeys = new HotKeys(8);
        for (int i = 0; i < 1_000; i++) {
            hotKeys.offer("tee");
            if (i % 2 == 0) {
                hotKeys.offer("mug");
            }
            hotKeys.offer("cold-" + i);
        }

        List<HotKeys.Count> counts = hotKeys.drain();

        assertThat(counts).hasSize(8);
        assertThat(counts.get(0).key()).isEqualTo("tee");
        assertThat(counts.get(0).count() - counts.get(0).error()).isEqualTo(1_000);
        assertThat(counts.get(1).key()).isEqualTo("mug");
        assertThat(counts.get(1).count()).isGreaterThanOrEqualTo(500);
        assertThat(counts.get(1).count() - counts.get(1).error()).isLessThanOrEqualTo(500);
    }

    @Test
    void eachDrainEndsTheWindowAndTheNextStartsFromNothing() {
        HotKeys hotKeys = new HotKeys(4);
        hotKeys.offer("tee");
        hotKeys.offer("tee");

        assertThat(hotKeys.drain()).containsExactly(new HotKeys.Count("tee", 2, 0));
        assertThat(hotKeys.drain()).isEmpty();
        hotKeys.offer("mug");
        assertThat(hotKeys.drain()).containsExactly(new HotKeys.Count("mug", 1, 0));
    }

    @Test
    void aPathNamesItsSkuAndAHostileOneCostsNoMoreThanTheLongestKept() {
        assertThat(HotKeyFilter.skuId("/api/skus/tee/purchases")).isEqualTo("tee");
        assertThat(HotKeyFilter.skuId("/api/skus/tee")).isEqualTo("tee");
        assertThat(HotKeyFilter.skuId("/api/skus/")).isNull();
        assertThat(HotKeyFilter.skuId("/api/shows/x")).isNull();
        assertThat(HotKeyFilter.skuId("/api/skus/" + "x".repeat(10_000))).hasSize(HotKeyFilter.MAX_KEY_LENGTH);
    }
}
