package dev.stampede.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint with a cap on the open connections of each client address, a record of the most connections
 * open at once, and a way to empty its cache of socket buffers.
 *
 * <p>A connection over its address's cap is answered at once, before anything is read from it, with the policy's
 * refusal (503 {@code busy}, {@code Retry-After: 1}) and closed; it never reaches a request processor. Tomcat's own
 * limit ({@code server.tomcat.max-connections}) is global: one address could otherwise take every connection. A
 * connection is counted when it is accepted and uncounted when Tomcat releases it (the protocol wraps the endpoint's
 * handler for that) or destroys it before registering it. Tomcat accepts on one thread, so the check and the count
 * cannot interleave with another accept.
 */
final class GuardedNioEndpoint extends NioEndpoint {

    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<SocketChannel, InetAddress> counted = new ConcurrentHashMap<>();
    private final AtomicInteger peak = new AtomicInteger();
    private volatile ConnectorPolicy policy = ConnectorPolicy.NONE;

    void policy(ConnectorPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        peak.accumulateAndGet((int) getConnectionCount(), Math::max);
        InetAddress address = remoteAddress(socket);
        if (address != null) {
            if (perAddress.getOrDefault(address, 0) >= policy.maxConnectionsPerAddress()) {
                refuse(socket);
                return false;
            }
            counted.put(socket, address);
            perAddress.merge(address, 1, Integer::sum);
        }
        return super.setSocketOptions(socket);
    }

    @Override
    protected void destroySocket(SocketChannel socket) {
        uncount(socket);
        super.destroySocket(socket);
    }

    /** Called once for every connection Tomcat closes after registering it. */
    void released(SocketWrapperBase<NioChannel> wrapper) {
        NioChannel channel = wrapper.getSocket();
        if (channel != null) {
            uncount(channel.getIOChannel());
        }
    }

    /** The most connections open at once since the last call (at least as many as are open now). */
    int takePeak() {
        return peak.getAndSet((int) getConnectionCount());
    }

    /** Empties the cache of channels and their socket buffers (16 KiB each) kept for new connections. */
    void releaseChannelCache() {
        SynchronizedStack<NioChannel> cache = getNioChannels();
        if (cache != null) {
            for (NioChannel channel = cache.pop(); channel != null; channel = cache.pop()) {
                channel.free();
            }
        }
    }

    private void uncount(SocketChannel socket) {
        InetAddress address = socket == null ? null : counted.remove(socket);
        if (address != null) {
            perAddress.computeIfPresent(address, (key, open) -> open > 1 ? open - 1 : null);
        }
    }

    /** Answers without blocking the accepting thread, and closes. */
    private void refuse(SocketChannel socket) {
        policy.counts().refused();
        policy.tooManyConnections().sendTo(socket);
        destroySocket(socket);
    }

    private static InetAddress remoteAddress(SocketChannel socket) {
        try {
            return socket.getRemoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
