package dev.stampede.devservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.DelayThrottler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy on 127.0.0.1 that adds a fixed one-way delay to every byte in each direction, to simulate the network
 * between two regions on one machine (where {@code tc netem} is not available: this kernel has no {@code sch_netem}).
 * A request through it and its answer arrive at least {@code 2 × delay} after the request was sent: one round trip of
 * {@code 2 × delay}. The delay is the library's, NetCrusher's ({@code com.github.netcrusherorg:netcrusher-core}): every
 * buffer read from one side is written to the other {@code delay} after it was read, in order, so pipelined requests
 * are each delayed once (as by a long cable), not one after another. The proxy's reactor ticks every millisecond, so a
 * buffer may wait up to about a millisecond more.
 *
 * <p>Each accepted connection opens one to {@code target}; closing either side closes the other. {@link #close()} stops
 * listening and closes every connection.
 */
public final class DelayingProxy implements AutoCloseable {

    /** The reactor's scheduling tick: the delay's resolution. */
    private static final long TICK_MS = 1;
    /** Buffers a direction of one connection may hold in flight (each {@value #BUFFER_SIZE} bytes). */
    private static final int BUFFER_COUNT = 256;

    private static final int BUFFER_SIZE = 16 * 1024;

    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final Duration delay;

    private DelayingProxy(NioReactor reactor, TcpCrusher crusher, Duration delay) {
        this.reactor = reactor;
        this.crusher = crusher;
        this.delay = delay;
    }

    /**
     * Starts a proxy to {@code target} on a free loopback port.
     *
     * @param delay added to each direction (0 allowed: a plain proxy)
     * @throws IllegalArgumentException if the delay is negative
     * @throws UncheckedIOException if the proxy cannot listen
     */
    public static DelayingProxy start(InetSocketAddress target, Duration delay) {
        return start(LoopbackPorts.free(), target, delay);
    }

    /**
     * Starts a proxy to {@code target} listening on {@code 127.0.0.1:port}.
     *
     * @param delay added to each direction (0 allowed: a plain proxy)
     * @throws IllegalArgumentException if the delay is negative
     * @throws UncheckedIOException if the proxy cannot listen (the port is taken)
     */
    public static DelayingProxy start(int port, InetSocketAddress target, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        long nanos = delay.toNanos();
        NioReactor reactor;
        try {
            reactor = new NioReactor(TICK_MS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the proxy's reactor", e);
        }
        try {
            TcpCrusher crusher = TcpCrusherBuilder.builder()
                    .withReactor(reactor)
                    .withBindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .withConnectAddress(target)
                    .withTcpNoDelay(true)
                    .withBufferCount(BUFFER_COUNT)
                    .withBufferSize(BUFFER_SIZE)
                    .withIncomingThrottlerFactory(client -> new DelayThrottler(nanos, TimeUnit.NANOSECONDS))
                    .withOutgoingThrottlerFactory(client -> new DelayThrottler(nanos, TimeUnit.NANOSECONDS))
                    .buildAndOpen();
            return new DelayingProxy(reactor, crusher, delay);
        } catch (RuntimeException e) {
            reactor.close();
            throw e;
        }
    }

    /** Where clients connect: {@code 127.0.0.1} and the proxy's port. */
    public InetSocketAddress address() {
        return crusher.getBindAddress();
    }

    /** Where the proxy connects each client to. */
    public InetSocketAddress target() {
        return crusher.getConnectAddress();
    }

    /** The delay added to each direction. */
    public Duration delay() {
        return delay;
    }

    /** Clients connected through the proxy now. */
    public int connections() {
        return crusher.getClientAddresses().size();
    }

    /** Stops listening and closes every connection through the proxy. */
    @Override
    public void close() {
        try {
            crusher.close();
        } finally {
            reactor.close();
        }
    }
}
