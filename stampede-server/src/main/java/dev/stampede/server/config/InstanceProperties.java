package dev.stampede.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.instance.*}: how this service instance shows the database it is alive, so that the
 * idempotency claims of an instance that died are taken over at once and those of a live one never are (see {@code
 * InstanceLiveness}). Bad values stop the start-up with a message naming the setting.
 *
 * @param heartbeatInterval how often the instance shows it is alive and frees the keys its failed requests could not
 *     free while the database was unreachable
 * @param silenceLimit how long the database waits for a heartbeat before it presumes the instance dead (a stalled or
 *     cut-off process); an instance that exits or is killed is known dead at once
 */
@ConfigurationProperties("stampede.instance")
public record InstanceProperties(
        @DefaultValue("1s") Duration heartbeatInterval,
        @DefaultValue("10s") Duration silenceLimit) {

    public InstanceProperties {
        if (heartbeatInterval.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "stampede.instance.heartbeat-interval must be at least 100ms, was " + heartbeatInterval);
        }
        if (silenceLimit.compareTo(heartbeatInterval.multipliedBy(3)) < 0 || silenceLimit.toMillis() < 1_000) {
            throw new IllegalArgumentException("stampede.instance.silence-limit must be at least 1s and three"
                    + " heartbeat intervals (" + heartbeatInterval.multipliedBy(3) + "), was " + silenceLimit);
        }
    }
}
