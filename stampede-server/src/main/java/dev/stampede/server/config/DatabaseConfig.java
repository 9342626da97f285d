package dev.stampede.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.devservers.EmbeddedPostgresServer;
import dev.stampede.jdbc.Transactions;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connection pool, on the configured database or on an embedded PostgreSQL started for it. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(StampedeProperties properties) {
        StampedeProperties.Db db = properties.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("stampede");
        config.setMaximumPoolSize(db.poolSize());
        config.setConnectionTimeout(db.connectionTimeout().toMillis());
        // PostgreSQL: send a batch of order inserts as multi-row INSERTs (batched strategy); others ignore it.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (db.embedded()) {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties.dataDir(), db.embeddedPort());
            log.info("Embedded PostgreSQL started at {} with data in {}", server.jdbcUrl(), properties.dataDir());
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.user());
            return new EmbeddedBackedDataSource(config, server);
        }
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        return new HikariDataSource(config);
    }

    @Bean
    Transactions transactions(DataSource dataSource) {
        return new Transactions(dataSource);
    }

    /** A pool that stops its embedded server after its last connection is closed. */
    private static final class EmbeddedBackedDataSource extends HikariDataSource {

        private final EmbeddedPostgresServer server;

        EmbeddedBackedDataSource(HikariConfig config, EmbeddedPostgresServer server) {
            super(config);
            this.server = server;
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                server.close();
            }
        }
    }
}
