package dev.stampede.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutcomeMapTest {

    @Test
    void purchasesAreClassifiedByTheirStatus() {
        assertThat(OutcomeMap.PURCHASES.of(201)).isEqualTo(Outcome.SUCCESS);
        assertThat(OutcomeMap.PURCHASES.of(409)).isEqualTo(Outcome.SOLD_OUT);
        assertThat(OutcomeMap.PURCHASES.of(503)).isEqualTo(Outcome.BUSY);
        assertThat(OutcomeMap.PURCHASES.of(200)).isEqualTo(Outcome.OTHER_STATUS);
        assertThat(OutcomeMap.PURCHASES.of(500)).isEqualTo(Outcome.OTHER_STATUS);
    }

    @Test
    void aUserMappingReplacesTheDefaults() {
        OutcomeMap map = OutcomeMap.parse(" 200=success, 410 = sold_out ");

        assertThat(map.of(200)).isEqualTo(Outcome.SUCCESS);
        assertThat(map.of(410)).isEqualTo(Outcome.SOLD_OUT);
        assertThat(map.of(201)).isEqualTo(Outcome.OTHER_STATUS);
    }

    @Test
    void malformedMappingsAreRefusedClearly() {
        assertThatThrownBy(() -> OutcomeMap.parse("200")).hasMessageContaining("200=success");
        assertThatThrownBy(() -> OutcomeMap.parse("abc=success")).hasMessageContaining("not an HTTP status");
        assertThatThrownBy(() -> OutcomeMap.parse("99=success")).hasMessageContaining("not an HTTP status");
        assertThatThrownBy(() -> OutcomeMap.parse("200=great")).hasMessageContaining("unknown outcome 'great'");
    }

    @Test
    void errorsAreUnexpectedStatusesAndMissingAnswers() {
        OutcomeCounts counts = new OutcomeCounts(10, 5, 2, 3, 4);

        assertThat(counts.total()).isEqualTo(24);
        assertThat(counts.errors()).isEqualTo(7);
        assertThat(counts.of(Outcome.BUSY)).isEqualTo(2);
    }
}
