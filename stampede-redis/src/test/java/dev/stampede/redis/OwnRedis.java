package dev.stampede.redis;

import dev.stampede.devservers.EmbeddedRedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.time.Duration;

/**
 * A Redis server a test owns, to stop and start again (empty, on the same port), with a connection that fails each
 * command at once while the server is down (as the service's does) and reconnects when it is back.
 */
final class OwnRedis implements AutoCloseable {

    private EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
    private final int port = URI.create(server.url()).getPort();
    private final RedisClient client = RedisClient.create(server.url());
    private final StatefulRedisConnection<String, String> connection;

    OwnRedis() {
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        connection = client.connect();
        connection.setTimeout(Duration.ofSeconds(2));
    }

    StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    void stop() {
        server.close();
    }

    /** Starts the server again, empty, on its port. */
    void start() {
        server = EmbeddedRedisServer.start(port);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        server.close();
    }
}
