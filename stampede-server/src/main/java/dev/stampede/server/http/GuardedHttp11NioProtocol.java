package dev.stampede.server.http;

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
 * ever finishing a request (slowloris):
 *
 * <ul>
 *   <li>a deadline on a request's head: from its first byte to the end of its headers. Tomcat's
 *       {@code connectionTimeout} only bounds the silence between two reads, so a client sending a header byte every
 *       few seconds holds its connection for ever. A head still incomplete after {@link ConnectionGuard#headerTimeout()}
 *       is answered 408 {@code request-timeout} (RFC 9110, section 15.5.9) and its connection closed;
 *   <li>a cap on the open connections of one client address ({@link AddressCappedNioEndpoint}).
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

    private final AddressCappedNioEndpoint endpoint;
    private volatile ConnectionGuard guard = ConnectionGuard.NONE;
    private ScheduledFuture<?> sweeps;

    public GuardedHttp11NioProtocol() {
        this(new AddressCappedNioEndpoint());
    }

    private GuardedHttp11NioProtocol(AddressCappedNioEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        endpoint.setHandler(new ReleaseListener<>(endpoint.getHandler(), endpoint::released));
    }

    /** Sets what the guards enforce; before the connector starts. */
    void guard(ConnectionGuard guard) {
        this.guard = guard;
        endpoint.guard(guard);
    }

    @Override
    public void start() throws Exception {
        super.start();
        if (guard.headerTimeout().isPositive()) {
            long period = guard.sweepPeriod().toMillis();
            sweeps = getUtilityExecutor()
                    .scheduleWithFixedDelay(this::expireLateHeads, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() throws Exception {
        if (sweeps != null) {
            sweeps.cancel(false);
        }
        super.stop();
    }

    private void expireLateHeads() {
        try {
            long startedBefore = System.nanoTime() - guard.headerTimeout().toNanos();
            for (SocketWrapperBase<NioChannel> connection : endpoint.getConnections()) {
                if (headStartedBefore(connection, startedBefore)) {
                    expire(connection, startedBefore);
                }
            }
        } catch (RuntimeException e) {
            // a failed sweep must not cancel the next ones (a scheduled task that throws is never run again)
            log.warn("Sweep of late request heads failed", e);
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
            guard.counts().headTimedOut();
            guard.requestTimeout().sendTo(connection.getSocket().getIOChannel());
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
