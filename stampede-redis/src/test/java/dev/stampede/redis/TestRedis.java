package dev.stampede.redis;

import dev.stampede.devservers.EmbeddedRedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * The Redis the tests run against: the server at {@code STAMPEDE_TEST_REDIS_URL} when set (CI starts a real
 * {@code redis-server}), else one embedded server per test JVM. In CI ({@code CI=true}) the URL is required: the tests
 * fail rather than quietly fall back.
 */
final class TestRedis {

    static final String URL_VARIABLE = "STAMPEDE_TEST_REDIS_URL";

    private static final String URL = resolveUrl();
    private static final StatefulRedisConnection<String, String> CONNECTION = connect();

    private TestRedis() {}

    static StatefulRedisConnection<String, String> connection() {
        return CONNECTION;
    }

    /**
     * Connects {@code client} so that while its server is unreachable each command fails at once (as the service's
     * connection does) rather than waiting in a queue; a command times out after 2 seconds.
     */
    static StatefulRedisConnection<String, String> connectRejectingWhileDown(RedisClient client) {
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        StatefulRedisConnection<String, String> connected = client.connect();
        connected.setTimeout(Duration.ofSeconds(2));
        return connected;
    }

    /** The URL of the server {@link #connection()} is connected to. */
    static String url() {
        return URL;
    }

    private static String resolveUrl() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return url;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + URL_VARIABLE
                    + " is not set: CI must run the Redis tests against a real" + " redis-server (see .ci/run)");
        }
        EmbeddedRedisServer server = EmbeddedRedisServer.start(0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return server.url();
    }

    private static StatefulRedisConnection<String, String> connect() {
        RedisClient client = RedisClient.create(URL);
        Runtime.getRuntime().addShutdownHook(new Thread(client::shutdown));
        return client.connect();
    }
}
