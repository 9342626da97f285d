package dev.stampede.server.config;

import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.kv.JdbcKvStores;
import dev.stampede.server.kv.KeyValues;
import dev.stampede.server.kv.KvMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the key-value store with revisions behind {@code /api/kv} (PostgreSQL only). */
@Configuration(proxyBeanMethods = false)
class KvConfig {

    /** Depends on the migration so that no request reaches tables that are not there yet. */
    @Bean
    KeyValues keyValues(FlywayMigrationInitializer migrated, Transactions transactions, MeterRegistry meters) {
        return new KeyValues(JdbcKvStores.kv(transactions), new KvMetrics(meters));
    }
}
