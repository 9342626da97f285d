package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.server.sale.Sales;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class PurchaseApiTest extends ApiTest {

    @Autowired
    Sales sales;

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "batched", "lease", "tokens"})
    void aPurchaseCreatesAnOrderAndTheAuditPasses(String strategy) {
        String sku = newSku(5, strategy);

        Reply order = purchase(sku, "alice", 2);

        assertThat(order.status()).isEqualTo(201);
        assertThat(order.contentType()).startsWith("application/json");
        assertThat(order.json().path("orderId").asString()).isNotBlank();
        assertThat(order.json().path("skuId").asString()).isEqualTo(sku);
        assertThat(order.json().path("buyerId").asString()).isEqualTo("alice");
        assertThat(order.json().path("quantity").asInt()).isEqualTo(2);
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isEqualTo(3);
        assertThat(audit(sku).path("passed").asBoolean()).isTrue();
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "batched", "lease", "tokens"})
    void aBuyerPastThePerBuyerLimitIsAConflictThatChangesNothing(String strategy) {
        String sku = strategy + "-" + UUID.randomUUID();
        assertThat(createSku(sku, 10, strategy, 2).status()).isEqualTo(201);
        assertThat(purchase(sku, "alice", 2).status()).isEqualTo(201);
        JsonNode before = audit(sku);

        Reply over = purchase(sku, "alice", 1, "Idempotency-Key", "one-more").isProblem(409, "buyer-limit");

        assertThat(over.json().path("maxPerBuyer").asInt()).isEqualTo(2);
        assertThat(over.json().path("held").asInt()).isEqualTo(2);
        assertThat(over.json().path("detail").asString())
                .isEqualTo("Each buyer may hold at most 2 of '%s'; this buyer holds 2.".formatted(sku));
        assertThat(audit(sku)).isEqualTo(before);
        assertThat(purchase(sku, "bob", 3)
                        .isProblem(409, "buyer-limit")
                        .json()
                        .path("held")
                        .asInt())
                .isZero();
        assertThat(purchase(sku, "bob", 2).status()).isEqualTo(201);
        assertThat(audit(sku).path("passed").asBoolean()).isTrue();
        assertThat(audit(sku).path("stock").asInt()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "batched", "lease", "tokens"})
    void concurrentBuyersOverHttpGetExactlyTheStock(String strategy) {
        String sku = newSku(10, strategy);

        List<CompletableFuture<Reply>> replies = IntStream.range(0, 60)
                .mapToObj(i -> sendAsync(request("/api/skus/" + sku + "/purchases")
                        .header("Content-Type", JSON)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"buyerId\":\"b" + i + "\",\"quantity\":1}"))
                        .build()))
                .toList();
        List<Integer> statuses =
                replies.stream().map(CompletableFuture::join).map(Reply::status).toList();

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(50);
        assertThat(audit(sku).path("passed").asBoolean()).isTrue();
        assertThat(audit(sku).path("stock").asInt()).isZero();
    }

    @Test
    void aSoldOutSkuAnswersConflictAgainAndAgain() {
        String sku = newSku(1, "conditional");
        assertThat(purchase(sku, "first", 1).status()).isEqualTo(201);

        Reply soldOut = purchase(sku, "second", 1).isProblem(409, "sold-out");
        purchase(sku, "third", 1).isProblem(409, "sold-out");

        assertThat(soldOut.json().path("remaining").asInt()).isZero();
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(1);
        assertThat(audit(sku).path("passed").asBoolean()).isTrue();
    }

    @Test
    void askingForMoreThanIsLeftSaysHowManyRemain() {
        String sku = newSku(3, "optimistic");

        Reply reply = purchase(sku, "greedy", 4).isProblem(409, "insufficient-stock");

        assertThat(reply.json().path("remaining").asInt()).isEqualTo(3);
        assertThat(audit(sku).path("stock").asInt()).isEqualTo(3);
        assertThat(audit(sku).path("orders").asInt()).isZero();
    }

    /**
     * Issue 13, item 7: units put back on sale through {@link Sales#restock} are sold by this instance at once, although
     * it was answering sold out from memory; the news of the restock reaches the other instances through the feed.
     */
    @Test
    void aRestockedSkuThatThisInstanceKnewSoldOutIsSoldAgainAtOnce() {
        String sku = newSku(1, "conditional");
        assertThat(purchase(sku, "first", 1).status()).isEqualTo(201);
        purchase(sku, "learns-it", 1).isProblem(409, "sold-out");
        purchase(sku, "from-memory", 1).isProblem(409, "sold-out");

        assertThat(sales.restock(sku, 1))
                .hasValueSatisfying(restocked -> assertThat(restocked.stock()).isEqualTo(1));

        assertThat(purchase(sku, "after-restock", 1).status()).isEqualTo(201);
        purchase(sku, "again", 1).isProblem(409, "sold-out");
        assertThat(audit(sku).path("passed").asBoolean()).isTrue();
        assertThat(audit(sku).path("initialStock").asInt()).isEqualTo(2);
        assertThat(sales.restock("no-such-sku-" + sku, 1)).isEmpty();
    }

    @Test
    void aLockHeldTooLongAnswersBusyWithRetryAfterAndSellsNothing() throws Exception {
        String sku = newSku(5, "pessimistic");
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT stock FROM skus WHERE id = ? FOR UPDATE")) {
                lock.setString(1, sku);
                lock.executeQuery().close();
            }

            Reply busy = purchase(sku, "waiting", 1).isProblem(503, "busy");

            assertThat(busy.header("Retry-After")).isEqualTo("1");
            holder.rollback();
        }
        assertThat(audit(sku).path("stock").asInt()).isEqualTo(5);
        assertThat(audit(sku).path("orders").asInt()).isZero();
        assertThat(purchase(sku, "later", 1).status()).isEqualTo(201);
    }

    @Test
    void onceKnownSoldOutTheAnswerComesFromMemoryEvenWhenTheRowIsLocked() throws Exception {
        String sku = newSku(1, "pessimistic");
        assertThat(purchase(sku, "winner", 1).status()).isEqualTo(201);
        purchase(sku, "learns-it", 1).isProblem(409, "sold-out");
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT stock FROM skus WHERE id = ? FOR UPDATE")) {
                lock.setString(1, sku);
                lock.executeQuery().close();
            }

            purchase(sku, "late", 1).isProblem(409, "sold-out");

            holder.rollback();
        }
    }
}
