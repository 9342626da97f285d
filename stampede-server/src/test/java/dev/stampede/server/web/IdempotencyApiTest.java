package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IdempotencyApiTest extends ApiTest {

    @Test
    void aReplayAnswersTheSameStatusAndBodyAndSellsOnce() {
        String sku = newSku(5, "conditional");

        Reply first = purchase(sku, "alice", 2, "Idempotency-Key", "order-1");
        Reply replay = purchase(sku, "alice", 2, "Idempotency-Key", "order-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.raw().body()).isEqualTo(first.raw().body());
        assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(1);
        assertThat(audit(sku).path("stock").asInt()).isEqualTo(3);
    }

    @Test
    void theSameKeyWithAnotherBodyIsUnprocessableAndChangesNothing() {
        String sku = newSku(5, "batched");
        assertThat(purchase(sku, "bob", 1, "Idempotency-Key", "order-1").status())
                .isEqualTo(201);
        var before = audit(sku);

        purchase(sku, "bob", 3, "Idempotency-Key", "order-1").isProblem(422, "idempotency-key-reused");

        assertThat(audit(sku)).isEqualTo(before);
    }

    @Test
    void keysAreScopedPerBuyer() {
        String sku = newSku(5, "optimistic");

        Reply carol = purchase(sku, "carol", 1, "Idempotency-Key", "shared-key");
        Reply dave = purchase(sku, "dave", 1, "Idempotency-Key", "shared-key");

        assertThat(carol.status()).isEqualTo(201);
        assertThat(dave.status()).isEqualTo(201);
        assertThat(dave.json().path("orderId")).isNotEqualTo(carol.json().path("orderId"));
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(2);
    }

    @Test
    void aKeyWhosePurchaseWasRefusedMayBeSentAgain() {
        String sku = newSku(1, "pessimistic");

        purchase(sku, "erin", 2, "Idempotency-Key", "try").isProblem(409, "insufficient-stock");
        Reply second = purchase(sku, "erin", 1, "Idempotency-Key", "try");

        assertThat(second.status()).isEqualTo(201);
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(1);
    }

    @Test
    void theSameKeyWhileTheFirstRequestIsInFlightIsAConflict() throws Exception {
        String sku = newSku(5, "conditional");
        CompletableFuture<Reply> first;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT stock FROM skus WHERE id = ? FOR UPDATE")) {
                lock.setString(1, sku);
                lock.executeQuery().close();
            }
            first = sendAsync(request("/api/skus/" + sku + "/purchases")
                    .header("Content-Type", JSON)
                    .header("Idempotency-Key", "slow")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"buyerId\":\"frank\",\"quantity\":1}"))
                    .build());
            awaitClaim("frank", "slow");

            purchase(sku, "frank", 1, "Idempotency-Key", "slow").isProblem(409, "idempotency-key-in-flight");

            holder.rollback();
        }
        Reply firstReply = first.join();
        assertThat(firstReply.status()).isEqualTo(201);
        assertThat(purchase(sku, "frank", 1, "Idempotency-Key", "slow").raw().body())
                .isEqualTo(firstReply.raw().body());
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(1);
    }

    private void awaitClaim(String buyer, String key) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT 1 FROM idempotency_keys WHERE buyer_id = ? AND idem_key = ?")) {
                select.setString(1, buyer);
                select.setString(2, key);
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the first request never claimed its key");
    }
}
