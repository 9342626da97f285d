package dev.stampede.server.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SalesTurnsTest {

    private static final Sales.Turns TURNS = new Sales.Turns(8, 16, Duration.ofSeconds(80));

    @Test
    void aStrategyWhoseBuyersSerializeOnOneRowGetsTheHotRowBound() {
        assertThat(TURNS.maxInFlightIn(strategy(true))).isEqualTo(8);
    }

    @Test
    void aStrategyWhoseBuyersMeetOnNoRowGetsTheLargerBound() {
        assertThat(TURNS.maxInFlightIn(strategy(false))).isEqualTo(16);
    }

    private static PurchaseStrategy strategy(boolean oneRow) {
        return new PurchaseStrategy() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public PurchaseResult purchase(PurchaseRequest request) {
                throw new UnsupportedOperationException("not bought from in this test");
            }

            @Override
            public boolean serializesOnOneRow() {
                return oneRow;
            }
        };
    }
}
