package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The purchase route served without {@code DispatcherServlet} ({@link DirectPurchaseRoute}) takes the purchases it
 * should, leaves the rest to Spring MVC, and answers exactly as MVC does: each case is sent twice, once as it is
 * (served directly) and once with a query string, which the direct route leaves to MVC.
 */
class DirectPurchaseRouteApiTest extends ApiTest {

    /** Counts the purchases that reach {@link SkuController}'s method through MVC. */
    @TestConfiguration
    static class CountMvcPurchases implements WebMvcConfigurer {

        static final AtomicInteger REACHED = new AtomicInteger();

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new HandlerInterceptor() {
                @Override
                public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                    if (handler instanceof HandlerMethod method
                            && method.getMethod().getName().equals("purchase")) {
                        REACHED.incrementAndGet();
                    }
                    return true;
                }
            });
        }
    }

    @Test
    void aPlainPurchaseIsServedWithoutMvcAndOneWithAQueryThroughIt() {
        String sku = newSku(10, "conditional");
        int before = CountMvcPurchases.REACHED.get();

        purchase(sku, "direct", 1);
        assertThat(CountMvcPurchases.REACHED.get()).isEqualTo(before);

        postJson("/api/skus/" + sku + "/purchases?via=mvc", "{\"buyerId\":\"mvc\",\"quantity\":1}");
        assertThat(CountMvcPurchases.REACHED.get()).isEqualTo(before + 1);
        assertThat(get("/api/skus/" + sku).json().path("sold").asInt()).isEqualTo(2);
    }

    /** A request to a purchase URI (with or without a query); each case builds one. */
    private record Case(String name, Function<URI, HttpRequest> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case json(String name, String body) {
        return new Case(name, uri -> post(uri, body).build());
    }

    private static HttpRequest.Builder post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static Stream<Arguments> cases() {
        String one = "{\"buyerId\":\"b\",\"quantity\":1}";
        return Stream.of(
                        new Case(
                                "a purchase",
                                uri -> post(uri, "{\"buyerId\":\"b-%s\",\"quantity\":1}".formatted(UUID.randomUUID()))
                                        .build()),
                        json("more than is left", "{\"buyerId\":\"b\",\"quantity\":50}"),
                        json("over the buyer's limit", "{\"buyerId\":\"greedy\",\"quantity\":3}"),
                        json("an empty body", ""),
                        json("a body that is not JSON", "{\"buyerId\":"),
                        json("an unknown member", "{\"buyerId\":\"b\",\"quantity\":1,\"x\":1}"),
                        json("a member named twice", "{\"buyerId\":\"b\",\"buyerId\":\"c\",\"quantity\":1}"),
                        json("quantity zero", "{\"buyerId\":\"b\",\"quantity\":0}"),
                        json("a body over the size limit", "{\"buyerId\":\"" + "x".repeat(5000) + "\"}"),
                        new Case(
                                "an Accept without JSON",
                                uri -> post(uri, one)
                                        .header("Accept", "text/html")
                                        .build()),
                        new Case(
                                "a malformed Idempotency-Key",
                                uri -> post(uri, one)
                                        .header("Idempotency-Key", "x".repeat(300))
                                        .build()),
                        new Case(
                                "a JSON type with a charset",
                                uri -> HttpRequest.newBuilder(uri)
                                        .header("Content-Type", "application/json; charset=UTF-8")
                                        .POST(HttpRequest.BodyPublishers.ofString(one))
                                        .build()))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyAnswerIsTheOneMvcGives(Case sent) {
        String sku = "direct-" + UUID.randomUUID();
        assertThat(createSku(sku, 20, "conditional", 2).status()).isEqualTo(201);
        assertEquivalent(sent, "/api/skus/" + sku + "/purchases");
    }

    @Test
    void aPurchaseOfAnUnknownSkuIsAnsweredAsMvcAnswersIt() {
        assertEquivalent(
                json("an unknown SKU", "{\"buyerId\":\"b\",\"quantity\":1}"),
                "/api/skus/none-" + UUID.randomUUID() + "/purchases");
    }

    private void assertEquivalent(Case sent, String path) {
        Reply direct = send(sent.request().apply(request(path).build().uri()));
        Reply mvc = send(sent.request().apply(request(path + "?via=mvc").build().uri()));

        assertThat(mvc.status()).as(mvc.raw().body()).isEqualTo(direct.status());
        assertThat(mvc.contentType()).isEqualTo(direct.contentType());
        for (String header : List.of("Retry-After", "Idempotent-Replayed", "Location")) {
            assertThat(mvc.header(header)).as(header).isEqualTo(direct.header(header));
        }
        if (direct.status() >= 400) {
            for (String member : List.of("type", "status", "title", "detail", "instance", "field", "remaining")) {
                assertThat(mvc.json().path(member))
                        .as(member)
                        .isEqualTo(direct.json().path(member));
            }
        } else {
            assertThat(mvc.json().propertyNames()).isEqualTo(direct.json().propertyNames());
        }
    }
}
