package dev.stampede.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a request that sends a single-valued header more than once, before anything reads it: the container keeps
 * the first line and the framework joins the lines with commas ({@code order-77,order-77}), so either reading would
 * be a guess, and a guessed {@code Idempotency-Key} is a second order. The answer is 400 {@code validation} naming the
 * header. {@code Content-Type} and {@code Authorization} are singletons by RFC 9110 (sections 8.3 and 11.6.2);
 * {@code Idempotency-Key} is one key by its IETF draft. List-valued fields ({@code If-Match}, {@code If-None-Match})
 * may be split over lines (RFC 9110, section 5.3); their parsers refuse what a list may not hold.
 */
final class SingleValuedHeaders extends OncePerRequestFilter {

    static final List<String> NAMES = List.of("Idempotency-Key", HttpHeaders.CONTENT_TYPE, HttpHeaders.AUTHORIZATION);

    private final HandlerExceptionResolver problems;

    SingleValuedHeaders(HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String name : NAMES) {
            if (Collections.list(request.getHeaders(name)).size() > 1) {
                ProblemException repeated = Validation.invalid(name, "must be sent once, with one value");
                if (problems.resolveException(request, response, null, repeated) == null) {
                    throw repeated;
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
