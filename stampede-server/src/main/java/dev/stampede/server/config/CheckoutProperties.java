package dev.stampede.server.config;

import dev.stampede.core.checkout.CheckoutMode;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code stampede.checkout.*}. Bad values stop the start-up with a message naming the setting.
 *
 * @param paymentsUrl the payment provider's base URL ({@code stampede payments}); blank: a simulated provider is
 *     started in this process on a free loopback port, with its default behaviour (2-6 s, 10% declined)
 * @param paymentTimeout how long one call to the provider may take before its outcome is unknown
 * @param reservationTtl how long a reservation holds its stock before the payment starts
 * @param paymentDeadline how long a charge may stay unresolved before it is cancelled (refunded or voided)
 * @param recoveryInterval how often the recovery task expires reservations and takes over abandoned checkouts
 * @param modes the checkout modes a request may ask for ({@code reserve-confirm}, {@code lock-across-payment}: the
 *     anti-pattern, which lets one buyer hold a SKU's row lock for a whole payment, so it is off unless listed)
 * @param lockTimeout how long a {@code lock-across-payment} checkout waits for the SKU's row lock before it is
 *     answered busy
 * @param poolSize connections of the saga's own pool, for its group-committed writers (one per SKU with reservations
 *     queued, one per transition), expiry and recovery, apart from the pool of requests ({@code stampede.db.pool-size}):
 *     requests holding every connection of theirs in a burst cannot make the saga's steps wait
 */
@ConfigurationProperties("stampede.checkout")
public record CheckoutProperties(
        URI paymentsUrl,
        @DefaultValue("10s") Duration paymentTimeout,
        @DefaultValue("5m") Duration reservationTtl,
        @DefaultValue("2m") Duration paymentDeadline,
        @DefaultValue("1s") Duration recoveryInterval,
        @DefaultValue("reserve-confirm") Set<String> modes,
        @DefaultValue("5s") Duration lockTimeout,
        @DefaultValue("8") int poolSize) {

    public CheckoutProperties {
        if (paymentsUrl != null && !"http".equals(paymentsUrl.getScheme())) {
            throw new IllegalArgumentException(
                    "stampede.checkout.payments-url must be an http:// URL, was " + paymentsUrl);
        }
        if (paymentTimeout.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "stampede.checkout.payment-timeout must be at least 100ms, was " + paymentTimeout);
        }
        if (reservationTtl.toSeconds() < 1) {
            throw new IllegalArgumentException(
                    "stampede.checkout.reservation-ttl must be at least 1s, was " + reservationTtl);
        }
        if (paymentDeadline.compareTo(paymentTimeout) <= 0) {
            throw new IllegalArgumentException("stampede.checkout.payment-deadline must be longer than"
                    + " stampede.checkout.payment-timeout (" + paymentTimeout + "), was " + paymentDeadline);
        }
        if (recoveryInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "stampede.checkout.recovery-interval must be at least 10ms, was " + recoveryInterval);
        }
        if (modes.isEmpty()
                || !modes.stream().allMatch(mode -> CheckoutMode.named(mode).isPresent())) {
            throw new IllegalArgumentException("stampede.checkout.modes must list some of "
                    + Arrays.stream(CheckoutMode.values())
                            .map(CheckoutMode::wireName)
                            .toList() + ", was " + modes);
        }
        if (lockTimeout.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "stampede.checkout.lock-timeout must be at least 1ms, was " + lockTimeout);
        }
        if (poolSize < 1 || poolSize > 50) {
            throw new IllegalArgumentException("stampede.checkout.pool-size must be between 1 and 50, was " + poolSize);
        }
        modes = Set.copyOf(modes);
    }
}
