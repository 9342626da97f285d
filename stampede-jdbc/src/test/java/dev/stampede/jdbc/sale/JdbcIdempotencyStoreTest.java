package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.InFlight;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcIdempotencyStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final JdbcIdempotencyStore store =
            new JdbcIdempotencyStore(JdbcPurchaseContract.TRANSACTIONS, clock, Duration.ofMinutes(5));
    private final String buyer = "buyer-" + UUID.randomUUID();

    @Test
    void aClaimInFlightBlocksTheSameKeyUntilItGoesStale() {
        assertThat(store.claim(buyer, "k", "sku/1")).isEqualTo(new Claimed());
        assertThat(store.claim(buyer, "k", "sku/1")).isEqualTo(new InFlight("sku/1"));

        clock.advance(Duration.ofMinutes(4));
        assertThat(store.claim(buyer, "k", "sku/1")).isEqualTo(new InFlight("sku/1"));

        clock.advance(Duration.ofMinutes(2));
        assertThat(store.claim(buyer, "k", "sku/1")).isEqualTo(new Claimed());
        assertThat(store.claim(buyer, "k", "sku/1")).isEqualTo(new InFlight("sku/1"));
    }

    @Test
    void aReleasedKeyCanBeClaimedAgain() {
        assertThat(store.claim(buyer, "k", "sku/1")).isEqualTo(new Claimed());

        store.release(buyer, "k");

        assertThat(store.claim(buyer, "k", "sku/2")).isEqualTo(new Claimed());
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
