package dev.stampede.server.http;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Spring's {@code http.server.requests} observation, for every route but the two hot ones: {@code POST
 * /api/skus/{id}/purchases} and {@code GET /api/ping}, which this filter passes straight on. Issue 17's profiles put
 * the observation at about 9% of a request thread's CPU in a flash sale (its start and stop, its context, its request
 * attributes, its tags, the timer lookups), and about 5% still when an {@code ObservationPredicate} turned it into a
 * no-op, since the filter builds the observation before any predicate is asked. Its series are not what anyone reads
 * for these routes: purchases have their own meters, by strategy and outcome ({@code stampede.purchases} and {@code
 * stampede.purchase.latency}, where a flash sale is watched), and the ping is the harness's no-op.
 *
 * <p>It takes the place of the filter Spring Boot would register (Boot backs off when a filter of this type is
 * registered), with the same convention and order (see {@link HttpConfig}).
 */
final class HotRoutesUnobserved extends ServerHttpObservationFilter {

    HotRoutesUnobserved(ObservationRegistry registry, ServerRequestObservationConvention convention) {
        super(registry, convention);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/api/ping") || (path.startsWith("/api/skus/") && path.endsWith("/purchases"));
    }
}
