package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.server.jobs.PeriodicJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class IdempotencyClaimsApiTest extends ApiTest {

    @Autowired
    List<PeriodicJob> jobs;

    @Test
    void aKeyedRequestForASoldOutSkuReplaysItsOrderOrIsSoldOutWithoutClaimingItsKey() throws Exception {
        String sku = newSku(1, "conditional");
        Reply first = purchase(sku, "gina", 1, "Idempotency-Key", "last-one");
        purchase(sku, "hank", 1).isProblem(409, "sold-out");

        Reply replay = purchase(sku, "gina", 1, "Idempotency-Key", "last-one");
        purchase(sku, "ivan", 1, "Idempotency-Key", "too-late").isProblem(409, "sold-out");

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.raw().body()).isEqualTo(first.raw().body());
        assertThat(keyRows("ivan")).isZero();
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(1);
    }

    @Test
    void everyBackgroundJobRunsOnTheOneScheduler() {
        assertThat(jobs)
                .extracting(PeriodicJob::name)
                .contains("hold-sweep", "settle-reservations", "instance-heartbeat");
    }

    private int keyRows(String buyer) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT count(*) FROM idempotency_keys WHERE buyer_id = ?")) {
            select.setString(1, buyer);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
