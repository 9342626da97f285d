package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.jdbc.CommitStall;
import dev.stampede.jdbc.Transactions;
import java.net.http.HttpRequest;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * A connection really lost inside {@code COMMIT} (see {@link CommitStall}): the purchase or transfer is answered 503
 * {@code outcome-unknown} with {@code Retry-After}, whether the database went on to commit it (the reply was lost) or
 * not (the backend died first); a retry under the same {@code Idempotency-Key} then answers the one outcome, on every
 * strategy: the replayed order or transfer if it was applied, a first one if not, and never two.
 */
@Import(LostCommitApiTest.LossyDatabase.class)
class LostCommitApiTest extends ApiTest {

    private static final String KEY = "Idempotency-Key";

    @Autowired
    CommitStall stall;

    @TestConfiguration(proxyBeanMethods = false)
    static class LossyDatabase {

        @Bean
        CommitStall commitStall(DataSource dataSource, FlywayMigrationInitializer migrated) throws SQLException {
            return CommitStall.on(dataSource).watching("orders", "buyer_id").watching("transfers", "idempotency_key");
        }

        /** Every transaction of the service, on connections whose client side the stall can find and cut. */
        @Bean
        @Primary
        Transactions trackedTransactions(DataSource dataSource, CommitStall stall) {
            return new Transactions(stall.tracking(dataSource));
        }
    }

    /**
     * Sends the request with the stall held, and loses its commit's connection: {@code applied}, by cutting the client;
     * else by killing the backend.
     */
    private Reply lostCommit(HttpRequest request, boolean applied) throws SQLException {
        CompletableFuture<Reply> answer;
        try (CommitStall.Held held = stall.hold()) {
            answer = sendAsync(request);
            int backend = held.awaitStalledCommit();
            if (applied) {
                held.cutClient(backend);
            } else {
                held.terminate(backend);
                held.awaitGone(backend);
            }
        }
        return answer.join();
    }

    private static void isOutcomeUnknown(Reply reply) {
        reply.isProblem(503, "outcome-unknown");
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(reply.json().path("errorId").asString()).isNotBlank();
        assertThat(reply.json().path("detail").asString()).contains("same Idempotency-Key");
    }

    @ParameterizedTest(name = "{0}, applied: {1}")
    @CsvSource({
        "pessimistic, true", "pessimistic, false",
        "optimistic, true", "optimistic, false",
        "conditional, true", "conditional, false",
        "batched, true", "batched, false",
        "lease, true", "lease, false"
    })
    void aPurchaseWhoseCommitLostItsConnectionIsOfUnknownOutcomeAndItsRetryBuysOnce(String strategy, boolean applied)
            throws SQLException {
        String sku = newSku(5, strategy);
        String buyer = CommitStall.MARK + "-" + UUID.randomUUID();
        HttpRequest first = request("/api/skus/" + sku + "/purchases")
                .header("Content-Type", JSON)
                .header(KEY, "lost-commit")
                .POST(HttpRequest.BodyPublishers.ofString("{\"buyerId\":\"%s\",\"quantity\":2}".formatted(buyer)))
                .build();

        isOutcomeUnknown(lostCommit(first, applied));
        assertThat(audit(sku).path("orders").asInt()).isEqualTo(applied ? 1 : 0);

        Reply retry = purchase(sku, buyer, 2, KEY, "lost-commit");
        assertThat(retry.status()).as(retry.raw().body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo(String.valueOf(applied));
        JsonNode audit = audit(sku);
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("orders").asInt()).isEqualTo(1);
        assertThat(audit.path("stock").asInt()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}, applied: {1}")
    @CsvSource({
        "pessimistic, true", "pessimistic, false",
        "optimistic, true", "optimistic, false",
        "conditional, true", "conditional, false",
        "serializable, true", "serializable, false",
        "reserve, true", "reserve, false"
    })
    void aTransferWhoseCommitLostItsConnectionIsOfUnknownOutcomeAndItsRetryPaysOnce(String strategy, boolean applied)
            throws SQLException {
        String prefix = "lost-" + UUID.randomUUID() + "-";
        openAccount(prefix + "a", 100);
        openAccount(prefix + "b", 0);
        String key = CommitStall.MARK + "-" + UUID.randomUUID();
        String body = "{\"from\":\"%sa\",\"to\":\"%sb\",\"amount\":30}".formatted(prefix, prefix);
        String path = "/api/transfers?strategy=" + strategy;
        HttpRequest first = request(path)
                .header("Content-Type", JSON)
                .header(KEY, key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        isOutcomeUnknown(lostCommit(first, applied));

        Reply retry = postJson(path, body, KEY, key);
        assertThat(retry.status()).as(retry.raw().body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo(String.valueOf(applied));
        JsonNode money = get("/api/transfers/audit?accountPrefix=" + prefix).json();
        assertThat(money.path("passed").asBoolean()).as(money.toString()).isTrue();
        // One transfer's worth left the payer: settled, or (reserve) reserved until the recovery task settles it.
        assertThat(money.path("transfers").asLong() * 30
                        + money.path("reserved").asLong())
                .isEqualTo(30);
        assertThat(get("/api/accounts/" + prefix + "a").json().path("balance").asLong())
                .isEqualTo(70);
    }
}
