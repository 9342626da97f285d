package dev.stampede.core.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StockMemoryTest {

    private final StockMemory memory = new StockMemory();

    @Test
    void theLowestStockReadIsRememberedPerSku() {
        memory.remember("a", 5, memory.epoch());
        memory.remember("a", 2, memory.epoch());
        memory.remember("a", 4, memory.epoch());

        assertThat(memory.atMost("a")).isEqualTo(OptionalInt.of(2));
        assertThat(memory.atMost("b")).isEmpty();
    }

    @Test
    void aSkuWhoseStockCameBackIsForgottenAndOthersAreKept() {
        memory.remember("a", 0, memory.epoch());
        memory.remember("b", 0, memory.epoch());

        memory.forget("a");

        assertThat(memory.atMost("a")).isEmpty();
        assertThat(memory.atMost("b")).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void aReadBegunBeforeAReturnIsNotRememberedAfterIt() {
        long before = memory.epoch();
        memory.forget("a");

        memory.remember("a", 0, before);

        assertThat(memory.atMost("a")).isEmpty();
        memory.remember("a", 3, memory.epoch());
        assertThat(memory.atMost("a")).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void whenAnyReturnMayHaveBeenMissedEverythingIsForgotten() {
        memory.remember("a", 0, memory.epoch());
        memory.remember("b", 1, memory.epoch());
        long before = memory.epoch();

        memory.forgetAll();
        memory.remember("c", 0, before);

        assertThat(memory.atMost("a")).isEmpty();
        assertThat(memory.atMost("b")).isEmpty();
        assertThat(memory.atMost("c")).isEmpty();
    }
}
