package dev.stampede.devservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis 6.2 server run from the binary on the classpath, on loopback, without persistence (holds are
 * short-lived; bookings are durable in PostgreSQL). The server ends with the JVM that started it, even when that JVM is
 * killed with -9 (a {@link Lifeline} sends it SIGTERM), so that its port is free for the next start.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer server;
    private final int port;
    private final Path pidFile;
    private final Lifeline lifeline;

    private EmbeddedRedisServer(RedisServer server, int port, Path pidFile, Lifeline lifeline) {
        this.server = server;
        this.port = port;
        this.pidFile = pidFile;
        this.lifeline = lifeline;
    }

    /** Starts the server; {@code port} 0 picks a free port. */
    public static EmbeddedRedisServer start(int port) {
        int chosen = port == 0 ? LoopbackPorts.free() : port;
        try {
            // Redis writes its process id there once configured, daemon or not; the lifeline needs it.
            Path pidFile = Files.createTempFile("stampede-redis-", ".pid");
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(chosen)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory-policy noeviction")
                    .setting("pidfile " + pidFile)
                    .build();
            server.start();
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return new EmbeddedRedisServer(server, chosen, pidFile, Lifeline.watch(pid, Lifeline.Signal.TERM));
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
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded Redis", e);
        } finally {
            lifeline.close();
        }
    }
}
