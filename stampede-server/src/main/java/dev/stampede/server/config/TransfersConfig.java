package dev.stampede.server.config;

import dev.stampede.jdbc.SqlDialect;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.transfer.AccountStore;
import dev.stampede.jdbc.transfer.JdbcTransferStrategies;
import dev.stampede.server.transfer.Transfers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires accounts and transfers, and settles reservations left behind by a process that died mid-transfer. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class TransfersConfig {

    private static final Logger log = LoggerFactory.getLogger(TransfersConfig.class);

    @Bean
    JdbcTransferStrategies transferStrategies(
            FlywayMigrationInitializer migrated,
            Transactions transactions,
            Clock clock,
            StampedeProperties properties) {
        return new JdbcTransferStrategies(
                transactions,
                transactions.required(SqlDialect::of),
                clock,
                properties.transfers().settings());
    }

    @Bean
    Transfers transfers(
            Transactions transactions,
            Clock clock,
            JdbcTransferStrategies strategies,
            StampedeProperties properties,
            MeterRegistry meters) {
        return new Transfers(
                new AccountStore(transactions, clock),
                strategies,
                properties.transfers().strategy(),
                meters);
    }

    @Bean
    ReservationRecovery reservationRecovery(
            JdbcTransferStrategies strategies, Clock clock, StampedeProperties properties) {
        return new ReservationRecovery(strategies, clock, properties);
    }

    /** Every 30 s: settle reservations older than {@code stampede.transfers.settle-reservations-after}. */
    record ReservationRecovery(JdbcTransferStrategies strategies, Clock clock, StampedeProperties properties) {

        @Scheduled(fixedDelay = 30_000, initialDelay = 5_000)
        void settleStale() {
            try {
                int settled = strategies.settleStaleReservations(
                        properties.transfers().settleReservationsAfter(), clock);
                if (settled > 0) {
                    log.warn("Settled {} transfer reservations left behind by an interrupted transfer", settled);
                }
            } catch (RuntimeException e) {
                log.warn("Could not settle stale reservations now: {}", e.getMessage());
            }
        }
    }
}
