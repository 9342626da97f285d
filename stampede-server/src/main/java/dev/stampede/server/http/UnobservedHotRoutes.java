package dev.stampede.server.http;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves the two hot routes out of Spring's {@code http.server.requests} observation: {@code POST
 * /api/skus/{id}/purchases} and {@code GET /api/ping}. The observation cost about 9% of a request thread's CPU in a
 * flash sale (issue 17's profile: the observation's start and stop, its tags, the timer and long-task-timer lookups)
 * and its series are not what anyone reads for these routes: purchases have their own meters, by strategy and outcome
 * ({@code stampede.purchases} and {@code stampede.purchase.latency}, which is where a flash sale is watched), and the ping is the harness's no-op. Every
 * other route keeps the observation.
 */
final class UnobservedHotRoutes implements ObservationPredicate {

    @Override
    public boolean test(String name, Observation.Context context) {
        if (!(context instanceof ServerRequestObservationContext request)) {
            return true;
        }
        String path = request.getCarrier().getRequestURI();
        return !(path.equals("/api/ping") || (path.startsWith("/api/skus/") && path.endsWith("/purchases")));
    }
}
