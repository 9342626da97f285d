package dev.stampede.server.config;

import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.transfer.JdbcTransferStores;
import dev.stampede.jdbc.transfer.JdbcTransferStrategies;
import dev.stampede.server.jobs.PeriodicJob;
import dev.stampede.server.transfer.Transfers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires accounts and transfers, and settles reservations left behind by a process that died mid-transfer. */
@Configuration(proxyBeanMethods = false)
class TransfersConfig {

    private static final Logger log = LoggerFactory.getLogger(TransfersConfig.class);

    @Bean
    JdbcTransferStrategies transferStrategies(
            FlywayMigrationInitializer migrated,
            Transactions transactions,
            Clock clock,
            StampedeProperties properties) {
        return new JdbcTransferStrategies(
                transactions, clock, properties.transfers().settings());
    }

    @Bean
    Transfers transfers(
            Transactions transactions,
            Clock clock,
            JdbcTransferStrategies strategies,
            StampedeProperties properties,
            MeterRegistry meters) {
        return new Transfers(
                JdbcTransferStores.accounts(transactions, clock),
                strategies.all(),
                properties.transfers().strategy(),
                meters);
    }

    /** Every 30 s: settles reservations older than {@code stampede.transfers.settle-reservations-after}. */
    @Bean
    PeriodicJob settleReservations(JdbcTransferStrategies strategies, Clock clock, StampedeProperties properties) {
        return new PeriodicJob("settle-reservations", Duration.ofSeconds(30), () -> {
            int settled =
                    strategies.settleStaleReservations(properties.transfers().settleReservationsAfter(), clock);
            if (settled > 0) {
                log.warn("Settled {} transfer reservations left behind by an interrupted transfer", settled);
            }
        });
    }
}
