package dev.stampede.server.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.redis.*}: the Redis of the {@code redis} hold strategy.
 *
 * @param url a Redis server ({@code redis://host:port}); when blank, an embedded Redis is started
 * @param embeddedPort the embedded Redis's port (0: any free port)
 * @param keyPrefix the prefix of every key this service writes
 */
@ConfigurationProperties("stampede.redis")
public record RedisProperties(
        String url,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("stampede:") String keyPrefix) {

    public RedisProperties {
        if (url != null && !url.isBlank() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("stampede.redis.url must look like redis://host:port, was " + url);
        }
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new IllegalArgumentException(
                    "stampede.redis.embedded-port must be a port number, was " + embeddedPort);
        }
    }

    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
