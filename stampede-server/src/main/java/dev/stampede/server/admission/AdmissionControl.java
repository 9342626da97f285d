package dev.stampede.server.admission;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control (issue 15 item 2; seed 003: "server-side rate limiting / admission control"): every write request
 * ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api/}) takes a permit of its endpoint's
 * {@link Limiter} (Netflix concurrency-limits) before anything else runs. A write that finds no permit waits for one at
 * most {@code maxWait}, suspended in its partition's {@link AdmissionBacklog} (servlet asynchronous processing: it
 * holds no thread while it waits); a released permit goes to the newest waiter, which the container then dispatches
 * again through the filters after this one; a waiter still there after {@code maxWait} is shed by {@link
 * #shedExpired}, which one platform thread calls every few milliseconds. A write is shed at once, changing nothing,
 * when {@code maxWait} is 0 or the backlog is full. A shed write is answered by {@code shed} (503 {@code busy} with
 * {@code Retry-After}) instead of queueing into a time-out. Reads are never limited. Each endpoint is a partition with
 * its own limit and backlog ({@link #partition}), so a purchase storm sheds purchases, not transfers or holds. A
 * request that ends in a 503 anyway tells the limiter it was dropped (the limit shrinks); one that ends otherwise tells
 * it its round-trip time, from which an adaptive limit adapts. How long each write waited for its permit, and whether
 * it got one, is told to {@code waits}: the proof that no write waits much longer than {@code maxWait} (issue 15's
 * target; the excess is the shedder's period and its own scheduling).
 */
public final class AdmissionControl extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AdmissionControl.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String API = "/api/";
    /** The request attribute that carries an admitted waiter's permit into its asynchronous dispatch. */
    private static final String ADMITTED = AdmissionControl.class.getName() + ".ADMITTED";

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

    /** What is told of each new partition, with the number of its writes waiting for a permit (for a gauge). */
    @FunctionalInterface
    public interface BacklogWatch {
        void watch(String partition, IntSupplier waiting);
    }

    /** A partition's limiter and the writes waiting for one of its permits. */
    private record Partition(String name, Limiter<Void> limiter, AdmissionBacklog backlog) {}

    /** A waiter given a permit, carried into its asynchronous dispatch. */
    private record Admitted(Partition partition, Limiter.Listener permit) {}

    private final Function<String, Limiter<Void>> newLimiter;
    private final long maxWaitNanos;
    private final int backlogCapacity;
    private final Shed shed;
    private final PermitWaits waits;
    private final BacklogWatch watch;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * @param newLimiter a new limiter for a partition, made the first time a request of it comes; it answers at once
     *     (this filter does the waiting)
     * @param maxWait the longest a write waits for a permit before it is shed; 0 sheds it at once
     * @param backlog the most writes of one partition waiting at once; one more is shed at once
     * @param nanoTime the clock the waits are read on, in nanoseconds ({@link System#nanoTime()} in the service)
     */
    public AdmissionControl(
            Function<String, Limiter<Void>> newLimiter,
            Duration maxWait,
            int backlog,
            Shed shed,
            PermitWaits waits,
            BacklogWatch watch,
            LongSupplier nanoTime) {
        this.newLimiter = newLimiter;
        this.maxWaitNanos = maxWait.toNanos();
        this.backlogCapacity = backlog;
        this.shed = shed;
        this.waits = waits;
        this.watch = watch;
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

    /** An admitted waiter comes back as an asynchronous dispatch: this filter serves it with its permit. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            if (request.getAttribute(ADMITTED) instanceof Admitted admitted) {
                request.removeAttribute(ADMITTED);
                serve(admitted.partition(), admitted.permit(), request, response, chain);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        Optional<String> name = partition(request.getMethod(), request.getRequestURI());
        if (name.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Partition partition = partitions.computeIfAbsent(name.get(), this::newPartition);
        long asked = nanoTime.getAsLong();
        Optional<Limiter.Listener> permit = partition.limiter().acquire(null);
        if (permit.isPresent()) {
            waits.waited(partition.name(), true, nanoTime.getAsLong() - asked);
            serve(partition, permit.get(), request, response, chain);
        } else if (maxWaitNanos == 0
                || !request.isAsyncSupported()
                || !partition.backlog().reserve()) {
            waits.waited(partition.name(), false, nanoTime.getAsLong() - asked);
            shed.shed(partition.name(), request, response);
        } else {
            suspend(partition, request, response, asked);
        }
    }

    private Partition newPartition(String name) {
        AdmissionBacklog backlog = new AdmissionBacklog(backlogCapacity);
        watch.watch(name, backlog::size);
        return new Partition(name, newLimiter.apply(name), backlog);
    }

    /** Puts a write that found no permit into the backlog, where {@link AdmissionBacklog#reserve} made room for it. */
    private void suspend(Partition partition, HttpServletRequest request, HttpServletResponse response, long asked) {
        AsyncContext context;
        try {
            context = request.startAsync(request, response);
        } catch (IllegalStateException e) {
            partition.backlog().unreserve();
            throw e;
        }
        context.setTimeout(0); // the shedder bounds the wait, not the container
        AdmissionBacklog.Waiter waiter = new AdmissionBacklog.Waiter(context, asked);
        context.addListener(new GoneWhileWaiting(partition.backlog(), waiter));
        partition.backlog().add(waiter);
        // A permit released between this write's acquire and its add found no one to admit: look again.
        admitWaiting(partition);
    }

    private void serve(
            Partition partition,
            Limiter.Listener permit,
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain)
            throws ServletException, IOException {
        boolean answered = false;
        try {
            chain.doFilter(request, response);
            answered = true;
        } finally {
            if (!answered) {
                permit.onIgnore();
            } else if (response.getStatus() == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                permit.onDropped();
            } else {
                permit.onSuccess();
            }
            admitWaiting(partition);
        }
    }

    /** Gives the permits free now to the newest waiters, each dispatched again by the container with its permit. */
    private void admitWaiting(Partition partition) {
        while (partition.backlog().size() > 0) {
            Optional<Limiter.Listener> permit = partition.limiter().acquire(null);
            if (permit.isEmpty()) {
                return;
            }
            AdmissionBacklog.Waiter waiter = partition.backlog().takeNewest();
            if (waiter == null) {
                permit.get().onIgnore();
                return;
            }
            waits.waited(partition.name(), true, nanoTime.getAsLong() - waiter.askedNanos());
            try {
                waiter.context().getRequest().setAttribute(ADMITTED, new Admitted(partition, permit.get()));
                waiter.context().dispatch();
            } catch (IllegalStateException gone) {
                // The request ended meanwhile (its connection failed): nothing to serve, the permit goes back.
                permit.get().onIgnore();
            }
        }
    }

    /**
     * Sheds every write that has waited {@code maxWait} or longer for a permit, in every partition: answers it through
     * {@code shed} and ends its request. Called every few milliseconds by one platform thread, so that a shed needs no
     * carrier thread of the requests it is shedding; returns how many it shed.
     */
    public int shedExpired() {
        int count = 0;
        for (Partition partition : partitions.values()) {
            long now;
            AdmissionBacklog.Waiter waiter;
            while ((waiter = partition.backlog().takeExpired(now = nanoTime.getAsLong(), maxWaitNanos)) != null) {
                waits.waited(partition.name(), false, now - waiter.askedNanos());
                AsyncContext context = waiter.context();
                try {
                    shed.shed(partition.name(), (HttpServletRequest) context.getRequest(), (HttpServletResponse)
                            context.getResponse());
                } catch (IOException | ServletException | RuntimeException e) {
                    log.debug("A shed write's answer could not be written (the buyer went away?)", e);
                } finally {
                    context.complete();
                }
                count++;
            }
        }
        return count;
    }

    /** Takes a waiter out of the backlog when its request fails or times out while it waits (the buyer went away). */
    private record GoneWhileWaiting(AdmissionBacklog backlog, AdmissionBacklog.Waiter waiter) implements AsyncListener {

        @Override
        public void onError(AsyncEvent event) {
            if (backlog.take(waiter)) {
                waiter.context().complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            onError(event);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // Admitted, shed or gone: already out of the backlog.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Never restarted.
        }
    }
}
