package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceInfoApiTest extends ApiTest {

    @Test
    void pingAnswersNoContent() {
        assertThat(get("/api/ping").status()).isEqualTo(204);
    }

    @Test
    void theStrategiesAreListedByName() {
        Reply strategies = get("/api/strategies");

        assertThat(strategies.status()).isEqualTo(200);
        assertThat(strategies.json().path("purchase").valueStream().map(node -> node.asString()))
                .containsExactly(
                        "unsafe",
                        "pessimistic",
                        "optimistic",
                        "conditional",
                        "batched",
                        "lease",
                        "quota",
                        "redis",
                        "adaptive",
                        "tokens");
        assertThat(strategies.json().path("transfer").valueStream().map(node -> node.asString()))
                .containsExactly("pessimistic", "optimistic", "conditional", "serializable", "reserve");
        assertThat(strategies.json().path("hold").valueStream().map(node -> node.asString()))
                .containsExactlyInAnyOrder("conditional", "pessimistic", "redis");
    }
}
