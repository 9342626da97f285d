package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SkuApiTest extends ApiTest {

    @Test
    void anAdminPutsASkuOnSaleAndAnyoneReadsIt() {
        String id = "tee-" + UUID.randomUUID();

        Reply created = createSku(id, 25, "conditional");
        Reply read = get("/api/skus/" + id);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/skus/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("strategy").asString()).isEqualTo("conditional");
        assertThat(read.json().path("initialStock").asInt()).isEqualTo(25);
        assertThat(read.json().path("stock").asInt()).isEqualTo(25);
        assertThat(read.json().path("sold").asInt()).isZero();
    }

    @Test
    void aPerBuyerLimitIsOptionalAndShownWithTheSku() {
        String limited = "limited-" + UUID.randomUUID();
        String open = "open-" + UUID.randomUUID();

        Reply created = createSku(limited, 25, "conditional", 1);
        assertThat(createSku(open, 25, "conditional").status()).isEqualTo(201);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("maxPerBuyer").asInt()).isEqualTo(1);
        assertThat(get("/api/skus/" + limited).json().path("maxPerBuyer").asInt())
                .isEqualTo(1);
        assertThat(get("/api/skus/" + open).json().path("maxPerBuyer").isNull()).isTrue();
    }

    @Test
    void aPerBuyerLimitBelowOneIsRefusedNamingTheField() {
        String id = "zero-" + UUID.randomUUID();

        assertField(createSku(id, 5, "conditional", 0), "maxPerBuyer");

        get("/api/skus/" + id).isProblem(404, "unknown-sku");
    }

    @Test
    void puttingOnSaleWithoutTheAdminTokenIsUnauthorizedAndCreatesNothing() {
        String id = "nope-" + UUID.randomUUID();
        String body = "{\"id\":\"%s\",\"name\":\"x\",\"stock\":1,\"strategy\":\"conditional\"}".formatted(id);

        postJson("/api/skus", body).isProblem(401, "unauthorized");
        postJson("/api/skus", body, "Authorization", "Bearer wrong").isProblem(401, "unauthorized");
        postJson("/api/skus", body, "Authorization", ADMIN_TOKEN).isProblem(401, "unauthorized");

        get("/api/skus/" + id).isProblem(404, "unknown-sku");
    }

    @Test
    void aTakenIdIsRefusedAndTheFirstSkuIsKept() {
        String id = newSku(7, "pessimistic");

        createSku(id, 99, "optimistic").isProblem(409, "sku-exists");

        Reply read = get("/api/skus/" + id);
        assertThat(read.json().path("stock").asInt()).isEqualTo(7);
        assertThat(read.json().path("strategy").asString()).isEqualTo("pessimistic");
    }

    @Test
    void anUnknownStrategyIsAValidationError() {
        String id = "odd-" + UUID.randomUUID();

        Reply reply = createSku(id, 1, "magic").isProblem(400, "validation");

        assertThat(reply.json().path("field").asString()).isEqualTo("strategy");
        assertThat(reply.json().path("detail").asString()).contains("conditional", "batched");
        get("/api/skus/" + id).isProblem(404, "unknown-sku");
    }

    @Test
    void theUnsafeStrategyIsRefusedUnlessEnabled() {
        String id = "unsafe-" + UUID.randomUUID();

        createSku(id, 1, "unsafe").isProblem(422, "unsafe-strategy-disabled");

        get("/api/skus/" + id).isProblem(404, "unknown-sku");
    }

    @Test
    void invalidSkuFieldsAreRefusedNamingTheField() {
        String token = "Bearer " + ADMIN_TOKEN;
        assertField(
                postJson(
                        "/api/skus",
                        "{\"id\":\"bad id!\",\"name\":\"x\",\"stock\":1,\"strategy\":\"conditional\"}",
                        "Authorization",
                        token),
                "id");
        assertField(
                postJson(
                        "/api/skus",
                        "{\"id\":\"ok-1\",\"name\":\" \",\"stock\":1,\"strategy\":\"conditional\"}",
                        "Authorization",
                        token),
                "name");
        assertField(
                postJson(
                        "/api/skus",
                        "{\"id\":\"ok-2\",\"name\":\"x\",\"stock\":-1,\"strategy\":\"conditional\"}",
                        "Authorization",
                        token),
                "stock");
        assertField(
                postJson(
                        "/api/skus",
                        "{\"id\":\"ok-3\",\"name\":\"x\",\"strategy\":\"conditional\"}",
                        "Authorization",
                        token),
                "stock");
        get("/api/skus/ok-1").isProblem(404, "unknown-sku");
        get("/api/skus/ok-2").isProblem(404, "unknown-sku");
        get("/api/skus/ok-3").isProblem(404, "unknown-sku");
    }

    @Test
    void unknownSkusAndPathsAreNotFoundProblems() {
        get("/api/skus/no-such-sku").isProblem(404, "unknown-sku");
        get("/api/skus/no-such-sku/audit").isProblem(404, "unknown-sku");
        get("/api/nothing-here").isProblem(404, "not-found");
    }

    @Test
    void aWrongMethodIsAMethodNotAllowedProblem() {
        String id = newSku(1, "conditional");

        send(request("/api/skus/" + id).DELETE().build()).isProblem(405, "method-not-allowed");

        assertThat(get("/api/skus/" + id).json().path("stock").asInt()).isEqualTo(1);
    }

    @Test
    void theAuditOfAFreshSkuPasses() {
        String id = newSku(3, "batched");

        Reply audit = get("/api/skus/" + id + "/audit");

        assertThat(audit.json().path("passed").asBoolean()).isTrue();
        assertThat(audit.json().path("initialStock").asInt()).isEqualTo(3);
        assertThat(audit.json().path("violations").size()).isZero();
        assertThat(send(HttpRequest.newBuilder(audit.raw().uri()).GET().build()).status())
                .isEqualTo(200);
    }

    private static void assertField(Reply reply, String field) {
        reply.isProblem(400, "validation");
        assertThat(reply.json().path("field").asString()).isEqualTo(field);
    }
}
