package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.testkit.MutableClock;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The two-phase purchase of a SKU sold by tokens over HTTP (on the default Redis pool), on a clock the test moves:
 * claim (201), checkout (201, idempotent), release (204); an unknown claim is 404, an expired or released one 410
 * (RFC 9110, section 15.5.11: gone for good), releasing a checked-out one 409 (section 15.5.10: the claim's state).
 */
@Import(HoldExpiryApiTest.StoppedClock.class)
class ClaimApiTest extends ApiTest {

    /** {@code stampede.tokens.claim-ttl}'s default. */
    private static final Duration CLAIM_TTL = Duration.ofMinutes(5);

    @Autowired
    MutableClock clock;

    @Test
    void aClaimIsCheckedOutIntoOneOrderHoweverOftenTheCheckoutIsSent() {
        String sku = newSku(3);

        Reply claimed = claim(sku, "ann", 2);
        String claimId = claimed.json().path("claimId").asString();
        Reply checkedOut = checkout(claimId);
        Reply again = checkout(claimId);

        assertThat(claimed.status()).isEqualTo(201);
        assertThat(claimed.header("Location")).isEqualTo("/api/claims/" + claimId);
        assertThat(claimed.json().path("tokens")).hasSize(2);
        assertThat(claimed.json().path("quantity").asInt()).isEqualTo(2);
        assertThat(Instant.parse(claimed.json().path("expiresAt").asString()))
                .isEqualTo(clock.instant().plus(CLAIM_TTL));
        assertThat(checkedOut.status()).isEqualTo(201);
        assertThat(checkedOut.header("Idempotent-Replayed")).isEqualTo("false");
        assertThat(checkedOut.json().path("quantity").asInt()).isEqualTo(2);
        assertThat(checkedOut.json().path("buyerId").asString()).isEqualTo("ann");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(checkedOut.json());
        release(claimId).isProblem(409, "claim-checked-out");
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).as(audit.toString()).isTrue();
        assertThat(audit.path("unitsInOrders").asInt()).isEqualTo(2);
        assertThat(audit.path("stock").asInt()).isEqualTo(1);
        assertThat(audit.path("tokens").path("redeemed").asInt()).isEqualTo(2);
        assertThat(audit.path("tokens").path("free").asInt()).isEqualTo(1);
        assertThat(audit.path("tokens").path("pool").asString()).isEqualTo("redis");
    }

    @Test
    void anExpiredClaimIsGoneAndItsTokensAreFreeForOthers() {
        String sku = newSku(2);
        String claimId = claim(sku, "bea", 2).json().path("claimId").asString();
        claim(sku, "cid", 1).isProblem(409, "sold-out");

        clock.advance(CLAIM_TTL);

        checkout(claimId).isProblem(410, "claim-expired");
        assertThat(claim(sku, "cid", 2).status()).isEqualTo(201);
        assertThat(release(claimId).status()).isEqualTo(204);
        assertThat(get("/api/skus/" + sku + "/audit").json().path("passed").asBoolean())
                .isTrue();
    }

    @Test
    void aReleasedClaimIsGoneAndItsTokensAreFreeAtOnce() {
        String sku = newSku(1);
        String claimId = claim(sku, "dee", 1).json().path("claimId").asString();

        assertThat(release(claimId).status()).isEqualTo(204);
        assertThat(release(claimId).status()).isEqualTo(204);

        checkout(claimId).isProblem(410, "claim-released");
        assertThat(claim(sku, "eli", 1).status()).isEqualTo(201);
    }

    @Test
    void aClaimNoOneMadeIsNotFound() {
        checkout(UUID.randomUUID().toString()).isProblem(404, "unknown-claim");
        checkout("not-a-claim").isProblem(404, "unknown-claim");
        release(UUID.randomUUID().toString()).isProblem(404, "unknown-claim");
    }

    @Test
    void claimsAreRefusedForWhatCannotBeClaimedAndChangeNothing() {
        String sku = newSku(2);
        String other = "conditional-" + UUID.randomUUID();
        assertThat(createSku(other, 5, "conditional").status()).isEqualTo(201);

        claim("missing-" + UUID.randomUUID(), "fay", 1).isProblem(404, "unknown-sku");
        claim(other, "fay", 1).isProblem(409, "not-sold-by-tokens");
        claim(sku, "fay", 3).isProblem(409, "insufficient-stock");
        claim(sku, "fay", 0).isProblem(400, "validation");

        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("tokens").path("free").asInt()).isEqualTo(2);
        assertThat(audit.path("tokens").path("claimed").asInt()).isZero();
    }

    /** Issue 13, item 6: open claims count against the limit; a released claim's units count no more. */
    @Test
    void aClaimPastThePerBuyerLimitIsAConflictAndAReleaseGivesTheUnitsBack() {
        String sku = "tokens-" + UUID.randomUUID();
        assertThat(createSku(sku, 5, "tokens", 2).status()).isEqualTo(201);
        String claimId = claim(sku, "ivy", 2).json().path("claimId").asString();

        Reply over = claim(sku, "ivy", 1).isProblem(409, "buyer-limit");
        purchase(sku, "ivy", 1).isProblem(409, "buyer-limit");

        assertThat(over.json().path("maxPerBuyer").asInt()).isEqualTo(2);
        assertThat(over.json().path("held").asInt()).isEqualTo(2);
        assertThat(get("/api/skus/" + sku + "/audit")
                        .json()
                        .path("tokens")
                        .path("claimed")
                        .asInt())
                .isEqualTo(2);
        assertThat(release(claimId).status()).isEqualTo(204);
        assertThat(purchase(sku, "ivy", 2).status()).isEqualTo(201);
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).as(audit.toString()).isTrue();
        assertThat(audit.path("unitsInOrders").asInt()).isEqualTo(2);
    }

    @Test
    void theOneCallPurchaseSellsATokensSkuLikeAnyOther() {
        String sku = newSku(2);

        Reply bought = purchase(sku, "gil", 2);
        Reply late = purchase(sku, "hal", 1);

        assertThat(bought.status()).isEqualTo(201);
        late.isProblem(409, "sold-out");
        JsonNode audit = get("/api/skus/" + sku + "/audit").json();
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("tokens").path("redeemed").asInt()).isEqualTo(2);
        assertThat(get("/api/skus/" + sku).json().path("stock").asInt()).isZero();
    }

    private String newSku(int stock) {
        String sku = "tokens-" + UUID.randomUUID();
        assertThat(createSku(sku, stock, "tokens").status()).isEqualTo(201);
        return sku;
    }

    private Reply claim(String sku, String buyer, int quantity) {
        return postJson(
                "/api/skus/" + sku + "/claims", "{\"buyerId\":\"%s\",\"quantity\":%d}".formatted(buyer, quantity));
    }

    private Reply checkout(String claimId) {
        return send(request("/api/claims/" + claimId + "/checkout")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private Reply release(String claimId) {
        return send(request("/api/claims/" + claimId).DELETE().build());
    }
}
