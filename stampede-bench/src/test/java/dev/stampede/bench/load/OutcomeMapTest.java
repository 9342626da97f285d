package dev.stampede.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.bench.http.HttpConnection.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    void aPurchaseAnsweredOutcomeUnknownIsCountedApartFromBusyByItsProblemType() {
        assertThat(OutcomeMap.PURCHASES.of(problem(503, "https://stampede.dev/problems/outcome-unknown")))
                .isEqualTo(Outcome.OUTCOME_UNKNOWN);
        assertThat(OutcomeMap.PURCHASES.of(problem(503, "https://stampede.dev/problems/busy")))
                .isEqualTo(Outcome.BUSY);
        assertThat(OutcomeMap.PURCHASES.of(new HttpResponse(503, "not json".getBytes(StandardCharsets.UTF_8), false)))
                .isEqualTo(Outcome.BUSY);
        assertThat(OutcomeMap.PURCHASES.of(problem(409, "https://stampede.dev/problems/outcome-unknown")))
                .isEqualTo(Outcome.SOLD_OUT);
    }

    @Test
    void aUserMappingMayNameAProblemTypeAfterItsStatus() {
        OutcomeMap map = OutcomeMap.parse("200=success,503=busy,503/lost-reply=outcome_unknown");

        assertThat(map.of(problem(503, "urn:example:lost-reply"))).isEqualTo(Outcome.OUTCOME_UNKNOWN);
        assertThat(map.of(problem(503, "urn:example:overloaded"))).isEqualTo(Outcome.BUSY);
    }

    private static HttpResponse problem(int status, String type) {
        return new HttpResponse(
                status,
                ("{\"type\":\"" + type + "\",\"title\":\"t\",\"status\":" + status + "}")
                        .getBytes(StandardCharsets.UTF_8),
                false);
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
        OutcomeCounts counts = new OutcomeCounts(10, 5, 2, 0, 3, 4);

        assertThat(counts.total()).isEqualTo(24);
        assertThat(counts.errors()).isEqualTo(7);
        assertThat(counts.of(Outcome.BUSY)).isEqualTo(2);
    }
}
