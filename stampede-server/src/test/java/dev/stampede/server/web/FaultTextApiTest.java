package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No driver, SQL, Redis or host text reaches a client. PostgreSQL is made to fail every write of a marked row with a
 * message naming a host and a statement (a trigger raising it), on every endpoint and strategy that writes: the
 * client gets our own sentence and an {@code errorId}, and the message is in the log under that id. The Redis hold
 * confirmation, whose busy reason carries the database's message, is among them.
 */
@ExtendWith(OutputCaptureExtension.class)
class FaultTextApiTest extends ShowsApiTest {

    private static final String MARK = "vendor-text";
    private static final String SECRET = "db-7.internal.example:5432";

    @BeforeEach
    void databaseFailsMarkedWrites() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE OR REPLACE FUNCTION stampede_test_vendor_text() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN RAISE EXCEPTION 'INSERT INTO % failed at " + SECRET + "', TG_TABLE_NAME"
                    + " USING ERRCODE = 'XX000'; END $$");
            for (String[] marked : new String[][] {
                {"orders", "buyer_id"},
                {"transfers", "idempotency_key"},
                {"kv", "key"},
                {"bookings", "holder_id"},
                {"holds", "holder_id"}
            }) {
                ddl.execute("CREATE OR REPLACE TRIGGER vendor_text BEFORE INSERT OR UPDATE ON " + marked[0]
                        + " FOR EACH ROW WHEN (NEW." + marked[1] + " LIKE '" + MARK
                        + "%') EXECUTE FUNCTION stampede_test_vendor_text()");
            }
        }
    }

    private static Reply faultWithoutVendorText(Reply reply, int status, String type, CapturedOutput log) {
        reply.isProblem(status, type).loggedUnderItsErrorId(log, SECRET);
        assertThat(reply.raw().body()).doesNotContain("INSERT", "SQL", "ERROR", "internal.example");
        if (status == 503) {
            assertThat(reply.header("Retry-After")).isEqualTo("1");
        }
        return reply;
    }

    /**
     * A member of a group commit ({@code batched}, the redemptions of {@code tokens}) that cannot be stored fails alone
     * and is answered busy, as its batch is not its own.
     */
    @ParameterizedTest
    @CsvSource({
        "pessimistic, 500, internal",
        "optimistic, 500, internal",
        "conditional, 500, internal",
        "batched, 503, busy",
        "tokens, 503, busy",
        "lease, 500, internal"
    })
    void aPurchaseTheDatabaseFailsIsAnsweredInOurOwnWords(
            String strategy, int status, String type, CapturedOutput log) {
        String sku = newSku(5, strategy);

        faultWithoutVendorText(purchase(sku, MARK + "-" + UUID.randomUUID(), 1), status, type, log);

        assertThat(audit(sku).path("orders").asInt()).isZero();
        assertThat(audit(sku).path("stock").asInt()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pessimistic", "optimistic", "conditional", "serializable", "reserve"})
    void aTransferTheDatabaseFailsIsAnsweredInOurOwnWords(String strategy, CapturedOutput log) {
        String prefix = "fault-" + UUID.randomUUID() + "-";
        openAccount(prefix + "a", 100);
        openAccount(prefix + "b", 0);

        faultWithoutVendorText(
                postJson(
                        "/api/transfers?strategy=" + strategy,
                        "{\"from\":\"%sa\",\"to\":\"%sb\",\"amount\":10}".formatted(prefix, prefix),
                        "Idempotency-Key",
                        MARK + "-" + UUID.randomUUID()),
                500,
                "internal",
                log);

        assertThat(get("/api/accounts/" + prefix + "a").json().path("balance").asLong())
                .isEqualTo(100);
    }

    @Test
    void aKeyValueWriteTheDatabaseFailsIsAnsweredInOurOwnWords(CapturedOutput log) {
        String key = MARK + "-" + UUID.randomUUID();

        faultWithoutVendorText(
                send(request("/api/kv/" + key)
                        .header("Content-Type", JSON)
                        .header("If-None-Match", "*")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"v\"}"))
                        .build()),
                500,
                "internal",
                log);

        assertThat(get("/api/kv/" + key).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conditional", "pessimistic"})
    void aHoldTheDatabaseFailsIsAnsweredInOurOwnWords(String strategy, CapturedOutput log) {
        String show = newShow(strategy);

        faultWithoutVendorText(hold(show, MARK + "-" + UUID.randomUUID(), "A1"), 500, "internal", log);

        assertThat(seats(show, "held")).isEmpty();
    }

    /** The case: Redis granted the hold, PostgreSQL refuses the booking, and its text used to be the detail. */
    @Test
    void aRedisConfirmationWhoseBookingTheDatabaseFailsIsBusyInOurOwnWords(CapturedOutput log) {
        String show = newShow("redis");
        String holder = MARK + "-" + UUID.randomUUID();
        Reply held = hold(show, holder, "A1");
        assertThat(held.status()).isEqualTo(201);

        faultWithoutVendorText(
                confirm(
                        held.json().path("holdId").asString(),
                        holder,
                        held.json().path("fence").asLong()),
                503,
                "busy",
                log);

        assertThat(showAudit(show).path("bookingRows").asInt()).isZero();
    }
}
