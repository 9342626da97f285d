package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description ({@code /v3/api-docs}, {@code /swagger-ui.html}) against the reference in docs/api.md: every
 * endpoint of its tables is in the document, every problem type is, and each operation names the problems it
 * answers. The description is read without a token and cannot be written.
 */
class ApiDescriptionApiTest extends ApiTest {

    private static final Path API_REFERENCE = Path.of("..", "docs", "api.md");

    /** The paths the description is served at: they are fetched, not looked for in the document they serve. */
    private static final Set<String> THE_DESCRIPTION_ITSELF = Set.of("/v3/api-docs", "/swagger-ui.html");

    private static final Pattern METHOD = Pattern.compile("\\b(GET|POST|PUT|DELETE|PATCH)\\b");
    private static final Pattern PATH = Pattern.compile("(/[^\\s`?]+)");
    private static final Pattern NAME = Pattern.compile("`([a-z-]+)`");

    /** An endpoint as a table names it: a method and a path whose variables are all written {@code {}}. */
    record Endpoint(String method, String path) implements Comparable<Endpoint> {
        static Endpoint of(String method, String path) {
            return new Endpoint(method.toUpperCase(), path.replaceAll("\\{[^}]*}", "{}"));
        }

        @Override
        public int compareTo(Endpoint other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private JsonNode document() {
        Reply reply = get("/v3/api-docs");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return reply.json();
    }

    /** The rows of every table in docs/api.md whose header starts with {@code header}, as their cells. */
    private static List<List<String>> rows(String header) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(API_REFERENCE)) {
            if (line.startsWith("| " + header + " |")) {
                inTable = true;
            } else if (!line.startsWith("|")) {
                inTable = false;
            } else if (inTable && !line.startsWith("|---")) {
                rows.add(Arrays.stream(line.replace("\\|", "/").split("\\|"))
                        .skip(1)
                        .map(String::strip)
                        .toList());
            }
        }
        assertThat(rows)
                .as("tables headed '" + header + "' in " + API_REFERENCE)
                .isNotEmpty();
        return rows;
    }

    /** Every endpoint of the reference tables: each method named in a row's first cell, on the path it names. */
    private static Set<Endpoint> referenceEndpoints() throws IOException {
        Set<Endpoint> endpoints = new TreeSet<>();
        for (List<String> row : rows("method and path")) {
            String cell = row.getFirst();
            Matcher path = PATH.matcher(cell);
            if (!path.find()) {
                continue; // a row about requests, not an endpoint ("PUT or DELETE with neither header")
            }
            Matcher method = METHOD.matcher(cell.substring(0, path.start()));
            while (method.find()) {
                endpoints.add(Endpoint.of(method.group(1), path.group(1)));
            }
        }
        return endpoints;
    }

    private static Set<Endpoint> documented(JsonNode document) {
        Set<Endpoint> endpoints = new TreeSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .propertyNames()
                        .forEach(method -> endpoints.add(Endpoint.of(method, path.getKey()))));
        return endpoints;
    }

    @Test
    void everyEndpointInTheApiReferenceTablesIsInTheDocument() throws IOException {
        Set<Endpoint> reference = referenceEndpoints();
        Set<Endpoint> documented = documented(document());

        Set<Endpoint> missing = new TreeSet<>(reference);
        missing.removeAll(documented);
        missing.removeIf(endpoint -> THE_DESCRIPTION_ITSELF.contains(endpoint.path()));

        assertThat(reference).as("endpoints read from " + API_REFERENCE).hasSizeGreaterThan(20);
        assertThat(missing)
                .as("endpoints of docs/api.md missing from /v3/api-docs (documented: %s)", documented)
                .isEmpty();
    }

    @Test
    void theDescriptionItselfIsServedAsTheReferenceSays() throws IOException {
        Set<Endpoint> itself = referenceEndpoints().stream()
                .filter(endpoint -> THE_DESCRIPTION_ITSELF.contains(endpoint.path()))
                .collect(Collectors.toSet());

        assertThat(itself)
                .containsExactlyInAnyOrder(Endpoint.of("GET", "/v3/api-docs"), Endpoint.of("GET", "/swagger-ui.html"));
        assertThat(document().path("openapi").asString()).startsWith("3.1");
        Reply yaml = get("/v3/api-docs.yaml");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.raw().body()).startsWith("openapi: 3.1");
        Reply ui = get("/swagger-ui.html");
        assertThat(ui.status()).isEqualTo(302);
        Reply page = get(ui.header("Location").replaceFirst("^https?://[^/]+", ""));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        Reply config = get("/v3/api-docs/swagger-config"); // what the page reads first, then the document
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("url").asString()).isEqualTo("/v3/api-docs");
    }

    @Test
    void theDocumentListsEveryProblemTypeAndEveryTypeOfTheReference() throws IOException {
        Set<String> listed = new TreeSet<>();
        document()
                .path("components")
                .path("schemas")
                .path("Problem")
                .path("properties")
                .path("type")
                .path("enum")
                .forEach(type -> listed.add(type.asString()));

        Set<String> expected = new TreeSet<>();
        Arrays.stream(Problems.values())
                .forEach(problem -> expected.add(problem.type().toString()));
        for (List<String> row : rows("type")) {
            Matcher name = NAME.matcher(row.getFirst());
            while (name.find()) {
                expected.add(Problems.BASE + name.group(1));
            }
        }

        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void eachOperationNamesTheProblemsItAnswersAsProblemJson() {
        JsonNode purchase =
                document().path("paths").path("/api/skus/{id}/purchases").path("post");
        JsonNode responses = purchase.path("responses");

        assertThat(examples(responses, "409"))
                .contains("sold-out", "insufficient-stock", "idempotency-key-in-flight")
                .doesNotContain("sku-exists");
        assertThat(examples(responses, "400")).contains("validation", "malformed-body", "malformed-request");
        assertThat(examples(responses, "503")).containsExactlyInAnyOrder("busy", "outcome-unknown");
        assertThat(responses.path("503").path("headers").has("Retry-After")).isTrue();
        assertThat(responses.path("409").path("description").asString()).contains(Problems.BASE + "sold-out");
        assertThat(responses.has("401")).as("a purchase needs no token").isFalse();

        JsonNode createSku = document().path("paths").path("/api/skus").path("post");
        assertThat(examples(createSku.path("responses"), "401")).containsExactly("unauthorized");
        assertThat(createSku.path("security").toString()).contains("adminToken");

        JsonNode ping = document().path("paths").path("/api/ping").path("get").path("responses");
        assertThat(examples(ping, "406")).containsExactly("not-acceptable");
        assertThat(ping.has("413")).as("ping reads no body").isFalse();
    }

    private static List<String> examples(JsonNode responses, String status) {
        JsonNode problemJson = responses.path(status).path("content").path("application/problem+json");
        assertThat(problemJson.path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/Problem");
        return new ArrayList<>(problemJson.path("examples").propertyNames());
    }

    @Test
    void theDescriptionNeedsNoTokenAndCannotBeWritten() {
        assertThat(send(request("/v3/api-docs")
                                .header("Accept", "application/json")
                                .GET()
                                .build())
                        .status())
                .isEqualTo(200);

        send(request("/v3/api-docs")
                        .header("Content-Type", JSON)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"openapi\":\"3.1.0\"}"))
                        .build())
                .isProblem(405, "method-not-allowed");
        send(request("/v3/api-docs").DELETE().build()).isProblem(405, "method-not-allowed");
        assertThat(document().path("info").path("title").asString()).isEqualTo("Stampede");
    }
}
