package dev.stampede.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real Redis 6.2 server run from the binary on the classpath, on loopback, without persistence (holds are
 * short-lived; bookings are durable in PostgreSQL).
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts the server; {@code port} 0 picks a free port. */
    public static EmbeddedRedisServer start(int port) {
        int chosen = port == 0 ? freePort() : port;
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(chosen)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory-policy noeviction")
                    .build();
            server.start();
            return new EmbeddedRedisServer(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis on port " + chosen, e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded Redis", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
