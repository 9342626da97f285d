package dev.stampede.server.web;

import dev.stampede.core.checkout.Checkout;
import dev.stampede.core.checkout.CheckoutMode;
import dev.stampede.core.checkout.CheckoutRequest;
import dev.stampede.core.checkout.Reservation;
import dev.stampede.server.checkout.Checkouts;
import dev.stampede.server.config.CheckoutProperties;
import dev.stampede.server.config.StampedeProperties;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkouts (issue 14): {@code POST /api/checkouts} reserves the stock and answers 202 at once with the checkout's
 * {@code Location}; the payment runs after the answer, and {@code GET /api/checkouts/{id}} shows where the saga is.
 * Amounts are integer minor units (cents). A request may ask for the {@code lock-across-payment} mode (the
 * anti-pattern, answered when the whole checkout is over) where the service allows it.
 */
@RestController
class CheckoutController {

    /** A quadrillion minor units: far beyond any price, far below overflow. */
    private static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    /** {@code payment}: what to charge, in minor units. */
    record PaymentBody(Long amount) {}

    /** {@code mode}: {@code reserve-confirm} when absent; any other must be listed in {@code stampede.checkout.modes}. */
    record CheckoutBody(String skuId, String buyerId, Integer quantity, PaymentBody payment, String mode) {}

    /** A checkout: {@code state} is one of reserved, charging, cancelling, confirmed, released, refunded. */
    record CheckoutView(
            UUID checkoutId,
            String state,
            String skuId,
            String buyerId,
            int quantity,
            long amount,
            String reason,
            String chargeId,
            Instant expiresAt,
            Instant createdAt,
            Instant updatedAt) {}

    private final Checkouts checkouts;
    private final int maxQuantity;
    private final Set<String> modes;

    CheckoutController(Checkouts checkouts, StampedeProperties properties, CheckoutProperties checkout) {
        this.checkouts = checkouts;
        this.maxQuantity = properties.maxQuantity();
        this.modes = new TreeSet<>(checkout.modes());
    }

    @ProblemTypes({Problems.UNKNOWN_SKU, Problems.SOLD_OUT, Problems.INSUFFICIENT_STOCK, Problems.KEY_REUSED})
    @PostMapping(path = "/api/checkouts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> checkout(
            @RequestHeader(name = "Idempotency-Key", required = false) String key, @RequestBody CheckoutBody body) {
        if (Validation.idempotencyKey(key) == null) {
            throw Validation.invalid(
                    "Idempotency-Key",
                    "is required: a checkout charges money, and only the key" + " makes its retry safe");
        }
        if (body.payment() == null) {
            throw Validation.invalid("payment", "is required");
        }
        CheckoutMode mode = mode(body.mode());
        CheckoutRequest request = new CheckoutRequest(
                Validation.id("skuId", body.skuId()),
                Validation.id("buyerId", body.buyerId()),
                Validation.between("quantity", body.quantity(), 1, maxQuantity),
                Validation.between("payment.amount", body.payment().amount(), 1, MAX_AMOUNT),
                key);
        return switch (checkouts.begin(request, mode)) {
            case Reservation.Reserved(Checkout checkout, boolean replayed) ->
                ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/api/checkouts/" + checkout.id()))
                        .header("Idempotent-Replayed", String.valueOf(replayed))
                        .body(view(checkout));
            case Reservation.SoldOut(int remaining)
            when remaining == 0 ->
                Problems.SOLD_OUT.response("'" + request.skuId() + "' is sold out.", Map.of("remaining", 0));
            case Reservation.SoldOut(int remaining) ->
                Problems.INSUFFICIENT_STOCK.response(
                        "Only %d left of '%s'.".formatted(remaining, request.skuId()), Map.of("remaining", remaining));
            case Reservation.UnknownSku(String skuId) ->
                Problems.UNKNOWN_SKU.response("No SKU has id '" + skuId + "'.", Map.of());
            case Reservation.KeyReused reused ->
                Problems.KEY_REUSED.response(
                        "This Idempotency-Key was already used for a different checkout.", Map.of());
            case Reservation.Busy(String reason) -> Failures.busy(reason);
        };
    }

    @ProblemTypes({Problems.UNKNOWN_CHECKOUT})
    @GetMapping("/api/checkouts/{id}")
    CheckoutView find(@PathVariable String id) {
        return parse(id)
                .flatMap(checkouts::find)
                .map(CheckoutController::view)
                .orElseThrow(() -> new ProblemException(Problems.UNKNOWN_CHECKOUT, "No checkout has id '" + id + "'."));
    }

    private CheckoutMode mode(String name) {
        String named = name == null ? CheckoutMode.RESERVE_CONFIRM.wireName() : name;
        if (!modes.contains(named)) {
            throw Validation.invalid("mode", "must be one of " + modes + " on this service");
        }
        return CheckoutMode.named(named).orElseThrow();
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static CheckoutView view(Checkout checkout) {
        return new CheckoutView(
                checkout.id(),
                checkout.state().name().toLowerCase(Locale.ROOT),
                checkout.skuId(),
                checkout.buyerId(),
                checkout.quantity(),
                checkout.amount(),
                checkout.reason(),
                checkout.chargeId(),
                checkout.expiresAt(),
                checkout.createdAt(),
                checkout.updatedAt());
    }
}
