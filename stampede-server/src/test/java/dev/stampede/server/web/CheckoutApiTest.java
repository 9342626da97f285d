package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Checkouts over real HTTP, against a real payment provider that answers at once and always charges. */
class CheckoutApiTest extends ApiTest {

    private static final PaymentService PROVIDER = PaymentService.start(0, PaymentBehaviour.INSTANT);

    @DynamicPropertySource
    static void payments(DynamicPropertyRegistry registry) {
        registry.add("stampede.checkout.payments-url", () -> PROVIDER.url().toString());
        registry.add("stampede.checkout.recovery-interval", () -> "100ms");
        registry.add("stampede.checkout.modes", () -> "reserve-confirm,lock-across-payment");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    private Reply checkout(String sku, String buyer, int quantity, long amount, String... headers) {
        return postJson(
                "/api/checkouts",
                "{\"skuId\":\"%s\",\"buyerId\":\"%s\",\"quantity\":%d,\"payment\":{\"amount\":%d}}"
                        .formatted(sku, buyer, quantity, amount),
                headers);
    }

    private String newSku(int stock) {
        String sku = "sku-" + UUID.randomUUID();
        createSku(sku, stock, "conditional");
        return sku;
    }

    @Test
    void aCheckoutIsAcceptedAtOnceAndReachesConfirmedAtItsLocation() {
        String sku = newSku(3);

        Reply accepted = checkout(sku, "alice", 2, 3998, "Idempotency-Key", "cart-1");

        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        assertThat(accepted.json().path("state").asString()).isEqualTo("reserved");
        String location = accepted.header("Location");
        assertThat(location)
                .isEqualTo(
                        "/api/checkouts/" + accepted.json().path("checkoutId").asString());
        assertThat(accepted.header("Idempotent-Replayed")).isEqualTo("false");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(location).json().path("state").asString().equals("confirmed"));
        Reply confirmed = get(location);
        assertThat(confirmed.json().path("chargeId").asString()).startsWith("ch_");
        assertThat(confirmed.json().path("amount").asLong()).isEqualTo(3998);
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isEqualTo(1);
    }

    @Test
    void theSameKeyAnswersTheSameCheckoutAndAnotherRequestUnderItIs422() {
        String sku = newSku(3);
        Reply first = checkout(sku, "bob", 1, 100, "Idempotency-Key", "cart-2");

        Reply again = checkout(sku, "bob", 1, 100, "Idempotency-Key", "cart-2");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("checkoutId").asString())
                .isEqualTo(first.json().path("checkoutId").asString());

        checkout(sku, "bob", 1, 101, "Idempotency-Key", "cart-2").isProblem(422, "idempotency-key-reused");
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isEqualTo(2);
    }

    @Test
    void aCheckoutBeyondTheStockIsRefusedAndHoldsNothing() {
        String sku = newSku(1);

        checkout(sku, "carol", 2, 100, "Idempotency-Key", "cart-3")
                .isProblem(409, "insufficient-stock")
                .json();
        assertThat(checkout(sku, "carol", 1, 100, "Idempotency-Key", "cart-3").status())
                .as("the refused request left its key free")
                .isEqualTo(202);
        checkout(sku, "dave", 1, 100, "Idempotency-Key", "cart-4").isProblem(409, "sold-out");
        checkout("no-such-" + UUID.randomUUID(), "dave", 1, 100, "Idempotency-Key", "cart-5")
                .isProblem(404, "unknown-sku");
    }

    @Test
    void aCheckoutWithoutAKeyOrAPaymentIsAValidationErrorAndChangesNothing() {
        String sku = newSku(1);

        checkout(sku, "erin", 1, 100).isProblem(400, "validation");
        postJson(
                        "/api/checkouts",
                        "{\"skuId\":\"%s\",\"buyerId\":\"erin\",\"quantity\":1}".formatted(sku),
                        "Idempotency-Key",
                        "cart-6")
                .isProblem(400, "validation");
        checkout(sku, "erin", 1, 0, "Idempotency-Key", "cart-7").isProblem(400, "validation");
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isEqualTo(1);
    }

    @Test
    void aCheckoutIsReservedChargedAndConfirmedWhileEveryConnectionOfTheRequestPoolIsHeld() throws Exception {
        String sku = newSku(2);
        HikariDataSource requests = (HikariDataSource) dataSource;
        try (Connection own = DriverManager.getConnection(
                        requests.getJdbcUrl(), requests.getUsername(), requests.getPassword());
                HeldPool ignored = new HeldPool(requests)) {
            Reply accepted = checkout(sku, "ivan", 1, 100, "Idempotency-Key", "cart-11");

            assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
            String id = accepted.json().path("checkoutId").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> state(own, id).equals("confirmed"));
        }
    }

    private static String state(Connection connection, String checkoutId) throws Exception {
        try (PreparedStatement query = connection.prepareStatement("SELECT state FROM checkouts WHERE id = ?")) {
            query.setObject(1, UUID.fromString(checkoutId));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "";
            }
        }
    }

    @Test
    void anUnknownCheckoutIs404() {
        get("/api/checkouts/" + UUID.randomUUID()).isProblem(404, "unknown-checkout");
        get("/api/checkouts/not-a-uuid").isProblem(404, "unknown-checkout");
    }

    private Reply checkout(String sku, String buyer, String mode, String key) {
        return postJson(
                "/api/checkouts",
                "{\"skuId\":\"%s\",\"buyerId\":\"%s\",\"quantity\":1,\"payment\":{\"amount\":100},\"mode\":\"%s\"}"
                        .formatted(sku, buyer, mode),
                "Idempotency-Key",
                key);
    }

    @Test
    void aLockAcrossPaymentCheckoutIsAnsweredWhenItIsOverAndAReplayAnswersTheSame() {
        String sku = newSku(1);

        Reply done = checkout(sku, "frank", "lock-across-payment", "cart-8");

        assertThat(done.status()).as(done.raw().body()).isEqualTo(202);
        assertThat(done.json().path("state").asString()).isEqualTo("confirmed");
        assertThat(get(done.header("Location")).json().path("state").asString()).isEqualTo("confirmed");
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isZero();
        Reply replayed = checkout(sku, "frank", "lock-across-payment", "cart-8");
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.json().path("checkoutId").asString())
                .isEqualTo(done.json().path("checkoutId").asString());
        checkout(sku, "grace", "lock-across-payment", "cart-9").isProblem(409, "sold-out");
    }

    @Test
    void aModeTheServiceDoesNotOfferIsAValidationErrorAndChangesNothing() {
        String sku = newSku(1);

        checkout(sku, "heidi", "hold-the-lock-forever", "cart-10").isProblem(400, "validation");
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isEqualTo(1);
    }
}
