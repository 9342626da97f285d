package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.sale.IdempotencyStore;
import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.IdempotencyStore.Completed;
import dev.stampede.core.sale.OrderStore;
import dev.stampede.core.sale.OrderStore.Placement.ClaimLost;
import dev.stampede.core.sale.OrderStore.Placement.Placed;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.SaleAudit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OrderStore} must do: an order and its idempotency completion are written together, fenced by the
 * claim token. An implementation's test supplies the store, the idempotency store whose claims it completes, a way to
 * put a SKU on sale, and the audit that counts the SKU's orders.
 */
public abstract class OrderStoreContract {

    protected abstract OrderStore orderStore();

    protected abstract IdempotencyStore idempotencyStore();

    /** Puts a new SKU with this stock on sale and returns its id. */
    protected abstract String newSku(int stock);

    protected abstract SaleAudit audit(String skuId);

    @Test
    void anOrderWithoutAKeyIsPlaced() {
        String sku = newSku(10);

        Placed placed = (Placed) orderStore().place(PurchaseRequest.of(sku, "buyer", 2));

        assertThat(placed.order().skuId()).isEqualTo(sku);
        assertThat(placed.order().buyerId()).isEqualTo("buyer");
        assertThat(placed.order().quantity()).isEqualTo(2);
        assertThat(audit(sku).orders()).isEqualTo(1);
    }

    @Test
    void aKeyedOrderCompletesItsClaimWithTheSameOrder() {
        String sku = newSku(10);
        PurchaseRequest request = new PurchaseRequest(sku, "buyer", 1, "key-" + UUID.randomUUID());
        Claimed claimed = (Claimed) idempotencyStore().claim("buyer", request.idempotencyKey(), request.fingerprint());

        Placed placed = (Placed) orderStore().place(request.withClaim(claimed.token()));

        assertThat(idempotencyStore().find("buyer", request.idempotencyKey()))
                .contains(new Completed(placed.order(), request.fingerprint()));
    }

    @Test
    void anOrderWhoseClaimWasTakenOverIsNotWritten() {
        String sku = newSku(10);
        PurchaseRequest request = new PurchaseRequest(sku, "buyer", 1, "key-" + UUID.randomUUID());
        String key = request.idempotencyKey();
        Claimed first = (Claimed) idempotencyStore().claim("buyer", key, request.fingerprint());
        idempotencyStore().end("buyer", key, first.token(), false);
        Claimed second = (Claimed) idempotencyStore().claim("buyer", key, request.fingerprint());

        var stale = orderStore().place(request.withClaim(first.token()));

        assertThat(stale).isEqualTo(new ClaimLost(request.withClaim(first.token())));
        assertThat(audit(sku).orders()).isZero();
        assertThat(orderStore().place(request.withClaim(second.token()))).isInstanceOf(Placed.class);
        assertThat(audit(sku).orders()).isEqualTo(1);
    }

    @Test
    void aKeyedRequestThatWasNeverClaimedIsRefusedAsABug() {
        String sku = newSku(10);

        assertThatThrownBy(() -> orderStore().place(new PurchaseRequest(sku, "buyer", 1, "never-claimed")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(audit(sku).orders()).isZero();
    }
}
