package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --fault kill-service@TIME} as the sale and checkout benches read it. */
class ServiceKillParseTest {

    @Test
    void theTimeIsInSecondsOrMillisecondsAndIsDescribedInMilliseconds() {
        assertThat(ServiceKill.parse("kill-service@5s").after()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ServiceKill.parse("kill-service@500ms").after()).isEqualTo(Duration.ofMillis(500));
        assertThat(ServiceKill.parse("kill-service@2s").describe()).isEqualTo("kill-service@2000ms");
    }

    @Test
    void anUnknownFaultOrABadTimeIsRefusedNamingTheForm() {
        assertThatThrownBy(() -> ServiceKill.parse("kill-redis@5s")).hasMessageContaining("use kill-service@5s");
        assertThatThrownBy(() -> ServiceKill.parse("kill-service@soon")).hasMessageContaining("bad fault time");
        assertThatThrownBy(() -> ServiceKill.parse("kill-service@")).hasMessageContaining("bad fault time");
    }
}
