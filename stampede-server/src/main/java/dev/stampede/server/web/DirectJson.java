package dev.stampede.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON body of a hot route and writes its answer straight to the servlet response, with readers and writers
 * prepared once, instead of through Spring MVC's message converters, body advice and content negotiation (issue 17:
 * on the purchase route that machinery cost more request-thread CPU than the purchase itself; see docs/performance.md,
 * "The request path, stage by stage").
 *
 * <p>No check is given up. The body is read by the application's own {@link JsonMapper} (strict duplicates, storable
 * text, no coercion, unknown members refused) inside the body-size limit, and what it cannot read is thrown as the
 * {@link HttpMessageNotReadableException} that {@link ApiExceptionHandler} turns into 400 {@code malformed-body},
 * {@code validation} or 413, as for every other route. The answer needs no negotiation: a write whose client does not
 * accept JSON was refused before it acted ({@link ProblemNegotiation#beforeWrite()}), and a client that accepts JSON
 * also accepts a problem as {@code application/problem+json} (RFC 9457, section 3; {@link ProblemNegotiation}). A
 * problem without an {@code instance} gets the request's path, as Spring MVC gives it.
 */
@Component
public final class DirectJson {

    private final JsonMapper mapper;
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
    private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();

    DirectJson(JsonMapper mapper) {
        this.mapper = mapper.rebuild()
                .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
                .build();
    }

    /**
     * The request's body as a {@code type}.
     *
     * @throws HttpMessageNotReadableException if the body is missing, {@code null}, not JSON, not a {@code type}, or
     *     larger than the body-size limit (the cause says which)
     */
    <T> T read(HttpServletRequest request, Class<T> type) {
        T body;
        try (InputStream in = request.getInputStream()) {
            body = request.getContentLengthLong() == 0
                    ? null
                    : readers.computeIfAbsent(type, mapper::readerFor).readValue(in);
        } catch (JacksonException | IOException e) {
            throw new HttpMessageNotReadableException("unreadable body", e, new ServletServerHttpRequest(request));
        }
        if (body == null) {
            throw new HttpMessageNotReadableException(
                    "Required request body is missing", new ServletServerHttpRequest(request));
        }
        return body;
    }

    /**
     * Writes {@code answer} (its status, headers and body) to {@code response}: a {@link ProblemDetail} as {@code
     * application/problem+json}, anything else as {@code application/json}, with its {@code Content-Length}.
     */
    public void write(ResponseEntity<?> answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object body = answer.getBody();
        if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                values.forEach(value -> response.addHeader(name, value));
            }
        });
        response.setContentType(
                body instanceof ProblemDetail
                        ? MediaType.APPLICATION_PROBLEM_JSON_VALUE
                        : MediaType.APPLICATION_JSON_VALUE);
        byte[] json =
                writers.computeIfAbsent(body.getClass(), mapper::writerFor).writeValueAsBytes(body);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
