package dev.stampede.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.service.MigratedPostgres;
import dev.stampede.devservers.EmbeddedKafkaBroker;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code bench relay}'s measurement: the service's relay drains a pre-filled outbox to a real broker, audited. */
class RelayThroughputTest {

    @Test
    void twoRelaysDrainAPreFilledOutboxAndEveryEventArrivesOnceInItsCheckoutsOrder() throws Exception {
        try (MigratedPostgres postgres = new MigratedPostgres(4);
                EmbeddedKafkaBroker broker =
                        EmbeddedKafkaBroker.start(Files.createTempDirectory("stampede-relay-bench-test"), 0)) {
            RelayThroughput bench = new RelayThroughput(postgres.database(), broker.bootstrapServers());

            RelayThroughput.Result first = bench.run(2_000, 100, 2);
            RelayThroughput.Result second = bench.run(400, 1_000, 1);

            assertThat(first.events()).isEqualTo(2_000);
            assertThat(first.received()).as("every event on the run's topic").isEqualTo(2_000);
            assertThat(first.outOfOrder()).isZero();
            assertThat(first.duplicates())
                    .as("only a batch the broker failed to acknowledge is published again")
                    .isLessThanOrEqualTo(first.failedBatches() * first.batch());
            assertThat(first.passed()).isTrue();
            assertThat(first.seconds()).isPositive();
            assertThat(first.brokerShare()).isBetween(0.0, 1.0);
            assertThat(second.received())
                    .as("a second run publishes its own events only, on a topic of its own")
                    .isEqualTo(400);
            assertThat(second.passed()).isTrue();
        }
    }
}
