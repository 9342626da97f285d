package dev.stampede.server.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.kafka.*}: the broker the checkout events are relayed to, the relay and the
 * fulfilment consumer. Bad values stop the start-up with a message naming the setting.
 *
 * @param enabled false: no broker, no relay, no consumer; the saga's events stay in the outbox, unpublished
 * @param bootstrapServers {@code host:port,...} of a Kafka cluster; blank: a single-node broker is started in this
 *     process (embedded KRaft, {@code logDir}, {@code embeddedPort})
 * @param logDir where the embedded broker keeps its log across restarts; default: beside the embedded PostgreSQL's
 *     data directory ({@code stampede.data-dir} + {@code -kafka}, e.g. {@code ~/.stampede/pgdata-kafka}), or, with an
 *     external database (perhaps shared by several instances), a temporary directory deleted when the service stops
 * @param embeddedPort the embedded broker's port on 127.0.0.1; 0 picks a free one
 * @param topic the topic of the checkout events (created on first use by the embedded broker; an external cluster must
 *     have it or create topics automatically)
 * @param consumerGroup the fulfilment consumer's group: every instance joins it, and each event goes to one of them
 * @param poolSize connections of the outbox's own pool (the relay and the fulfilment consumer), apart from the pool
 *     of requests ({@code stampede.db.pool-size}), so that a burst of requests holding every connection of that one
 *     does not hold the events up
 * @param relayBatch events the relay publishes per transaction (2,000: in every pair of {@code bench relay} runs of
 *     stop 26, 1.05-1.74x the events/s of 500)
 * @param relayInterval how often the relay looks for new events when the outbox was drained
 * @param relayMaxBackoff the longest wait of the relay's back-off after the broker or the database failed; also the
 *     fulfilment consumer's wait before it takes again a batch it could not apply
 * @param publishTimeout how long one batch may wait for the broker's acknowledgements before the relay gives it up
 */
@ConfigurationProperties("stampede.kafka")
public record KafkaProperties(
        @DefaultValue("true") boolean enabled,
        String bootstrapServers,
        Path logDir,
        @DefaultValue("0") int embeddedPort,
        @DefaultValue("stampede.checkout-events") String topic,
        @DefaultValue("stampede-fulfilment") String consumerGroup,
        @DefaultValue("2") int poolSize,
        @DefaultValue("2000") int relayBatch,
        @DefaultValue("50ms") Duration relayInterval,
        @DefaultValue("5s") Duration relayMaxBackoff,
        @DefaultValue("10s") Duration publishTimeout) {

    public KafkaProperties {
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new IllegalArgumentException(
                    "stampede.kafka.embedded-port must be a port number, was " + embeddedPort);
        }
        if (topic.isBlank()) {
            throw new IllegalArgumentException("stampede.kafka.topic must not be blank");
        }
        if (consumerGroup.isBlank()) {
            throw new IllegalArgumentException("stampede.kafka.consumer-group must not be blank");
        }
        if (poolSize < 1 || poolSize > 50) {
            throw new IllegalArgumentException("stampede.kafka.pool-size must be between 1 and 50, was " + poolSize);
        }
        if (relayBatch < 1 || relayBatch > 10_000) {
            throw new IllegalArgumentException(
                    "stampede.kafka.relay-batch must be between 1 and 10000, was " + relayBatch);
        }
        if (relayInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "stampede.kafka.relay-interval must be at least 1ms, was " + relayInterval);
        }
        if (relayMaxBackoff.compareTo(relayInterval) < 0) {
            throw new IllegalArgumentException("stampede.kafka.relay-max-backoff must be at least"
                    + " stampede.kafka.relay-interval (" + relayInterval + "), was " + relayMaxBackoff);
        }
        if (publishTimeout.toMillis() < 2000) {
            throw new IllegalArgumentException(
                    "stampede.kafka.publish-timeout must be at least 2s, was " + publishTimeout);
        }
    }

    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }
}
