package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Content negotiation never turns an error into 406: an error is problem+json whenever the client accepts that, JSON or
 * anything, on every endpoint; 406 only when it accepts none of them. A success is JSON, and 406 when not accepted.
 */
class ContentNegotiationApiTest extends ShowsApiTest {

    static final String[] ACCEPTING_ERRORS = {
        "application/problem+json",
        "application/json",
        "*/*",
        "application/*",
        "application/*+json",
        "text/html, application/problem+json;q=0.1",
        "application/json;q=0, */*"
    };

    static Stream<Arguments> errors() {
        String nope = "nope-" + UUID.randomUUID();
        return Stream.of(ACCEPTING_ERRORS)
                .flatMap(accept -> Stream.of(
                        Arguments.of(accept, "/api/skus/" + nope, 404, "unknown-sku"),
                        Arguments.of(accept, "/api/skus/" + nope + "/audit", 404, "unknown-sku"),
                        Arguments.of(accept, "/api/accounts/" + nope, 404, "unknown-account"),
                        Arguments.of(accept, "/api/shows/" + nope, 404, "unknown-show"),
                        Arguments.of(accept, "/api/shows/" + nope + "/seats", 404, "unknown-show"),
                        Arguments.of(accept, "/api/shows/" + nope + "/audit", 404, "unknown-show"),
                        Arguments.of(accept, "/api/kv/" + nope, 404, "unknown-key"),
                        Arguments.of(accept, "/api/kv/bad%20key", 400, "validation"),
                        Arguments.of(accept, "/api/no-such-path", 404, "not-found")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("errors")
    void anErrorIsAProblemWheneverTheClientAcceptsProblemsJsonOrAnything(
            String accept, String path, int status, String type) {
        send(request(path).header("Accept", accept).GET().build()).isProblem(status, type);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"text/html", "application/xml", "text/*", "application/json;q=0, application/problem+json;q=0"})
    void anErrorIsNotAcceptableOnlyWhenTheClientAcceptsNoneOfThem(String accept) {
        send(request("/api/skus/nope-" + UUID.randomUUID())
                        .header("Accept", accept)
                        .GET()
                        .build())
                .isProblem(406, "not-acceptable");
    }

    @Test
    void aFailedWriteIsAProblemForAClientThatAcceptsJson() {
        String sku = newSku(1, "conditional");

        purchase(sku, "b", 5, "Accept", "application/json").isProblem(409, "insufficient-stock");
        purchase(sku, "b", 0, "Accept", "application/*").isProblem(400, "validation");
    }

    @Test
    void aSuccessIsJsonAndNotAcceptableToAClientThatTakesOnlyProblems() {
        String sku = newSku(1, "conditional");

        Reply json = send(request("/api/skus/" + sku)
                .header("Accept", "application/json")
                .GET()
                .build());
        Reply problemsOnly = send(request("/api/skus/" + sku)
                        .header("Accept", "application/problem+json")
                        .GET()
                        .build())
                .isProblem(406, "not-acceptable");

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(problemsOnly.header("ETag")).isNull();
    }

    @Test
    void aWriteWhoseAnswerWouldNotBeAcceptedIsRefusedBeforeItActs() {
        String sku = newSku(1, "conditional");

        purchase(sku, "b", 1, "Accept", "application/problem+json").isProblem(406, "not-acceptable");
        purchase(sku, "b", 1, "Accept", "text/html").isProblem(406, "not-acceptable");

        assertThat(audit(sku).path("orders").asInt()).isZero();
        assertThat(purchase(sku, "b", 1, "Accept", "application/json").status()).isEqualTo(201);
    }
}
