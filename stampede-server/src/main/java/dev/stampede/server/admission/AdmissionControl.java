package dev.stampede.server.admission;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control (issue 15 item 2; seed 003: "server-side rate limiting / admission control"): every write request
 * ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api/}) takes a permit of its endpoint's
 * {@link Limiter} (Netflix concurrency-limits) before anything else runs; when the limiter gives none (at once, or after
 * the bounded wait of a blocking limiter) it is shed, changing nothing, by {@code shed} (503 {@code busy} with {@code
 * Retry-After}) instead of queueing into a time-out. Reads are
 * never limited. Each endpoint is a partition with its own limit ({@link #partition}), so a purchase storm sheds
 * purchases, not transfers or holds. A request that ends in a 503 anyway tells the limiter it was dropped (the limit
 * shrinks); one that ends otherwise tells it its round-trip time, from which an adaptive limit adapts. How long each
 * write waited for its permit, and whether it got one, is told to {@code waits}: the proof that no write waits longer
 * than a blocking limiter's bound (issue 15's target).
 */
public final class AdmissionControl extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String API = "/api/";

    /** What to do with a request that is shed: answer it, and count it under its partition. */
    @FunctionalInterface
    public interface Shed {
        void shed(String partition, HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException;
    }

    /** What is told how long a write waited for its permit. */
    @FunctionalInterface
    public interface PermitWaits {
        /**
         * @param partition the write's endpoint partition
         * @param admitted true if it got a permit, false if it was shed
         * @param nanos from asking its partition's limiter for a permit to the limiter's answer, in nanoseconds
         */
        void waited(String partition, boolean admitted, long nanos);
    }

    private final Function<String, Limiter<Void>> newLimiter;
    private final Shed shed;
    private final PermitWaits waits;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Limiter<Void>> limiters = new ConcurrentHashMap<>();

    /**
     * {@code newLimiter}: a new limiter for a partition, made the first time a request of it comes; {@code nanoTime}:
     * the clock the waits are read on ({@link System#nanoTime()} in the service).
     */
    public AdmissionControl(
            Function<String, Limiter<Void>> newLimiter, Shed shed, PermitWaits waits, LongSupplier nanoTime) {
        this.newLimiter = newLimiter;
        this.shed = shed;
        this.waits = waits;
        this.nanoTime = nanoTime;
    }

    /**
     * The partition of a write request: for a SKU's sub-resource ({@code /api/skus/{id}/purchases}, {@code …/claims},
     * {@code …/restock}) its name, else the first segment after {@code /api/} ({@code transfers}, {@code shows},
     * {@code claims}, {@code kv}, {@code skus}…); empty for a read or a path outside the API.
     */
    public static Optional<String> partition(String method, String path) {
        if (!WRITES.contains(method) || !path.startsWith(API)) {
            return Optional.empty();
        }
        String[] segments = path.substring(API.length()).split("/");
        if (segments[0].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(segments[0].equals("skus") && segments.length >= 3 ? segments[2] : segments[0]);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> partition = partition(request.getMethod(), request.getRequestURI());
        if (partition.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Limiter<Void> limiter = limiters.computeIfAbsent(partition.get(), newLimiter);
        long asked = nanoTime.getAsLong();
        Optional<Limiter.Listener> permit = limiter.acquire(null);
        waits.waited(partition.get(), permit.isPresent(), nanoTime.getAsLong() - asked);
        if (permit.isEmpty()) {
            shed.shed(partition.get(), request, response);
            return;
        }
        boolean answered = false;
        try {
            chain.doFilter(request, response);
            answered = true;
        } finally {
            if (!answered) {
                permit.get().onIgnore();
            } else if (response.getStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                permit.get().onDropped();
            } else {
                permit.get().onSuccess();
            }
        }
    }
}
