package dev.stampede.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI description that springdoc generates from the controllers ({@code GET /v3/api-docs}, and a browsable
 * page at {@code /swagger-ui.html}), with the problems (RFC 9457) each operation answers: one response per status, as
 * {@code application/problem+json}, naming its {@code type} URIs (a 503 with its {@code Retry-After}). An operation's
 * problems are those of every endpoint (see {@link #EVERY_ENDPOINT}), those of a body, of a write and of an
 * {@link AdminOnly} endpoint where they apply, and its own {@link ProblemTypes}. The schema {@code Problem} lists
 * every type of {@link Problems}. Both documents are read-only {@code GET}s outside {@code /api}, so the filters of
 * {@code /api/*} and the admin token do not apply to them.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    /** What any endpoint may answer: a request it cannot parse or accept, a fault, or too many connections. */
    static final Set<Problems> EVERY_ENDPOINT = EnumSet.of(
            Problems.VALIDATION,
            Problems.MALFORMED_REQUEST,
            Problems.NOT_ACCEPTABLE,
            Problems.REQUEST_TIMEOUT,
            Problems.INTERNAL,
            Problems.BUSY);

    /** What an endpoint that reads a JSON body may answer besides. */
    static final Set<Problems> WITH_A_BODY =
            EnumSet.of(Problems.MALFORMED_BODY, Problems.PAYLOAD_TOO_LARGE, Problems.UNSUPPORTED_MEDIA_TYPE);

    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String ADMIN_TOKEN = "adminToken";

    @Bean
    OpenAPI stampedeApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Stampede")
                        .version("0.1.0")
                        .description("Sells the last unit exactly once under contention, and proves it: SKUs and"
                                + " purchases, seat holds, account transfers, a key-value store with conditional"
                                + " writes. Every error is application/problem+json (RFC 9457) with a stable type"
                                + " (schema Problem); a 503 carries Retry-After. Reference: docs/api.md."))
                .components(new Components()
                        .addSchemas(PROBLEM, problemSchema())
                        .addSecuritySchemes(
                                ADMIN_TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("The admin token (stampede.admin-token).")));
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            if (handler.getBeanType().getPackageName().equals(ApiDescription.class.getPackageName())) {
                describe(operation, handler);
            }
            return operation;
        };
    }

    private static void describe(Operation operation, HandlerMethod handler) {
        Set<Problems> problems = EnumSet.copyOf(EVERY_ENDPOINT);
        // A hot route reads its body itself (DirectJson) and declares it with OpenAPI's own annotation.
        if (Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class))
                || handler.hasMethodAnnotation(io.swagger.v3.oas.annotations.parameters.RequestBody.class)) {
            problems.addAll(WITH_A_BODY);
        }
        if (handler.hasMethodAnnotation(PostMapping.class)
                || handler.hasMethodAnnotation(PutMapping.class)
                || handler.hasMethodAnnotation(DeleteMapping.class)) {
            problems.add(Problems.OUTCOME_UNKNOWN);
        }
        if (handler.hasMethodAnnotation(AdminOnly.class)) {
            problems.add(Problems.UNAUTHORIZED);
            operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_TOKEN));
        }
        ProblemTypes own = handler.getMethodAnnotation(ProblemTypes.class);
        if (own != null) {
            problems.addAll(List.of(own.value()));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<Integer, List<Problems>> byStatus = problems.stream()
                .collect(Collectors.groupingBy(p -> p.status().value(), TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, kinds) -> responses.addApiResponse(String.valueOf(status), response(status, kinds)));
        operation.setResponses(responses);
    }

    /** One status's problems: their types in the description, one example each. */
    private static ApiResponse response(int status, List<Problems> kinds) {
        MediaType problemJson = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
        Map<String, Example> examples = new LinkedHashMap<>();
        for (Problems kind : kinds) {
            examples.put(
                    slug(kind),
                    new Example()
                            .summary(kind.title())
                            .value(Map.of("type", kind.type().toString(), "title", kind.title(), "status", status)));
        }
        problemJson.setExamples(examples);
        ApiResponse response = new ApiResponse()
                .description(kinds.stream().map(k -> k.type().toString()).collect(Collectors.joining(", ")))
                .content(new Content().addMediaType(PROBLEM_JSON, problemJson));
        if (status == 503) {
            response.addHeaderObject(
                    HttpHeaders.RETRY_AFTER,
                    new Header()
                            .description("Seconds to wait before trying again")
                            .schema(new IntegerSchema()));
        }
        return response;
    }

    /** RFC 9457's members, the type as one of {@link Problems}, and the extension members some types carry. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem. The type URI identifies the problem; it is not meant to be fetched.")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                ._enum(Arrays.stream(Problems.values())
                                        .map(p -> p.type().toString())
                                        .toList()))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errorId", new StringSchema().description("names the logged cause of a 5xx or a busy"))
                .addProperty("field", new StringSchema().description("the field, header or parameter at fault"))
                .addProperty("remaining", new IntegerSchema().description("units left (insufficient-stock)"))
                .addProperty("available", new IntegerSchema().description("minor units available (insufficient-funds)"))
                .addProperty(
                        "currentRevision",
                        new IntegerSchema().description("the key's revision, null when absent (precondition-failed)"))
                .addProperty(
                        "seatIds",
                        new ArraySchema()
                                .items(new StringSchema())
                                .description("the seats at fault (seats-taken, unknown-seats)"));
    }

    private static String slug(Problems problem) {
        return problem.type().toString().substring(Problems.BASE.length());
    }
}
