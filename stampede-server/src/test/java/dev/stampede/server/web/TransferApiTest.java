package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class TransferApiTest extends ApiTest {

    private String openAccount(long opening) {
        String id = "acct-" + UUID.randomUUID();
        openAccount(id, opening);
        return id;
    }

    private Reply transfer(String query, String from, String to, long amount, String... headers) {
        return postJson(
                "/api/transfers" + query,
                "{\"from\":\"%s\",\"to\":\"%s\",\"amount\":%d}".formatted(from, to, amount),
                headers);
    }

    private long balance(String account) {
        return get("/api/accounts/" + account).json().path("balance").asLong();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "serializable", "reserve"})
    void eachStrategyMovesMoneyAndWritesItsLedger(String strategy) {
        String alice = openAccount(1_000);
        String bob = openAccount(0);

        Reply reply = transfer("?strategy=" + strategy, alice, bob, 250);

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        assertThat(reply.json().path("transferId").asString()).isNotBlank();
        assertThat(reply.json().path("amount").asLong()).isEqualTo(250);
        assertThat(balance(alice)).isEqualTo(750);
        assertThat(balance(bob)).isEqualTo(250);
        assertThat(get("/api/transfers/audit").json().path("passed").asBoolean())
                .isTrue();
    }

    @Test
    void theAuditCanBeScopedToAccountsByIdPrefix() {
        String prefix = "scoped-" + UUID.randomUUID() + "-";
        for (String id : new String[] {prefix + "a", prefix + "b"}) {
            postJson(
                    "/api/accounts",
                    "{\"id\":\"%s\",\"openingBalance\":50}".formatted(id),
                    "Authorization",
                    "Bearer " + ADMIN_TOKEN);
        }
        transfer("", prefix + "a", prefix + "b", 20);
        transfer("", openAccount(10), openAccount(0), 5);

        JsonNode scoped = get("/api/transfers/audit?accountPrefix=" + prefix).json();

        assertThat(scoped.path("accounts").asLong()).isEqualTo(2);
        assertThat(scoped.path("opening").asLong()).isEqualTo(100);
        assertThat(scoped.path("transfers").asLong()).isEqualTo(1);
        assertThat(scoped.path("passed").asBoolean()).isTrue();
    }

    @Test
    void moreThanTheBalanceIsInsufficientFundsAndChangesNothing() {
        String alice = openAccount(100);
        String bob = openAccount(0);

        Reply reply = transfer("", alice, bob, 101).isProblem(422, "insufficient-funds");

        assertThat(reply.json().path("available").asLong()).isEqualTo(100);
        assertThat(balance(alice)).isEqualTo(100);
        assertThat(balance(bob)).isZero();
    }

    @Test
    void aTransferToTheSameAccountIsRefused() {
        String alice = openAccount(100);

        transfer("", alice, alice, 10).isProblem(422, "same-account");

        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void unknownAccountsAreNotFound() {
        String alice = openAccount(100);

        transfer("", alice, "nobody", 10).isProblem(404, "unknown-account");
        transfer("", "nobody", alice, 10).isProblem(404, "unknown-account");
        get("/api/accounts/nobody").isProblem(404, "unknown-account");

        assertThat(balance(alice)).isEqualTo(100);
    }

    @Test
    void aReplayedKeyAnswersTheSameTransferAndMovesMoneyOnce() {
        String alice = openAccount(100);
        String bob = openAccount(0);

        Reply first = transfer("", alice, bob, 30, "Idempotency-Key", "rent-2026-11");
        Reply replay = transfer("", alice, bob, 30, "Idempotency-Key", "rent-2026-11");
        transfer("", alice, bob, 31, "Idempotency-Key", "rent-2026-11").isProblem(422, "idempotency-key-reused");

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.raw().body()).isEqualTo(first.raw().body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance(alice)).isEqualTo(70);
    }

    @Test
    void badTransfersAreValidationProblemsAndChangeNothing() {
        String alice = openAccount(100);
        String bob = openAccount(0);
        JsonNode before = get("/api/transfers/audit").json();

        transfer("", alice, bob, 0).isProblem(400, "validation");
        transfer("", alice, bob, -5).isProblem(400, "validation");
        transfer("?strategy=magic", alice, bob, 5).isProblem(400, "validation");
        postJson("/api/transfers", "{\"from\":\"%s\",\"to\":\"%s\",\"amount\":1.5}".formatted(alice, bob))
                .isProblem(400, "malformed-body");
        postJson("/api/transfers", "{\"from\":\"%s\",\"amount\":5}".formatted(alice))
                .isProblem(400, "validation");

        assertThat(balance(alice)).isEqualTo(100);
        assertThat(get("/api/transfers/audit").json().path("transfers")).isEqualTo(before.path("transfers"));
    }

    @Test
    void openingAnAccountNeedsTheAdminTokenAndAFreshId() {
        String alice = openAccount(5);

        postJson("/api/accounts", "{\"id\":\"x-" + UUID.randomUUID() + "\",\"openingBalance\":5}")
                .isProblem(401, "unauthorized");
        postJson(
                        "/api/accounts",
                        "{\"id\":\"%s\",\"openingBalance\":9}".formatted(alice),
                        "Authorization",
                        "Bearer " + ADMIN_TOKEN)
                .isProblem(409, "account-exists");
        postJson("/api/accounts", "{\"id\":\"neg\",\"openingBalance\":-1}", "Authorization", "Bearer " + ADMIN_TOKEN)
                .isProblem(400, "validation");

        assertThat(balance(alice)).isEqualTo(5);
    }
}
