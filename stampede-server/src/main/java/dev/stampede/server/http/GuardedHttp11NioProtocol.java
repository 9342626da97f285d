package dev.stampede.server.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's NIO HTTP/1.1 protocol with two guards Tomcat does not have, against connections that hold a server without
 * ever finishing a request (slowloris), and a release of the memory its caches keep after a burst of connections:
 *
 * <ul>
 *   <li>a deadline on a request's head: from its first byte to the end of its headers. Tomcat's
 *       {@code connectionTimeout} only bounds the silence between two reads, so a client sending a header byte every
 *       few seconds holds its connection for ever. A head still incomplete after {@link ConnectorPolicy#headerTimeout()}
 *       is answered 408 {@code request-timeout} (RFC 9110, section 15.5.9) and its connection closed;
 *   <li>a cap on the open connections of one client address ({@link GuardedNioEndpoint});
 *   <li>Tomcat's cached request processors and socket buffers, kept for the next burst, and the heap that holds
 *       them are released when the connector is quiet again ({@link ConnectorPolicy#idleReleaseAfter()}).
 * </ul>
 *
 * <p>Tomcat creates the protocol from its class name, hence public with a public constructor; {@link HttpConfig}
 * selects and configures it. The deadline is checked by a periodic sweep on Tomcat's utility executor over the open
 * connections: a connection waiting for the rest of its head has its request processor parked on it, with the time of
 * the request's first byte. The sweep takes the connection's lock without waiting (a worker that is reading from it
 * holds the lock, and the next sweep looks again), so it never races Tomcat's own processing.
 */
public class GuardedHttp11NioProtocol extends Http11NioProtocol {

    private static final Logger log = LoggerFactory.getLogger(GuardedHttp11NioProtocol.class);

    private final GuardedNioEndpoint endpoint;
    private volatile ConnectorPolicy policy = ConnectorPolicy.NONE;
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
    private boolean busySinceRelease;

    public GuardedHttp11NioProtocol() {
        this(new GuardedNioEndpoint());
    }

    private GuardedHttp11NioProtocol(GuardedNioEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        endpoint.setHandler(new ReleaseListener<>(endpoint.getHandler(), endpoint::released));
    }

    /** The connections open now (for tests: a connection whose head is incomplete has its processor parked on it). */
    Set<SocketWrapperBase<NioChannel>> openConnections() {
        return endpoint.getConnections();
    }

    /** Sets what the connector enforces; before it starts. */
    void policy(ConnectorPolicy policy) {
        this.policy = policy;
        endpoint.policy(policy);
    }

    @Override
    public void start() throws Exception {
        super.start();
        every(policy.headerTimeout().isPositive() ? policy.sweepPeriod() : Duration.ZERO, this::expireLateHeads);
        every(policy.idleReleaseAfter(), this::releaseAfterBurst);
    }

    @Override
    public void stop() throws Exception {
        schedules.forEach(schedule -> schedule.cancel(false));
        schedules.clear();
        super.stop();
    }

    /** Runs {@code task} on Tomcat's utility executor every {@code period} (never if zero), surviving its failures. */
    private void every(Duration period, Runnable task) {
        if (period.isPositive()) {
            Runnable guarded = () -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // a scheduled task that throws is never run again: log, and run at the next period
                    log.warn("Connector task failed", e);
                }
            };
            schedules.add(getUtilityExecutor()
                    .scheduleWithFixedDelay(guarded, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Gives back the memory a burst of connections left behind once the connector is quiet again: Tomcat keeps a
     * request processor (about 100 KiB) and a pair of socket buffers (16 KiB) for every connection of the burst, ready
     * for the next one (1.5 GiB after a flash sale's 15,000 connections), and the heap that held them stays committed,
     * since an idle JVM does not collect. At the first quiet period after a busy one (more than
     * {@link ConnectorPolicy#QUIET_CONNECTIONS} open at once), the caches are emptied and one full collection is asked
     * for, after which G1 returns the free heap to the system. While the connector is busy the caches stay, and a new
     * burst finds them.
     */
    private void releaseAfterBurst() {
        if (endpoint.takePeak() > ConnectorPolicy.QUIET_CONNECTIONS) {
            busySinceRelease = true;
        } else if (busySinceRelease) {
            busySinceRelease = false;
            getHandler().recycle();
            endpoint.releaseChannelCache();
            System.gc();
        }
    }

    private void expireLateHeads() {
        long startedBefore = System.nanoTime() - policy.headerTimeout().toNanos();
        for (SocketWrapperBase<NioChannel> connection : endpoint.getConnections()) {
            if (headStartedBefore(connection, startedBefore)) {
                expire(connection, startedBefore);
            }
        }
    }

    /**
     * Whether the connection is waiting for the rest of a request head that began before {@code startedBefore}
     * ({@link System#nanoTime()}). Tomcat parks an HTTP/1.1 processor on a connection between two reads only while
     * the request line or the headers are incomplete, or while the request is asynchronous or upgraded (never here:
     * the API is synchronous, but they are excluded all the same); a request's start is its first byte.
     */
    private static boolean headStartedBefore(SocketWrapperBase<?> connection, long startedBefore) {
        if (!(connection.getCurrentProcessor() instanceof Http11Processor processor)
                || processor.isAsync()
                || processor.isUpgrade()) {
            return false;
        }
        long started = processor.getRequest().getStartTimeNanos();
        return started != -1 && started - startedBefore < 0;
    }

    private void expire(SocketWrapperBase<NioChannel> connection, long startedBefore) {
        ReentrantLock lock = connection.getLock();
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (connection.isClosed() || !headStartedBefore(connection, startedBefore)) {
                return;
            }
            policy.counts().headTimedOut();
            policy.requestTimeout().sendTo(connection.getSocket().getIOChannel());
            connection.close();
        } finally {
            lock.unlock();
        }
    }

    /** The endpoint's handler, telling {@code onRelease} about every connection it releases (once per connection). */
    private record ReleaseListener<S>(AbstractEndpoint.Handler<S> handler, Consumer<SocketWrapperBase<S>> onRelease)
            implements AbstractEndpoint.Handler<S> {

        @Override
        public SocketState process(SocketWrapperBase<S> socket, SocketEvent status) {
            return handler.process(socket, status);
        }

        @Override
        public Object getGlobal() {
            return handler.getGlobal();
        }

        @Override
        public void release(SocketWrapperBase<S> socket) {
            try {
                handler.release(socket);
            } finally {
                onRelease.accept(socket);
            }
        }

        @Override
        public void pause() {
            handler.pause();
        }

        @Override
        public void recycle() {
            handler.recycle();
        }
    }
}
