package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every request a client can get wrong is a 4xx problem, and changes nothing. */
class BadRequestApiTest extends ApiTest {

    private String sku;
    private JsonNode before;

    @BeforeEach
    void skuOnSale() {
        sku = newSku(10, "conditional");
        assertThat(purchase(sku, "earlier", 1).status()).isEqualTo(201);
        before = audit(sku);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":0}", 400, "validation"),
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":-3}", 400, "validation"),
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":101}", 400, "validation"),
                Arguments.of("{\"buyerId\":\"a\"}", 400, "validation"),
                Arguments.of("{\"quantity\":1}", 400, "validation"),
                Arguments.of("{\"buyerId\":\"  \",\"quantity\":1}", 400, "validation"),
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":\"two\"}", 400, "malformed-body"),
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":\"2\"}", 400, "malformed-body"),
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":1.5}", 400, "malformed-body"),
                Arguments.of("{\"buyerId\":7,\"quantity\":1}", 400, "malformed-body"),
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":1,\"price\":0}", 400, "malformed-body"),
                Arguments.of("{\"buyerId\":\"a\",\"quantity\":1", 400, "malformed-body"),
                Arguments.of("not json at all", 400, "malformed-body"),
                Arguments.of("", 400, "malformed-body"),
                Arguments.of("[1,2]", 400, "malformed-body"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void anInvalidPurchaseBodyIsRefusedAndChangesNothing(String body, int status, String type) {
        postJson("/api/skus/" + sku + "/purchases", body).isProblem(status, type);

        assertThat(audit(sku)).isEqualTo(before);
    }

    @Test
    void aWrongTypedFieldIsNamedInTheProblem() {
        Reply reply = postJson("/api/skus/" + sku + "/purchases", "{\"buyerId\":\"a\",\"quantity\":\"two\"}")
                .isProblem(400, "malformed-body");

        assertThat(reply.json().path("detail").asString()).contains("quantity");
    }

    @Test
    void anOversizedBodyIsTooLargeWhetherDeclaredOrStreamed() {
        String huge = "{\"buyerId\":\"" + "x".repeat(10_000) + "\",\"quantity\":1}";

        postJson("/api/skus/" + sku + "/purchases", huge).isProblem(413, "payload-too-large");
        send(request("/api/skus/" + sku + "/purchases")
                        .header("Content-Type", JSON)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(huge.getBytes())))
                        .build())
                .isProblem(413, "payload-too-large");

        assertThat(audit(sku)).isEqualTo(before);
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        send(request("/api/skus/" + sku + "/purchases")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("buyerId=a&quantity=1"))
                        .build())
                .isProblem(415, "unsupported-media-type");
        send(request("/api/skus/" + sku + "/purchases")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"buyerId\":\"a\",\"quantity\":1}"))
                        .build())
                .isProblem(415, "unsupported-media-type");

        assertThat(audit(sku)).isEqualTo(before);
    }

    @Test
    void aPurchaseOfAnUnknownSkuIsNotFound() {
        purchase("no-such-sku", "a", 1).isProblem(404, "unknown-sku");

        assertThat(audit(sku)).isEqualTo(before);
    }

    @Test
    void aMalformedIdempotencyKeyIsRefused() {
        purchase(sku, "a", 1, "Idempotency-Key", "k".repeat(256)).isProblem(400, "validation");
        purchase(sku, "a", 1, "Idempotency-Key", "has space").isProblem(400, "validation");

        assertThat(audit(sku)).isEqualTo(before);
    }
}
