package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which requests {@link DirectPurchaseRoute} serves itself and which it leaves to Spring MVC. */
class DirectPurchaseRouteTest {

    @ParameterizedTest(name = "{0} {1} ? {2} as {3}: {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                "POST, /api/skus/tv/purchases, -, application/json, tv",
                "POST, /api/skus/tv-42_x.y/purchases, -, application/json;charset=UTF-8, tv-42_x.y",
                "GET, /api/skus/tv/purchases, -, application/json, -",
                "PUT, /api/skus/tv/purchases, -, application/json, -",
                "POST, /api/skus/tv/purchases, a=b, application/json, -",
                "POST, /api/skus/tv/purchases, -, -, -",
                "POST, /api/skus/tv/purchases, -, text/plain, -",
                "POST, /api/skus/tv/purchases, -, application/problem+json, -",
                "POST, /api/skus/tv/purchases, -, not a type, -",
                "POST, /api/skus//purchases, -, application/json, -",
                "POST, /api/skus/purchases, -, application/json, -",
                "POST, /api/skus/a/b/purchases, -, application/json, -",
                "POST, /api/skus/a%2Fb/purchases, -, application/json, -",
                "POST, /api/skus/tv;v=1/purchases, -, application/json, -",
                "POST, /api/skus/./purchases, -, application/json, -",
                "POST, /api/skus/../purchases, -, application/json, -",
                "POST, /api/skus/tv/purchases/, -, application/json, -",
                "POST, /api/skus/tv/audit, -, application/json, -",
                "POST, /api/skus, -, application/json, -"
            })
    void servesOnlyAPostOfJsonToAPlainPurchasePath(
            String method, String path, String query, String contentType, String expectedId) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setQueryString(query);
        request.setContentType(contentType);

        assertThat(DirectPurchaseRoute.plainId(request)).isEqualTo(expectedId);
    }
}
