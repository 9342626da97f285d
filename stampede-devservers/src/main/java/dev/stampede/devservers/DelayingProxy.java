package dev.stampede.devservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy on 127.0.0.1 that adds a fixed one-way delay to every byte in each direction, to simulate the network
 * between two regions on one machine (where {@code tc netem} is not available: this kernel has no {@code sch_netem}).
 * A request through it and its answer arrive at least {@code 2 × delay} after the request was sent: one round trip of
 * {@code 2 × delay}. The delay is the library's, NetCrusher's ({@code com.github.netcrusherorg:netcrusher-core}): every
 * buffer read from one side is written to the other {@code delay} after it was read, in order, so pipelined requests
 * are each delayed once (as by a long cable), not one after another. The proxy's reactor ticks every millisecond, so a
 * buffer may wait up to about a millisecond more. The delay may be changed while connections are open ({@link
 * #setDelay}): each buffer read afterwards waits the new one (a bench runs the same connections with and without the
 * network's delay); change it while no bytes are in flight, or a buffer may overtake one read before it.
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
    private final AtomicLong delayNanos;

    private DelayingProxy(NioReactor reactor, TcpCrusher crusher, AtomicLong delayNanos) {
        this.reactor = reactor;
        this.crusher = crusher;
        this.delayNanos = delayNanos;
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
        AtomicLong nanos = new AtomicLong(nonNegative(delay).toNanos());
        Throttler delaying = buffer -> nanos.get();
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
                    .withIncomingThrottlerFactory(client -> delaying)
                    .withOutgoingThrottlerFactory(client -> delaying)
                    .buildAndOpen();
            return new DelayingProxy(reactor, crusher, nanos);
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

    /** The delay added to each direction now. */
    public Duration delay() {
        return Duration.ofNanos(delayNanos.get());
    }

    /**
     * Adds {@code delay} to each direction from now on, to the buffers read from now on.
     *
     * @throws IllegalArgumentException if the delay is negative
     */
    public void setDelay(Duration delay) {
        delayNanos.set(nonNegative(delay).toNanos());
    }

    private static Duration nonNegative(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        return delay;
    }

    /**
     * Cuts the link, as a network partition does: from now on no byte crosses the proxy either way and no new
     * connection is accepted, but nothing is closed (the peers see silence, not a reset: a client's command waits for
     * its own timeout). What is sent meanwhile waits in the proxy's buffers and sockets and is delivered, in order, once
     * {@link #heal()} is called, as TCP delivers it once a partition heals. NetCrusher's {@code freeze()}.
     */
    public void partition() {
        crusher.freeze();
    }

    /** Ends a {@link #partition()}: bytes flow again, those held back first. */
    public void heal() {
        crusher.unfreeze();
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
