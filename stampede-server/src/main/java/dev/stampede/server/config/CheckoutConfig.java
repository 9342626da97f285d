package dev.stampede.server.config;

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
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the checkout saga: its store, the payment provider, the executor of its payments and its recovery task. */
@Configuration(proxyBeanMethods = false)
class CheckoutConfig {

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
     * One virtual thread per checkout in progress: each waits seconds for its payment, holding nothing else. Wrapped,
     * so that no {@code Executor} bean changes what Spring Boot configures for itself.
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
                Thread.ofVirtual().name("stampede-checkout-", 0).factory()));
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
                metrics.metered(JdbcCheckoutStores.checkouts(transactions, clock, instance, batches, committed)),
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

    /** Expires reservations and drives forward the checkouts that dead instances (or faults) left unfinished. */
    @Bean
    PeriodicJob checkoutRecovery(Checkouts checkouts, CheckoutProperties properties) {
        return new PeriodicJob("checkout-recovery", properties.recoveryInterval(), checkouts::recover);
    }
}
