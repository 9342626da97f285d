package dev.stampede.jdbc.sale;

import dev.stampede.core.sale.PurchaseRequest;

/**
 * The request's idempotency key is no longer claimed under its token: its claim was taken over (see {@link
 * JdbcIdempotencyStore}). The transaction that was to complete it must roll back; the request answers {@link
 * dev.stampede.core.sale.PurchaseResult.KeyInFlight}.
 */
final class ClaimLostException extends RuntimeException {

    private final transient PurchaseRequest request;

    ClaimLostException(PurchaseRequest request) {
        super("idempotency key %s of buyer %s is no longer claimed under token %s"
                .formatted(request.idempotencyKey(), request.buyerId(), request.claim()));
        this.request = request;
    }

    PurchaseRequest request() {
        return request;
    }
}
