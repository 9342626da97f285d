package dev.stampede.server.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.core.checkout.CheckoutSaga;
import dev.stampede.core.checkout.PaymentProvider;
import dev.stampede.core.outbox.OutboxSignal;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.Transactions;
import dev.stampede.jdbc.checkout.CheckoutBatches;
import dev.stampede.jdbc.checkout.JdbcCheckoutStores;
import dev.stampede.payments.HttpPaymentProvider;
import dev.stampede.payments.PaymentBehaviour;
import dev.stampede.payments.PaymentService;
import dev.stampede.server.checkout.CheckoutMetrics;
import dev.stampede.server.checkout.Checkouts;
import dev.stampede.server.jobs.PeriodicJob;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the checkout saga: its store, the payment provider, the executor of its payments and its recovery task. */
@Configuration(proxyBeanMethods = false)
class CheckoutConfig {

    /** The qualifier of the saga's own pool ({@link DedicatedPool}). */
    static final String CHECKOUT_CONNECTIONS = "checkout-connections";

    private static final Logger log = LoggerFactory.getLogger(CheckoutConfig.class);

    /** The simulated provider of the zero-setup default; absent when {@code stampede.checkout.payments-url} is set. */
    record SimulatedPayments(PaymentService service) implements AutoCloseable {
        @Override
        public void close() {
            if (service != null) {
                service.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    SimulatedPayments simulatedPayments(CheckoutProperties properties) {
        if (properties.paymentsUrl() != null) {
            return new SimulatedPayments(null);
        }
        PaymentService service = PaymentService.start(0, PaymentBehaviour.DEFAULT);
        log.info("Simulated payment provider started at {} (2-6 s, 10% declined)", service.url());
        return new SimulatedPayments(service);
    }

    @Bean
    CheckoutMetrics checkoutMetrics(MeterRegistry meters) {
        return new CheckoutMetrics(meters);
    }

    @Bean
    PaymentProvider paymentProvider(
            CheckoutProperties properties, SimulatedPayments simulated, CheckoutMetrics metrics) {
        URI url = properties.paymentsUrl() != null
                ? properties.paymentsUrl()
                : simulated.service().url();
        return metrics.metered(new HttpPaymentProvider(url, properties.paymentTimeout()));
    }

    /**
     * One platform thread per checkout in progress: each waits seconds for its payment, holding nothing else. Not
     * virtual: a virtual thread resumed by its payment's answer waits for one of the carriers behind every request of
     * the burst, and the payment step took 5.4-15.6 s at p50 for the provider's 4 s; on threads the operating system
     * schedules beside the carriers it took 4.2 s (docs/performance.md, "Stop 30"). Wrapped, so that no {@code
     * Executor} bean changes what Spring Boot configures for itself.
     */
    record PaymentThreads(ExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    @Bean(destroyMethod = "close")
    PaymentThreads paymentThreads() {
        return new PaymentThreads(Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("stampede-checkout-", 0).factory()));
    }

    /**
     * The saga's own connections (see {@link DedicatedPool}), {@code stampede.checkout.pool-size} of them: its writers
     * are platform threads that give a connection back as soon as their batch commits, while a request's virtual thread
     * keeps its connection until a carrier is free again; in a burst of 2,000 buyers the requests held every connection
     * of the main pool that way, and the writers waited behind hundreds of polls (issue 14, stop 30).
     */
    @Bean(destroyMethod = "close")
    @Qualifier(CHECKOUT_CONNECTIONS)
    DedicatedPool checkoutConnections(HikariDataSource main, CheckoutProperties properties) {
        return DedicatedPool.beside(main, "stampede-checkout", properties.poolSize());
    }

    /** Given by the checkout store after each commit that wrote outbox events; wakes the relay (when Kafka is on). */
    @Bean
    OutboxSignal outboxSignal() {
        return new OutboxSignal();
    }

    @Bean
    CheckoutSaga checkoutSaga(
            FlywayMigrationInitializer migrated,
            Transactions transactions,
            @Qualifier(CHECKOUT_CONNECTIONS) DedicatedPool steps,
            Clock clock,
            InstanceLiveness instance,
            PaymentProvider payments,
            PaymentThreads threads,
            OutboxSignal committed,
            CheckoutProperties properties,
            StampedeProperties stampede,
            CheckoutMetrics metrics) {
        // Reservations are group-committed with the batched purchase strategy's queue settings.
        StampedeProperties.Strategies strategies = stampede.strategies();
        CheckoutBatches batches = new CheckoutBatches(
                strategies.batchQueueCapacity(),
                strategies.maxBatchSize(),
                strategies.lockTimeout(),
                CheckoutBatches.BeforeCommit.NONE);
        return new CheckoutSaga(
                metrics.metered(JdbcCheckoutStores.checkouts(
                        transactions, steps.transactions(), clock, instance, batches, committed)),
                payments,
                clock,
                new CheckoutSaga.Settings(
                        properties.reservationTtl(), properties.paymentDeadline(), 100, properties.lockTimeout()),
                threads.executor(),
                CheckoutSaga.StepHook.NONE);
    }

    @Bean
    Checkouts checkouts(CheckoutSaga saga, MeterRegistry meters) {
        return new Checkouts(saga, meters);
    }

    /**
     * Expires reservations and drives forward the checkouts that dead instances (or faults) left unfinished; on a
     * platform thread of its own, since it holds one of the saga's connections while it runs.
     */
    @Bean
    PeriodicJob checkoutRecovery(Checkouts checkouts, CheckoutProperties properties) {
        return new PeriodicJob("checkout-recovery", properties.recoveryInterval(), checkouts::recover, true);
    }
}
