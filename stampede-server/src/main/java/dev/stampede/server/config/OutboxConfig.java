package dev.stampede.server.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.core.outbox.OutboxRelay;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.core.outbox.OutboxStore;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.devservers.EmbeddedKafkaBroker;
import dev.stampede.jdbc.outbox.JdbcOutbox;
import dev.stampede.kafka.KafkaEventConsumer;
import dev.stampede.kafka.KafkaEventPublisher;
import dev.stampede.server.checkout.Fulfilment;
import dev.stampede.server.checkout.OutboxRelayJob;
import dev.stampede.server.jobs.PeriodicJob;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the outbox's way out (issue 14 item 4): the Kafka broker (embedded unless {@code stampede.kafka.bootstrap-servers}
 * names one), the relay from the outbox table to the topic, and the fulfilment consumer, both on a small connection
 * pool of their own. Off with {@code stampede.kafka.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "stampede.kafka.enabled", matchIfMissing = true)
class OutboxConfig {

    /** The qualifier of the outbox's own pool ({@link DedicatedPool}). */
    static final String OUTBOX_CONNECTIONS = "outbox-connections";

    private static final Logger log = LoggerFactory.getLogger(OutboxConfig.class);

    /**
     * The broker's address; the embedded broker when this process started one (else null), and its log directory when
     * that is temporary (deleted at close; else null).
     */
    record KafkaBroker(String bootstrapServers, EmbeddedKafkaBroker embedded, Path temporaryLog)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
            if (temporaryLog != null) {
                Utils.delete(temporaryLog.toFile());
            }
        }
    }

    @Bean(destroyMethod = "close")
    KafkaBroker kafkaBroker(KafkaProperties properties, StampedeProperties stampede) throws IOException {
        if (!properties.embedded()) {
            return new KafkaBroker(properties.bootstrapServers(), null, null);
        }
        Path temporaryLog = null;
        Path logDir = properties.logDir();
        if (logDir == null && stampede.db().embedded()) {
            logDir = stampede.dataDir().resolveSibling(stampede.dataDir().getFileName() + "-kafka");
        } else if (logDir == null) {
            temporaryLog = Files.createTempDirectory("stampede-kafka-");
            logDir = temporaryLog;
            log.warn("Embedded Kafka broker in a temporary directory (an external database may be shared by several"
                    + " instances): events it holds are gone when this process stops; set stampede.kafka.log-dir, or"
                    + " stampede.kafka.bootstrap-servers for a cluster every instance shares");
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, properties.embeddedPort());
        log.info("Embedded Kafka broker started at {} with its log in {}", broker.bootstrapServers(), logDir);
        return new KafkaBroker(broker.bootstrapServers(), broker, temporaryLog);
    }

    @Bean(destroyMethod = "close")
    KafkaEventPublisher eventPublisher(KafkaBroker broker, KafkaProperties properties) {
        return new KafkaEventPublisher(broker.bootstrapServers(), properties.topic(), properties.publishTimeout());
    }

    /**
     * The outbox's own connections, for the relay and the fulfilment consumer, apart from the pool that serves
     * requests: under a burst of buyers every connection of that pool is taken and hundreds of requests queue for the
     * next one, and a relay queued among them let events wait seconds (the lag p99 of 20.6 s of issue 14's first
     * checkout bench). {@code stampede.kafka.pool-size} connections.
     */
    @Bean(destroyMethod = "close")
    @Qualifier(OUTBOX_CONNECTIONS)
    DedicatedPool outboxConnections(HikariDataSource main, KafkaProperties properties) {
        return DedicatedPool.beside(main, "stampede-outbox", properties.poolSize());
    }

    @Bean
    OutboxRelayJob outboxRelayJob(
            FlywayMigrationInitializer migrated,
            @Qualifier(OUTBOX_CONNECTIONS) DedicatedPool connections,
            Clock clock,
            KafkaEventPublisher publisher,
            OutboxSignal committed,
            KafkaProperties properties,
            MeterRegistry meters) {
        OutboxStore outbox = JdbcOutbox.outbox(connections.transactions(), clock);
        return new OutboxRelayJob(
                new OutboxRelay(outbox, publisher, properties.relayBatch(), OutboxRelay.PublishedHook.NONE),
                outbox,
                committed,
                properties.relayInterval(),
                clock,
                new RetryPolicy(1, properties.relayInterval(), properties.relayMaxBackoff()),
                meters);
    }

    /**
     * Publishes the outbox's events as soon as they are committed here, else every {@code relay-interval}; backs off
     * while the broker or the database is down. The run itself waits ({@link OutboxRelayJob#awaitEventsThenRun}), so
     * the scheduler's own delay between runs is the least it allows. On a platform thread of its own, so that a burst
     * of buyers on the virtual threads does not hold it up between its round trips.
     */
    @Bean
    PeriodicJob outboxRelay(OutboxRelayJob job) {
        return new PeriodicJob("outbox-relay", Duration.ofMillis(1), job::awaitEventsThenRun, true);
    }

    @Bean
    Fulfilment fulfilment(
            FlywayMigrationInitializer migrated,
            @Qualifier(OUTBOX_CONNECTIONS) DedicatedPool connections,
            Clock clock,
            MeterRegistry meters) {
        return new Fulfilment(JdbcOutbox.fulfilment(connections.transactions(), clock), meters);
    }

    @Bean(destroyMethod = "close")
    KafkaEventConsumer fulfilmentConsumer(KafkaBroker broker, Fulfilment fulfilment, KafkaProperties properties) {
        return KafkaEventConsumer.start(
                broker.bootstrapServers(),
                properties.topic(),
                properties.consumerGroup(),
                fulfilment,
                properties.relayMaxBackoff());
    }
}
