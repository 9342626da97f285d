package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsApiTest extends ApiTest {

    @Test
    void prometheusShowsPurchasesByOutcomeAndTheStrategiesOwnMeters() {
        for (String strategy : new String[] {"pessimistic", "optimistic", "batched", "lease"}) {
            String sku = newSku(1, strategy);
            purchase(sku, "m1", 1);
            purchase(sku, "m2", 1);
        }

        Reply scrape = get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.raw().body())
                .contains(
                        "stampede_purchases_total{application=\"stampede\",outcome=\"purchased\",strategy=\"batched\"}")
                .contains("outcome=\"sold_out\",strategy=\"optimistic\"")
                .contains("stampede_purchase_latency_seconds_bucket")
                .contains("stampede_lock_wait_seconds_count{application=\"stampede\",strategy=\"pessimistic\"}")
                .contains("stampede_optimistic_attempts_count")
                .contains("stampede_optimistic_conflicts_total")
                .contains("stampede_batch_size_count")
                .contains("stampede_batch_queue_depth")
                .contains("stampede_batch_size_count{application=\"stampede\",strategy=\"redis\"}")
                .contains("stampede_batch_size_count{application=\"stampede\",strategy=\"tokens\"}")
                .contains("stampede_batch_queue_depth{application=\"stampede\",strategy=\"redis\"}")
                .contains("stampede_batch_queue_depth{application=\"stampede\",strategy=\"tokens\"}")
                .contains("stampede_redis_stock_dropped_records_total")
                .contains("stampede_tokens_repaired_total{application=\"stampede\",drift=\"lost\",pool=\"redis\"}")
                .contains("stampede_lease_acquire_wait_seconds_count{application=\"stampede\",backend=\"jdbc\","
                        + "outcome=\"acquired\"}")
                .containsPattern("stampede_lease_hold_seconds_count\\{application=\"stampede\",backend=\"jdbc\"} [1-9]")
                .contains("stampede_lease_renew_failures_total{application=\"stampede\",backend=\"jdbc\"}")
                .contains("stampede_lease_turn_timeouts_total{application=\"stampede\",backend=\"jdbc\"}")
                .contains("stampede_lease_lost_total{application=\"stampede\",backend=\"jdbc\"}")
                .contains("stampede_lease_fenced_refused_total{application=\"stampede\",backend=\"jdbc\"}")
                .contains("stampede_purchase_turns_waiting{application=\"stampede\",strategy=\"pessimistic\"}")
                .doesNotContain("stampede_purchase_turns_waiting{application=\"stampede\",strategy=\"batched\"}");
    }

    /** Issue 17: the hot routes have their own meters and skip the costly HTTP observation; other routes keep it. */
    @Test
    void theHttpObservationLeavesOutPurchasesAndThePingAndKeepsEveryOtherRoute() {
        String sku = newSku(5, "conditional");
        purchase(sku, "h1", 1);
        get("/api/ping");
        get("/api/skus/" + sku);

        String scrape = get("/actuator/prometheus").raw().body();

        assertThat(scrape)
                .contains("uri=\"/api/skus/{id}\"")
                .doesNotContain("uri=\"/api/skus/{id}/purchases\"")
                .doesNotContain("uri=\"/api/ping\"")
                .contains("stampede_purchases_total{application=\"stampede\",outcome=\"purchased\",strategy="
                        + "\"conditional\"}");
    }
}
