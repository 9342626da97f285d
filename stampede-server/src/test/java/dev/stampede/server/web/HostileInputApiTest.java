package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * A table of hostile requests, each sent to every write endpoint it applies to, written byte for byte: each is a 4xx
 * problem of a stable type, and the sale, show, money and key-value audits read the same afterwards. Then the same
 * kinds of request mixed into a {@code batched} flash sale: every honest buyer still gets 201 or 409.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputApiTest extends ShowsApiTest {

    private static final String AUTHORIZATION = "Authorization: " + ADMIN;

    private String sku;
    private String show;
    private String holdId;
    private String accounts;
    private String key;
    private String newSku;
    private String newShow;
    private List<Endpoint> endpoints;
    /** The audits as the last hostile request left them (all of them must leave them as the estate was set up). */
    private Audits audited;

    /**
     * A write endpoint as an honest client would call it: its members as raw JSON text (none: no body), which of
     * them is text and which a number, and the id in its path that a hostile request may replace.
     */
    record Endpoint(
            String name,
            String method,
            String path,
            String pathId,
            String query,
            List<String> headers,
            Map<String, String> members,
            String text,
            String number) {

        boolean hasBody() {
            return members != null;
        }

        boolean admin() {
            return headers.contains(AUTHORIZATION);
        }

        boolean answersWithBody() {
            return !method.equals("DELETE");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A request being built from an endpoint's honest one. */
    static final class Draft {
        String method;
        String path;
        String query;
        final List<String> headers;
        String contentType = "application/json";
        Map<String, String> members;
        byte[] body;

        Draft(Endpoint endpoint) {
            method = endpoint.method();
            path = endpoint.path();
            query = endpoint.query();
            headers = new ArrayList<>(endpoint.headers());
            members = endpoint.members() == null ? null : new LinkedHashMap<>(endpoint.members());
        }

        Draft member(String name, String rawJson) {
            members.put(name, rawJson);
            return this;
        }

        /** The body as written: the members' raw text, or the bytes a case set. */
        byte[] bytes() {
            if (body != null) {
                return body;
            }
            return members == null ? null : json(members).getBytes(StandardCharsets.UTF_8);
        }

        RawHttp.Request request() {
            RawHttp.Request request = RawHttp.Request.of(method, path + query);
            for (String header : headers) {
                request = request.header(header);
            }
            byte[] bytes = bytes();
            if (bytes != null && contentType != null) {
                request = request.header("Content-Type: " + contentType);
            }
            return bytes == null ? request : request.body(bytes);
        }

        static String json(Map<String, String> members) {
            return members.entrySet().stream()
                    .map(member -> "\"" + member.getKey() + "\":" + member.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
        }
    }

    /** One hostile request: what it is, the problem it must get, and how it is made from an endpoint (if it applies). */
    record Hostile(String name, int status, String type, Function<Endpoint, Optional<Draft>> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Hostile hostile(
            String name, int status, String type, Predicate<Endpoint> applies, UnaryOperator<Draft> change) {
        return new Hostile(
                name,
                status,
                type,
                endpoint -> applies.test(endpoint) ? Optional.of(change.apply(new Draft(endpoint))) : Optional.empty());
    }

    private static Hostile everywhere(String name, int status, String type, UnaryOperator<Draft> change) {
        return hostile(name, status, type, endpoint -> true, change);
    }

    private static Hostile withBody(String name, int status, String type, UnaryOperator<Draft> change) {
        return hostile(name, status, type, Endpoint::hasBody, change);
    }

    /** The endpoint's text member replaced by {@code rawJson}, as sent (escapes and all). */
    private static Hostile inText(String name, int status, String type, String rawJson) {
        return new Hostile(
                name,
                status,
                type,
                endpoint -> Optional.ofNullable(endpoint.text())
                        .map(member -> new Draft(endpoint).member(member, rawJson)));
    }

    private static Hostile inNumber(String name, String rawJson) {
        return new Hostile(
                name,
                400,
                "malformed-body",
                endpoint -> Optional.ofNullable(endpoint.number())
                        .map(member -> new Draft(endpoint).member(member, rawJson)));
    }

    private static Hostile inPath(String name, int status, String type, String segment) {
        return new Hostile(
                name,
                status,
                type,
                endpoint -> Optional.ofNullable(endpoint.pathId()).map(id -> {
                    Draft draft = new Draft(endpoint);
                    draft.path = draft.path.replace(id, segment);
                    return draft;
                }));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] start = before.getBytes(StandardCharsets.UTF_8);
        byte[] end = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(middle, 0, all, start.length, middle.length);
        System.arraycopy(end, 0, all, start.length + middle.length, end.length);
        return all;
    }

    /** The table: at least 40 kinds of hostile request. */
    static List<Hostile> table() {
        String deep = "[".repeat(1_500) + "]".repeat(1_500);
        return List.of(
                // ambiguous: repeated single-valued headers, members named twice
                everywhere("a repeated Idempotency-Key", 400, "validation", draft -> {
                    draft.headers.add("Idempotency-Key: order-77");
                    draft.headers.add("Idempotency-Key: order-77");
                    return draft;
                }),
                everywhere("two different Idempotency-Keys", 400, "validation", draft -> {
                    draft.headers.add("Idempotency-Key: order-77");
                    draft.headers.add("Idempotency-Key: order-78");
                    return draft;
                }),
                everywhere("a repeated Content-Type", 400, "validation", draft -> {
                    draft.contentType = null;
                    draft.headers.add("Content-Type: application/json");
                    draft.headers.add("Content-Type: application/json");
                    return draft;
                }),
                everywhere("a JSON and a text Content-Type", 400, "validation", draft -> {
                    draft.contentType = null;
                    draft.headers.add("Content-Type: application/json");
                    draft.headers.add("Content-Type: text/plain");
                    return draft;
                }),
                everywhere("a repeated Authorization", 400, "validation", draft -> {
                    draft.headers.add(AUTHORIZATION);
                    draft.headers.add(AUTHORIZATION);
                    return draft;
                }),
                hostile(
                        "If-Match: * on two lines",
                        400,
                        "validation",
                        endpoint -> endpoint.path().startsWith("/api/kv/"),
                        draft -> {
                            draft.headers.removeIf(header -> header.startsWith("If-Match"));
                            draft.headers.add("If-Match: *");
                            draft.headers.add("If-Match: *");
                            return draft;
                        }),
                hostile(
                        "If-None-Match: * on two lines",
                        400,
                        "validation",
                        endpoint -> endpoint.method().equals("PUT"),
                        draft -> {
                            draft.headers.removeIf(header -> header.startsWith("If-Match"));
                            draft.path = draft.path + "-created";
                            draft.headers.add("If-None-Match: *");
                            draft.headers.add("If-None-Match: *");
                            return draft;
                        }),
                withBody("a member named twice", 400, "validation", draft -> {
                    Map.Entry<String, String> first =
                            draft.members.entrySet().iterator().next();
                    draft.body = ("{\"" + first.getKey() + "\":" + first.getValue() + ","
                                    + Draft.json(draft.members).substring(1))
                            .getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                new Hostile(
                        "a number member named twice, the second larger",
                        400,
                        "validation",
                        endpoint -> Optional.ofNullable(endpoint.number()).map(member -> {
                            Draft draft = new Draft(endpoint);
                            draft.body = (Draft.json(draft.members).replaceFirst("}$", "") + ",\"" + member + "\":90}")
                                    .getBytes(StandardCharsets.UTF_8);
                            return draft;
                        })),
                // text no store keeps faithfully
                inText("NUL in a text member", 400, "validation", "\"a\\u0000b\""),
                inText("U+0001 in a text member", 400, "validation", "\"a\\u0001b\""),
                inText("ESC (a terminal escape) in a text member", 400, "validation", "\"a\\u001b[31mb\""),
                inText("DEL in a text member", 400, "validation", "\"a\\u007fb\""),
                inText("a C1 control in a text member", 400, "validation", "\"a\\u0085b\""),
                inText("a lone high surrogate in a text member", 400, "validation", "\"a\\ud800b\""),
                inText("a lone low surrogate in a text member", 400, "validation", "\"a\\udc00b\""),
                inText("surrogates in the wrong order in a text member", 400, "validation", "\"\\udc00\\ud800\""),
                withBody("invalid UTF-8 in the body", 400, "malformed-body", draft -> {
                    draft.body = concat("{\"", bytes(0xC3, 0x28), "\":1}");
                    return draft;
                }),
                withBody("an overlong UTF-8 NUL in the body", 400, "malformed-body", draft -> {
                    draft.body = concat("{\"a\":\"", bytes(0xC0, 0x80), "\"}");
                    return draft;
                }),
                withBody("a UTF-8 encoded surrogate in the body", 400, "malformed-body", draft -> {
                    draft.body = concat("{\"a\":\"", bytes(0xED, 0xA0, 0x80), "\"}");
                    return draft;
                }),
                inPath("U+0001 in the path id", 400, "validation", "a%01b"),
                inPath("NUL in the path id", 400, "malformed-request", "a%00b"),
                inPath("an encoded slash in the path id", 400, "malformed-request", "a%2Fb"),
                inPath("an encoded backslash in the path id", 400, "malformed-request", "a%5Cb"),
                inPath("a bad percent-escape in the path id", 400, "malformed-request", "a%ZZb"),
                everywhere("NUL in a query parameter", 400, "validation", draft -> {
                    draft.query = (draft.query.isEmpty() ? "?" : draft.query + "&") + "note=a%00b";
                    return draft;
                }),
                everywhere("a bad percent-escape in the query", 400, "malformed-request", draft -> {
                    draft.query = (draft.query.isEmpty() ? "?" : draft.query + "&") + "note=%ZZ";
                    return draft;
                }),
                // over-long and over-deep
                withBody("a body over the size limit", 413, "payload-too-large", draft -> {
                    draft.body = ("{\"pad\":\"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                withBody("a chunked body over the size limit", 413, "payload-too-large", draft -> {
                    String chunk = "{\"pad\":\"" + "x".repeat(5_000) + "\"}";
                    draft.headers.add("Transfer-Encoding: chunked");
                    draft.body = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                new Hostile(
                        "an over-long text member",
                        400,
                        "validation",
                        endpoint -> Optional.ofNullable(endpoint.text())
                                .filter(member -> !member.equals("value"))
                                .map(member -> new Draft(endpoint).member(member, "\"" + "x".repeat(1_000) + "\""))),
                withBody("JSON nested 1,500 deep", 400, "malformed-body", draft -> draft.member("pad", deep)),
                withBody("a top-level array nested 1,500 deep", 400, "malformed-body", draft -> {
                    draft.body = deep.getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                withBody(
                        "a member name of 3,000 characters",
                        400,
                        "malformed-body",
                        draft -> draft.member("n".repeat(3_000), "1")),
                // wrong types
                inNumber("a number member sent as a string", "\"1\""),
                inNumber("a number member sent as a fraction", "1.5"),
                inNumber("a number member sent as an array", "[1]"),
                inText("a text member sent as a number", 400, "malformed-body", "7"),
                inText("a text member sent as a boolean", 400, "malformed-body", "true"),
                inText("a text member sent as an object", 400, "malformed-body", "{\"a\":\"b\"}"),
                withBody("a JSON array for a body", 400, "malformed-body", draft -> {
                    draft.body = "[{}]".getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                withBody("JSON null for a body", 400, "malformed-body", draft -> {
                    draft.body = "null".getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                // huge numbers
                inNumber("a number of 20 digits", "99999999999999999999"),
                inNumber("a number beyond any double", "1e400"),
                inNumber("a number below any long", "-9223372036854775809"),
                inNumber("a number of 1,200 digits", "9".repeat(1_200)),
                // missing and doubled bodies
                withBody("no body", 400, "malformed-body", draft -> {
                    draft.body = new byte[0];
                    return draft;
                }),
                withBody("the body twice", 400, "malformed-body", draft -> {
                    draft.body =
                            (Draft.json(draft.members) + Draft.json(draft.members)).getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                withBody("the body cut short", 400, "malformed-body", draft -> {
                    String json = Draft.json(draft.members);
                    draft.body = json.substring(0, json.length() - 1).getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                // wrong media types
                withBody("no Content-Type", 415, "unsupported-media-type", draft -> {
                    draft.contentType = null;
                    return draft;
                }),
                withBody("a text/plain body", 415, "unsupported-media-type", draft -> {
                    draft.contentType = "text/plain";
                    return draft;
                }),
                withBody("a form body", 415, "unsupported-media-type", draft -> {
                    draft.contentType = "application/x-www-form-urlencoded";
                    return draft;
                }),
                withBody("an XML body", 415, "unsupported-media-type", draft -> {
                    draft.contentType = "application/xml";
                    draft.body = "<a/>".getBytes(StandardCharsets.UTF_8);
                    return draft;
                }),
                withBody("a problem+json body", 415, "unsupported-media-type", draft -> {
                    draft.contentType = "application/problem+json";
                    return draft;
                }),
                // odd Accept: a write is refused before it acts when its answer would not be accepted
                hostile("Accept: text/html", 406, "not-acceptable", Endpoint::answersWithBody, draft -> {
                    draft.headers.add("Accept: text/html");
                    return draft;
                }),
                hostile(
                        "Accept: application/problem+json alone",
                        406,
                        "not-acceptable",
                        Endpoint::answersWithBody,
                        d -> {
                            d.headers.add("Accept: application/problem+json");
                            return d;
                        }),
                hostile("Accept: application/json;q=0", 406, "not-acceptable", Endpoint::answersWithBody, draft -> {
                    draft.headers.add("Accept: application/json;q=0, text/*");
                    return draft;
                }),
                // and the plain wrong
                everywhere("an unsupported method", 405, "method-not-allowed", draft -> {
                    draft.method = "PATCH";
                    return draft;
                }),
                hostile("no admin token", 401, "unauthorized", Endpoint::admin, draft -> {
                    draft.headers.remove(AUTHORIZATION);
                    return draft;
                }));
    }

    @BeforeAll
    void estate() {
        String run = UUID.randomUUID().toString();
        sku = newSku(10, "batched");
        assertThat(purchase(sku, "earlier", 1).status()).isEqualTo(201);
        show = newShow("redis");
        Reply held = postJson(
                "/api/shows/" + show + "/holds", "{\"seatIds\":[\"A1\"],\"holderId\":\"holder-h\",\"ttlSeconds\":900}");
        assertThat(held.status()).isEqualTo(201);
        holdId = held.json().path("holdId").asString();
        long fence = held.json().path("fence").asLong();
        accounts = "hostile-" + run + "-";
        String from = accounts + "a";
        String to = accounts + "b";
        openAccount(from, 1_000);
        openAccount(to, 0);
        key = "hostile:" + run;
        Reply created = send(request("/api/kv/" + key)
                .header("Content-Type", JSON)
                .header("If-None-Match", "*")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":\"stored\"}"))
                .build());
        assertThat(created.status()).isEqualTo(201);
        String tag = created.header("ETag");
        newSku = "hostile-sku-" + run;
        newShow = "hostile-show-" + run;
        endpoints = List.of(
                new Endpoint(
                        "POST /api/skus",
                        "POST",
                        "/api/skus",
                        null,
                        "",
                        List.of(AUTHORIZATION),
                        members(
                                "id",
                                "\"" + newSku + "\"",
                                "name",
                                "\"Tee\"",
                                "stock",
                                "5",
                                "strategy",
                                "\"conditional\""),
                        "name",
                        "stock"),
                new Endpoint(
                        "POST /api/skus/{id}/purchases",
                        "POST",
                        "/api/skus/" + sku + "/purchases",
                        sku,
                        "",
                        List.of("Idempotency-Key: honest-" + run),
                        members("buyerId", "\"honest\"", "quantity", "1"),
                        "buyerId",
                        "quantity"),
                new Endpoint(
                        "POST /api/checkouts",
                        "POST",
                        "/api/checkouts",
                        null,
                        "",
                        List.of("Idempotency-Key: honest-checkout-" + run),
                        members(
                                "skuId",
                                "\"" + sku + "\"",
                                "buyerId",
                                "\"honest\"",
                                "quantity",
                                "1",
                                "payment",
                                "{\"amount\":100}"),
                        "buyerId",
                        "quantity"),
                new Endpoint(
                        "POST /api/accounts",
                        "POST",
                        "/api/accounts",
                        null,
                        "",
                        List.of(AUTHORIZATION),
                        members("id", "\"" + accounts + "new\"", "openingBalance", "100"),
                        "id",
                        "openingBalance"),
                new Endpoint(
                        "POST /api/transfers",
                        "POST",
                        "/api/transfers",
                        null,
                        "?strategy=conditional",
                        List.of("Idempotency-Key: honest-" + run),
                        members("from", "\"" + from + "\"", "to", "\"" + to + "\"", "amount", "1"),
                        "from",
                        "amount"),
                new Endpoint(
                        "PUT /api/kv/{key}",
                        "PUT",
                        "/api/kv/" + key,
                        key,
                        "",
                        List.of("If-Match: " + tag),
                        members("value", "\"next\""),
                        "value",
                        null),
                new Endpoint(
                        "DELETE /api/kv/{key}",
                        "DELETE",
                        "/api/kv/" + key,
                        key,
                        "",
                        List.of("If-Match: " + tag),
                        null,
                        null,
                        null),
                new Endpoint(
                        "POST /api/shows",
                        "POST",
                        "/api/shows",
                        null,
                        "",
                        List.of(AUTHORIZATION),
                        members(
                                "id",
                                "\"" + newShow + "\"",
                                "name",
                                "\"Gala\"",
                                "strategy",
                                "\"conditional\"",
                                "rows",
                                "1",
                                "seatsPerRow",
                                "2"),
                        "name",
                        "rows"),
                new Endpoint(
                        "POST /api/shows/{id}/holds",
                        "POST",
                        "/api/shows/" + show + "/holds",
                        show,
                        "",
                        List.of(),
                        members("seatIds", "[\"B1\"]", "holderId", "\"honest\"", "ttlSeconds", "60"),
                        "holderId",
                        "ttlSeconds"),
                new Endpoint(
                        "DELETE /api/holds/{id}",
                        "DELETE",
                        "/api/holds/" + holdId,
                        holdId,
                        "?holderId=holder-h",
                        List.of(),
                        null,
                        null,
                        null),
                new Endpoint(
                        "POST /api/holds/{id}/extend",
                        "POST",
                        "/api/holds/" + holdId + "/extend",
                        holdId,
                        "",
                        List.of(),
                        members("holderId", "\"holder-h\"", "ttlSeconds", "600"),
                        "holderId",
                        "ttlSeconds"),
                new Endpoint(
                        "POST /api/holds/{id}/confirm",
                        "POST",
                        "/api/holds/" + holdId + "/confirm",
                        holdId,
                        "",
                        List.of(),
                        members("holderId", "\"holder-h\"", "fence", String.valueOf(fence)),
                        "holderId",
                        "fence"));
        audited = audits();
    }

    private static Map<String, String> members(String... namesAndValues) {
        Map<String, String> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return members;
    }

    /** What every audit says now, and whether the resources a create would make exist. */
    record Audits(JsonNode sale, JsonNode show, JsonNode money, String kv, int newSku, int newShow) {}

    private Audits audits() {
        Reply stored = get("/api/kv/" + key);
        return new Audits(
                audit(sku),
                showAudit(show),
                get("/api/transfers/audit?accountPrefix=" + accounts).json(),
                stored.status() + " " + stored.header("ETag") + " "
                        + stored.raw().body(),
                get("/api/skus/" + newSku).status(),
                get("/api/shows/" + newShow).status());
    }

    Stream<Arguments> hostileRequests() {
        return table().stream()
                .flatMap(hostile -> endpoints.stream()
                        .flatMap(endpoint -> hostile.make().apply(endpoint).stream()
                                .map(draft -> Arguments.of(hostile, endpoint, draft))));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("hostileRequests")
    void aHostileRequestIsAProblemOfAStableTypeAndChangesNoAudit(Hostile hostile, Endpoint endpoint, Draft draft) {
        Reply reply = sendRaw(draft.request()).isProblem(hostile.status(), hostile.type());

        assertThat(reply.raw().body()).doesNotContain("SQL", "jdbc", "ERR ", "127.0.0.1", "localhost");
        Audits before = audited;
        audited = audits();
        assertThat(audited).isEqualTo(before);
    }

    @Test
    void theTableHoldsAtLeastFortyKindsAndReachesEveryWriteEndpoint() {
        List<Arguments> requests = hostileRequests().toList();

        assertThat(table()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(requests.stream().map(arguments -> arguments.get()[1]).distinct())
                .containsExactlyInAnyOrderElementsOf(endpoints);
        assertThat(requests.stream()
                        .map(arguments -> arguments.get()[0].toString())
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(
                        table().stream().map(Hostile::name).toList());
    }

    /**
     * The audits do see an honest request on every endpoint, so the suite's "unchanged" has teeth (an extension moves
     * only an expiry no audit shows: there the 4xx itself is the proof). Last, as it spends the estate.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyEndpointsHonestRequestChangesAnAudit() {
        for (String name : List.of(
                "POST /api/skus/{id}/purchases",
                "POST /api/transfers",
                "PUT /api/kv/{key}",
                "POST /api/shows/{id}/holds",
                "POST /api/holds/{id}/extend",
                "POST /api/skus",
                "POST /api/shows",
                "POST /api/accounts",
                "POST /api/holds/{id}/confirm")) {
            Endpoint endpoint = endpoints.stream()
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            Audits before = audits();

            Reply reply = sendRaw(new Draft(endpoint).request());

            assertThat(reply.status()).as(name + ": " + reply.raw().body()).isIn(200, 201);
            if (!name.endsWith("/extend")) {
                assertThat(audits()).as(name).isNotEqualTo(before);
            }
        }
    }

    @Test
    void hostileRequestsMixedIntoABatchedFlashSaleLeaveEveryHonestBuyerA201OrA409() {
        String sale = newSku(20, "batched");
        List<Hostile> kinds = table();
        Endpoint purchase = endpoints.get(1);
        List<RawHttp.Request> hostileRequests = kinds.stream()
                .map(hostile -> hostile.make().apply(retarget(purchase, sale)))
                .flatMap(Optional::stream)
                .map(Draft::request)
                .toList();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> honest = new ArrayList<>();
        List<Future<Reply>> hostile = new ArrayList<>();
        try (ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 60; i++) {
                String buyer = "buyer-" + i;
                RawHttp.Request request = hostileRequests.get(i % hostileRequests.size());
                honest.add(buyers.submit(() -> {
                    start.await();
                    return purchase(sale, buyer, 1);
                }));
                hostile.add(buyers.submit(() -> {
                    start.await();
                    return sendRaw(request);
                }));
            }
            start.countDown();
        }
        List<Integer> statuses =
                honest.stream().map(Future::resultNow).map(Reply::status).toList();

        assertThat(statuses).allMatch(status -> status == 201 || status == 409, "201 or 409");
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(20);
        assertThat(hostile.stream().map(Future::resultNow))
                .allSatisfy(reply -> assertThat(reply.status()).isBetween(400, 499));
        JsonNode audit = audit(sale);
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("orders").asInt()).isEqualTo(20);
        assertThat(audit.path("stock").asInt()).isZero();
    }

    private static Endpoint retarget(Endpoint purchase, String sale) {
        return new Endpoint(
                purchase.name(),
                purchase.method(),
                "/api/skus/" + sale + "/purchases",
                sale,
                purchase.query(),
                List.of(),
                purchase.members(),
                purchase.text(),
                purchase.number());
    }
}
