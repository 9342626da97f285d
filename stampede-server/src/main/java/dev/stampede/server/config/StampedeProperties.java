package dev.stampede.server.config;

import dev.stampede.core.adaptive.AdaptiveSettings;
import dev.stampede.core.retry.RetryPolicy;
import dev.stampede.jdbc.sale.StrategySettings;
import dev.stampede.jdbc.transfer.TransferSettings;
import dev.stampede.server.sale.Sales;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.*}. Bad values stop the start-up with a message naming the setting.
 *
 * @param adminToken the bearer token for admin endpoints; generated and printed at start-up when blank
 * @param allowUnsafe whether SKUs may be put on sale with the {@code unsafe} strategy
 * @param maxQuantity the largest quantity one purchase may ask for
 * @param maxBodyBytes the largest request body accepted
 * @param dataDir where the embedded PostgreSQL keeps its data when no database URL is given
 */
@ConfigurationProperties("stampede")
public record StampedeProperties(
        String adminToken,
        @DefaultValue("false") boolean allowUnsafe,
        @DefaultValue("100") int maxQuantity,
        @DefaultValue("16384") int maxBodyBytes,
        Path dataDir,
        @DefaultValue Db db,
        @DefaultValue Strategies strategies,
        @DefaultValue Transfers transfers) {

    public StampedeProperties {
        if (maxQuantity < 1 || maxQuantity > 1_000_000) {
            throw new IllegalArgumentException(
                    "stampede.max-quantity must be between 1 and 1000000, was " + maxQuantity);
        }
        if (maxBodyBytes < 256 || maxBodyBytes > 10_485_760) {
            throw new IllegalArgumentException(
                    "stampede.max-body-bytes must be between 256 and 10485760, was " + maxBodyBytes);
        }
        if (dataDir == null) {
            dataDir = Path.of(System.getProperty("user.home"), ".stampede", "pgdata");
        }
    }

    /**
     * The database. With no {@code url}, an embedded PostgreSQL is started on {@code embeddedPort} (0: any free port).
     */
    public record Db(
            String url,
            String user,
            String password,
            @DefaultValue("24") int poolSize,
            @DefaultValue("0") int embeddedPort,
            @DefaultValue("10s") Duration connectionTimeout) {

        public Db {
            if (poolSize < 1 || poolSize > 500) {
                throw new IllegalArgumentException("stampede.db.pool-size must be between 1 and 500, was " + poolSize);
            }
            if (embeddedPort < 0 || embeddedPort > 65_535) {
                throw new IllegalArgumentException(
                        "stampede.db.embedded-port must be a port number, was " + embeddedPort);
            }
            if (connectionTimeout.toMillis() < 250) {
                throw new IllegalArgumentException(
                        "stampede.db.connection-timeout must be at least 250ms, was " + connectionTimeout);
            }
        }

        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    /**
     * Account transfers: the strategy used when a request names none, the work time spent inside each transfer, and
     * how transfers wait and retry; see {@link TransferSettings}.
     */
    public record Transfers(
            @DefaultValue("conditional") String strategy,
            @DefaultValue("0ms") Duration work,
            @DefaultValue("100s") Duration maxWait,
            @DefaultValue("2ms") Duration baseDelay,
            @DefaultValue("100ms") Duration maxDelay,
            @DefaultValue("1m") Duration settleReservationsAfter) {

        /** The backoff's attempt cap is not used: {@code maxWait} bounds a transfer's retries. */
        private static final int UNCAPPED = 1_000;

        public TransferSettings settings() {
            return new TransferSettings(work, new RetryPolicy(UNCAPPED, baseDelay, maxDelay), maxWait);
        }
    }

    /**
     * How the strategies behave under contention; see {@link StrategySettings}. {@code maxInFlightPerSku} bounds the
     * purchases of one SKU inside a strategy whose buyers serialize on one row, {@code
     * maxInFlightPerSkuWithoutHotRow} inside one whose buyers do not (see {@link
     * dev.stampede.core.sale.PurchaseStrategy#serializesOnOneRow()}, {@link dev.stampede.core.sale.SkuTurns}); the
     * others wait for a turn, at most {@code turnWait}. {@code turnWait} is sized so that a buyer who waited it out
     * and then spent {@code lockTimeout} inside the strategy is still answered within a two-minute client time-out;
     * at the service rates of {@code lease} and {@code tokens} on two cores (about 200 purchases/s) it lets a
     * 10,000-unit flash sale sell out.
     */
    public record Strategies(
            @DefaultValue("30s") Duration lockTimeout,
            @DefaultValue("80s") Duration turnWait,
            @DefaultValue("8") int maxInFlightPerSku,
            @DefaultValue("16") int maxInFlightPerSkuWithoutHotRow,
            @DefaultValue("100") int optimisticMaxAttempts,
            @DefaultValue("2ms") Duration optimisticBaseDelay,
            @DefaultValue("100ms") Duration optimisticMaxDelay,
            @DefaultValue("20000") int batchQueueCapacity,
            @DefaultValue("500") int maxBatchSize,
            @DefaultValue Adaptive adaptive) {

        public Strategies {
            requireInFlightBound("max-in-flight-per-sku", maxInFlightPerSku);
            requireInFlightBound("max-in-flight-per-sku-without-hot-row", maxInFlightPerSkuWithoutHotRow);
            if (turnWait.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "stampede.strategies.turn-wait must be at least 1ms, was " + turnWait);
            }
        }

        private static void requireInFlightBound(String name, int value) {
            if (value < 1 || value > 1_000) {
                throw new IllegalArgumentException(
                        "stampede.strategies." + name + " must be between 1 and 1000, was " + value);
            }
        }

        /**
         * When the {@code adaptive} strategy switches a SKU between its optimistic and batched paths; see {@link
         * AdaptiveSettings} (which validates them, naming the setting).
         */
        public record Adaptive(
                @DefaultValue("0.10") double escalateAbove,
                @DefaultValue("0.05") double stepDownBelow,
                @DefaultValue("1s") Duration window,
                @DefaultValue("20") int minSamples,
                @DefaultValue("5s") Duration coolDown) {

            public Adaptive {
                settings(escalateAbove, stepDownBelow, window, minSamples, coolDown);
            }

            public AdaptiveSettings settings() {
                return settings(escalateAbove, stepDownBelow, window, minSamples, coolDown);
            }

            private static AdaptiveSettings settings(
                    double escalateAbove, double stepDownBelow, Duration window, int minSamples, Duration coolDown) {
                return new AdaptiveSettings(escalateAbove, stepDownBelow, window, minSamples, coolDown);
            }
        }

        public Sales.Turns turns() {
            return new Sales.Turns(maxInFlightPerSku, maxInFlightPerSkuWithoutHotRow, turnWait);
        }

        public StrategySettings settings() {
            return new StrategySettings(
                    lockTimeout,
                    new RetryPolicy(optimisticMaxAttempts, optimisticBaseDelay, optimisticMaxDelay),
                    batchQueueCapacity,
                    maxBatchSize);
        }
    }
}
