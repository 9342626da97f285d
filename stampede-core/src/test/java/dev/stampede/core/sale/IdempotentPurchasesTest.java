package dev.stampede.core.sale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.sale.IdempotencyStore.Claim;
import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.Completed;
import dev.stampede.core.sale.IdempotencyStore.InFlight;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.KeyReused;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdempotentPurchasesTest {

    private final RecordingStore store = new RecordingStore();
    private final List<PurchaseRequest> sold = new ArrayList<>();
    private final PurchaseStrategy soldOutStrategy = new PurchaseStrategy() {
        @Override
        public String name() {
            return "sold-out";
        }

        @Override
        public PurchaseResult purchase(PurchaseRequest request) {
            sold.add(request);
            return new SoldOut(0);
        }
    };
    private final IdempotentPurchases knownSoldOut =
            new IdempotentPurchases(soldOutStrategy, store, sku -> sku.equals("gone"));

    @Test
    void aKeyForASkuKnownSoldOutIsOnlyLookedUpOnceAndNeverClaimed() {
        Order earlier = new Order(UUID.randomUUID(), "gone", "ann", 1, Instant.EPOCH);
        store.keys.put("ann/replay", new Completed(earlier, "gone/1"));
        store.keys.put("ann/running", new InFlight("gone/1"));

        PurchaseResult fresh = knownSoldOut.purchase(new PurchaseRequest("gone", "ann", 1, "fresh"));
        PurchaseResult replay = knownSoldOut.purchase(new PurchaseRequest("gone", "ann", 1, "replay"));
        PurchaseResult reused = knownSoldOut.purchase(new PurchaseRequest("gone", "ann", 2, "replay"));
        PurchaseResult running = knownSoldOut.purchase(new PurchaseRequest("gone", "ann", 1, "running"));

        assertThat(fresh).isEqualTo(new SoldOut(0));
        assertThat(replay).isEqualTo(new Purchased(earlier, true));
        assertThat(reused).isEqualTo(new KeyReused("replay"));
        assertThat(running).isEqualTo(new KeyInFlight("running"));
        assertThat(store.calls).containsExactly("find fresh", "find replay", "find replay", "find running");
        assertThat(sold).isEmpty();
    }

    @Test
    void aKeyForASkuNotKnownSoldOutIsClaimedRunWithItsTokenAndEnded() {
        PurchaseResult result = knownSoldOut.purchase(new PurchaseRequest("other", "bob", 1, "k"));

        assertThat(result).isEqualTo(new SoldOut(0));
        assertThat(sold)
                .singleElement()
                .satisfies(request -> assertThat(request.claim()).isEqualTo(store.token));
        assertThat(store.calls).containsExactly("claim k", "end k " + store.token + " ordered=false");
    }

    /** An idempotency store in memory that records what it is asked. */
    private static final class RecordingStore implements IdempotencyStore {
        final Map<String, Claim> keys = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        final UUID token = UUID.randomUUID();

        @Override
        public Claim claim(String buyerId, String key, String fingerprint) {
            calls.add("claim " + key);
            return keys.getOrDefault(buyerId + "/" + key, new Claimed(token));
        }

        @Override
        public Optional<Claim> find(String buyerId, String key) {
            calls.add("find " + key);
            return Optional.ofNullable(keys.get(buyerId + "/" + key));
        }

        @Override
        public void end(String buyerId, String key, UUID token, boolean ordered) {
            calls.add("end " + key + " " + token + " ordered=" + ordered);
        }
    }
}
