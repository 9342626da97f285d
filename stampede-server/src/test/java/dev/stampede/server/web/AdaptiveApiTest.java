package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The {@code adaptive} strategy over real HTTP: its mode in {@code GET /api/skus/{id}}, its switches metered. */
class AdaptiveApiTest extends ApiTest {

    private static final Pattern ESCALATIONS =
            Pattern.compile("(?m)^stampede_adaptive_switches_total\\{[^}]*direction=\"escalate\"[^}]*} (\\S+)$");

    @Test
    void anAdaptiveSkuShowsItsModeAndOtherSkusShowNone() {
        Reply adaptive = get("/api/skus/" + newSku(5, "adaptive"));
        Reply conditional = get("/api/skus/" + newSku(5, "conditional"));

        assertThat(adaptive.json().path("mode").asString()).isEqualTo("optimistic");
        assertThat(conditional.json().has("mode")).isFalse();
    }

    @Test
    void aHerdOnOneSkuEscalatesItToBatchedSellsExactlyItsStockAndCountsTheSwitch() throws Exception {
        String sku = newSku(300, "adaptive");
        double escalatedBefore = escalations();

        List<Future<Reply>> answers = new ArrayList<>();
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 400; i++) {
                String buyer = "herd-" + i;
                answers.add(buyers.submit(() -> definite(sku, buyer)));
            }
        }

        long sold = 0;
        for (Future<Reply> answer : answers) {
            int status = answer.get().status();
            assertThat(status).isIn(201, 409);
            sold += status == 201 ? 1 : 0;
        }
        assertThat(sold).isEqualTo(300);
        assertThat(audit(sku).path("passed").asBoolean()).isTrue();
        assertThat(get("/api/skus/" + sku).json().path("mode").asString()).isEqualTo("batched");
        assertThat(escalations()).isGreaterThan(escalatedBefore);
    }

    /** The buyer's answer, asking again after a 503 as a client honouring {@code Retry-After} would. */
    private Reply definite(String sku, String buyer) {
        for (int retry = 0; retry < 1_000; retry++) {
            Reply answer = purchase(sku, buyer, 1);
            if (answer.status() != 503) {
                return answer;
            }
            LockSupport.parkNanos(10_000_000);
        }
        throw new AssertionError("still busy after 1,000 tries: " + buyer);
    }

    private double escalations() {
        Matcher line = ESCALATIONS.matcher(get("/actuator/prometheus").raw().body());
        assertThat(line.find()).as("the escalate series exists from the start").isTrue();
        return Double.parseDouble(line.group(1));
    }
}
