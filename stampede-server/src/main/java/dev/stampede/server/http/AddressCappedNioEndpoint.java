package dev.stampede.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint with a cap on the open connections of each client address. A connection over the cap is
 * answered at once, before anything is read from it, with the guard's canned refusal (a 503 problem with
 * {@code Retry-After}) and closed; it never reaches a request processor. Tomcat's own limit
 * ({@code server.tomcat.max-connections}) is global: one address could otherwise take every connection.
 *
 * <p>Counting: a connection is counted when it is accepted and uncounted when Tomcat releases it (the endpoint's
 * handler is wrapped for that) or destroys it before it was registered. Tomcat accepts on one thread, so the check
 * and the count cannot interleave with another accept.
 */
final class AddressCappedNioEndpoint extends NioEndpoint {

    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<SocketChannel, InetAddress> counted = new ConcurrentHashMap<>();
    private volatile ConnectionGuard guard = ConnectionGuard.NONE;

    void guard(ConnectionGuard guard) {
        this.guard = guard;
    }

    /** Open connections counted against {@code address}. */
    int connectionsOf(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        InetAddress address = remoteAddress(socket);
        if (address != null) {
            if (connectionsOf(address) >= guard.maxConnectionsPerAddress()) {
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

    private void uncount(SocketChannel socket) {
        InetAddress address = socket == null ? null : counted.remove(socket);
        if (address != null) {
            perAddress.computeIfPresent(address, (key, open) -> open > 1 ? open - 1 : null);
        }
    }

    /** Answers without blocking the accepting thread, and closes. */
    private void refuse(SocketChannel socket) {
        guard.counts().refused();
        guard.tooManyConnections().sendTo(socket);
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
