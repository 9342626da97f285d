package dev.stampede.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Content negotiation, decided when the answer is known rather than when the request is mapped (endpoints declare no
 * {@code produces}, so that a request reaches its endpoint whatever it accepts). A success is {@code application/json}
 * only: a client that accepts neither it nor a range holding it gets 406 (a write is refused so before it acts: see
 * {@link #beforeWrite}). An error is {@code application/problem+json} whenever the client accepts that,
 * {@code application/json} or anything (RFC 9110, section 12.5.1: the most specific range decides, {@code q=0}
 * refuses); a client that accepts none of them gets 406 instead, still as a problem.
 */
@ControllerAdvice(basePackageClasses = ProblemNegotiation.class)
final class ProblemNegotiation implements ResponseBodyAdvice<Object> {

    private static final MediaType JSON = MediaType.APPLICATION_JSON;
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final String NOT_ACCEPTABLE = "The answer is application/json (an error, application/problem+json),"
            + " and the request's Accept header does not admit it.";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType selected,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        List<MediaType> accepted = accepted(request.getHeaders().get(HttpHeaders.ACCEPT));
        if (body instanceof ProblemDetail problem) {
            return acceptable(accepted, PROBLEM_JSON) || acceptable(accepted, JSON)
                    ? problem
                    : notAcceptable(response, problem.getInstance());
        }
        return JSON.equalsTypeAndSubtype(selected) && acceptable(accepted, JSON)
                ? body
                : notAcceptable(response, URI.create(request.getURI().getRawPath()));
    }

    /**
     * Turns the answer being written into 406, as a problem: whatever the endpoint set for its own answer (a tag, a
     * location, {@code Retry-After}) goes.
     */
    private static ProblemDetail notAcceptable(ServerHttpResponse response, URI instance) {
        response.setStatusCode(HttpStatus.NOT_ACCEPTABLE);
        response.getHeaders().clear();
        response.getHeaders().setContentType(PROBLEM_JSON);
        ProblemDetail notAcceptable = Problems.NOT_ACCEPTABLE.detail(NOT_ACCEPTABLE);
        notAcceptable.setInstance(instance);
        return notAcceptable;
    }

    /**
     * Refuses, before it acts, a write whose success (a JSON body) the client would not accept: a purchase answered
     * 406 after it committed would look failed and be bought again. Deletes answer 204 and are not refused.
     */
    static HandlerInterceptor beforeWrite() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                HttpMethod method = HttpMethod.valueOf(request.getMethod());
                if (method == HttpMethod.POST || method == HttpMethod.PUT) {
                    refuseUnlessJsonAccepted(request);
                }
                return true;
            }
        };
    }

    /**
     * Refuses a write whose client does not accept JSON, before it acts ({@link #beforeWrite()}).
     *
     * @throws ProblemException 406 {@code not-acceptable} if the request's {@code Accept} admits no JSON
     */
    static void refuseUnlessJsonAccepted(HttpServletRequest request) {
        if (!acceptable(accepted(Collections.list(request.getHeaders(HttpHeaders.ACCEPT))), JSON)) {
            throw new ProblemException(Problems.NOT_ACCEPTABLE, NOT_ACCEPTABLE);
        }
    }

    /** The media ranges of the request's {@code Accept}; none, or a malformed one, accepts anything. */
    private static List<MediaType> accepted(List<String> fields) {
        try {
            List<MediaType> ranges = MediaType.parseMediaTypes(fields);
            return ranges.isEmpty() ? List.of(MediaType.ALL) : ranges;
        } catch (InvalidMediaTypeException e) {
            return List.of(MediaType.ALL);
        }
    }

    /** Whether the most specific range that includes {@code type} gives it a quality above 0. */
    static boolean acceptable(List<MediaType> ranges, MediaType type) {
        // A loop, not a stream: every write asks this before it acts (issue 17's profile of the purchase route).
        MediaType decisive = null;
        for (MediaType range : ranges) {
            if (range.includes(type) && (decisive == null || specificity(range) > specificity(decisive))) {
                decisive = range;
            }
        }
        return decisive != null && decisive.getQualityValue() > 0;
    }

    private static int specificity(MediaType range) {
        if (range.isWildcardType()) {
            return 0;
        }
        return range.isWildcardSubtype()
                ? 1
                : 2 + range.removeQualityValue().getParameters().size();
    }
}
