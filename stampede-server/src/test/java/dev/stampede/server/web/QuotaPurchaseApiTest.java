package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A {@code quota} SKU over HTTP (issue 16 item 2), its stock split into 4 buckets: sold to the last unit with 201
 * answers (buyers whose home bucket ran dry take shares from the others), a keyed purchase replayed, then 409 {@code
 * sold-out}; the audit passes and the strategy's meters are scraped, with the Redis commands its buckets cost (what
 * the bench reads to show a sale sharded: issue 16 item 1).
 */
@DirtiesContext
@TestPropertySource(properties = "stampede.redis.quota.buckets=4")
class QuotaPurchaseApiTest extends ApiTest {

    @Test
    void aQuotaSkuIsSoldToTheLastUnitAndItsAuditPasses() {
        String sku = newSku(8, "quota");

        Reply first = purchase(sku, "alice", 2, "Idempotency-Key", "alice-1");
        Reply replay = purchase(sku, "alice", 2, "Idempotency-Key", "alice-1");
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rest.add(purchase(sku, "bob", 1).status());
        }
        Reply late = purchase(sku, "carol", 1);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(rest).containsOnly(201);
        late.isProblem(409, "sold-out");
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("stock").asInt()).isZero();
        assertThat(audit.path("unitsInOrders").asInt()).isEqualTo(8);
        // The strategy's counts are read when scraped: they must still be there after a collection.
        System.gc();
        String scrape = get("/actuator/prometheus").raw().body();
        assertThat(scrape)
                .contains("stampede_quota_false_sold_outs_total")
                .contains("stampede_quota_credited_transfers_total")
                .contains("stampede_quota_shares_moved_across_regions_total")
                .containsPattern("stampede_quota_shares_moved_total(\\{[^}]*\\})? [1-9]")
                .containsPattern(
                        "lettuce_command_completion_seconds_count\\{[^}]*command=\"EVALSHA\"[^}]*remote=\"[^\"]+\"[^}]*} [1-9]");
    }
}
