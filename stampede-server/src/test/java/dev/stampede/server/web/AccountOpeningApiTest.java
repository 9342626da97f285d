package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AccountOpeningApiTest extends ApiTest {

    private static final long MAX_OPENING = 1_000_000_000_000_000_000L;

    private HttpRequest open(String id, long openingBalance) {
        return request("/api/accounts")
                .header("Content-Type", JSON)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"%s\",\"openingBalance\":%d}".formatted(id, openingBalance)))
                .build();
    }

    @Test
    void concurrentOpensOfOneIdAnswerOneCreatedAndTheRestAccountExists() {
        String id = "twin-" + UUID.randomUUID();

        List<Reply> replies = IntStream.range(0, 16).mapToObj(i -> sendAsync(open(id, 100 + i))).toList().stream()
                .map(CompletableFuture::join)
                .toList();

        assertThat(replies).filteredOn(reply -> reply.status() == 201).hasSize(1);
        replies.stream()
                .filter(reply -> reply.status() != 201)
                .forEach(reply -> reply.isProblem(409, "account-exists"));
        assertThat(get("/api/transfers/audit?accountPrefix=" + id)
                        .json()
                        .path("accounts")
                        .asLong())
                .isEqualTo(1);
    }

    /** The API opens at most 10^15 per account; the store takes up to 10^18, as an older service or a script may. */
    @Test
    void theAuditSumsBalancesBeyondALongExactly() throws Exception {
        String prefix = "rich-" + UUID.randomUUID() + "-";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO accounts (id, opening_balance, balance, created_at) VALUES (?, ?, ?, now())")) {
            for (int i = 0; i < 10; i++) {
                insert.setString(1, prefix + i);
                insert.setLong(2, MAX_OPENING);
                insert.setLong(3, MAX_OPENING);
                insert.executeUpdate();
            }
        }

        JsonNode audit = get("/api/transfers/audit?accountPrefix=" + prefix).json();
        JsonNode everything = get("/api/transfers/audit").json();

        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("opening").bigIntegerValue()).isEqualTo(BigInteger.TEN.pow(19));
        assertThat(audit.path("balances").bigIntegerValue()).isEqualTo(BigInteger.TEN.pow(19));
        assertThat(everything.path("passed").asBoolean()).isTrue();
    }
}
