package dev.stampede.server.config;

import dev.stampede.core.hold.HoldStrategy;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.hold.JdbcHoldStrategies;
import dev.stampede.jdbc.hold.ShowStore;
import dev.stampede.server.hold.HoldMetrics;
import dev.stampede.server.hold.HoldSweeper;
import dev.stampede.server.hold.Holds;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires shows, seat holds and their strategies. */
@Configuration(proxyBeanMethods = false)
class HoldsConfig {

    /** Depends on the migration so that no request reaches tables that are not there yet. */
    @Bean
    Holds holds(
            FlywayMigrationInitializer migrated,
            Transactions transactions,
            Clock clock,
            StampedeProperties properties,
            MeterRegistry meters) {
        List<HoldStrategy> strategies = new ArrayList<>(JdbcHoldStrategies.create(
                transactions, clock, properties.strategies().lockTimeout()));
        return new Holds(new ShowStore(transactions, clock), strategies, new HoldMetrics(meters));
    }

    @Bean(destroyMethod = "close")
    HoldSweeper holdSweeper(Holds holds, HoldProperties properties) {
        return new HoldSweeper(holds, properties.sweepInterval());
    }
}
