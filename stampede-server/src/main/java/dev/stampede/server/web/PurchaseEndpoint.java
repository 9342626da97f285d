package dev.stampede.server.web;

import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.server.config.StampedeProperties;
import dev.stampede.server.sale.Sales;
import dev.stampede.server.web.Views.OrderView;
import dev.stampede.server.web.Views.PurchaseBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/skus/{id}/purchases}: reads the body, validates it, buys through {@link Sales} and writes the answer.
 * Served by {@link DirectPurchaseRoute} for every request that Spring MVC would route here, and by {@link
 * SkuController} (which documents the route) for the rest, so both give the same answers.
 */
@Component
final class PurchaseEndpoint {

    private final Sales sales;
    private final DirectJson json;
    private final int maxQuantity;

    PurchaseEndpoint(Sales sales, DirectJson json, StampedeProperties properties) {
        this.sales = sales;
        this.json = json;
        this.maxQuantity = properties.maxQuantity();
    }

    /**
     * Buys for the request and writes 201 with the order, or the problem that says why not.
     *
     * @param id the SKU's id, decoded from the path
     * @param key the {@code Idempotency-Key} header, or null
     * @throws ProblemException if the body or the key is invalid, or the SKU does not exist
     * @throws org.springframework.http.converter.HttpMessageNotReadableException if the body cannot be read
     */
    void serve(String id, String key, HttpServletRequest http, HttpServletResponse response) throws IOException {
        PurchaseBody body = json.read(http, PurchaseBody.class);
        PurchaseRequest request = new PurchaseRequest(
                id,
                Validation.text("buyerId", body.buyerId(), 128),
                Validation.between("quantity", body.quantity(), 1, maxQuantity),
                Validation.idempotencyKey(key));
        json.write(answer(id, sales.purchase(request)), http, response);
    }

    private static ResponseEntity<?> answer(String id, PurchaseResult result) {
        return switch (result) {
            case PurchaseResult.Purchased purchased ->
                ResponseEntity.status(HttpStatus.CREATED)
                        .header("Idempotent-Replayed", String.valueOf(purchased.replayed()))
                        .body(OrderView.of(purchased.order()));
            case PurchaseResult.SoldOut s
            when s.remaining() == 0 -> Problems.SOLD_OUT.response("'" + id + "' is sold out.", Map.of("remaining", 0));
            case PurchaseResult.SoldOut s ->
                Problems.INSUFFICIENT_STOCK.response(
                        "Only %d left of '%s'.".formatted(s.remaining(), id), Map.of("remaining", s.remaining()));
            case PurchaseResult.OverBuyerLimit over ->
                Problems.BUYER_LIMIT.response(
                        "Each buyer may hold at most %d of '%s'; this buyer holds %d."
                                .formatted(over.maxPerBuyer(), id, over.held()),
                        Map.of("maxPerBuyer", over.maxPerBuyer(), "held", over.held()));
            case PurchaseResult.Busy busy -> Failures.busy(busy.reason());
            case PurchaseResult.UnknownSku unknownSku -> throw SkuController.unknown(id);
            case PurchaseResult.KeyReused reused ->
                Problems.KEY_REUSED.response(
                        "This Idempotency-Key was already used for a different request.", Map.of());
            case PurchaseResult.KeyInFlight inFlight ->
                Problems.KEY_IN_FLIGHT.response(
                        "A request with this Idempotency-Key is still being processed.", Map.of());
        };
    }
}
