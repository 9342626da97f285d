package dev.stampede.server.web;

import dev.stampede.core.sale.Sku;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.server.sale.Sales;
import dev.stampede.server.web.Views.AuditView;
import dev.stampede.server.web.Views.CreateSku;
import dev.stampede.server.web.Views.OrderView;
import dev.stampede.server.web.Views.PurchaseBody;
import dev.stampede.server.web.Views.SkuView;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.OptionalInt;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** SKUs: put on sale (admin), read, audit, and buy. */
@RestController
@RequestMapping("/api/skus")
class SkuController {

    private static final int MAX_STOCK = 1_000_000_000;

    private final Sales sales;
    private final TokenSale tokens;
    private final PurchaseEndpoint purchases;

    SkuController(Sales sales, TokenSale tokens, PurchaseEndpoint purchases) {
        this.sales = sales;
        this.tokens = tokens;
        this.purchases = purchases;
    }

    @ProblemTypes({Problems.SKU_EXISTS, Problems.UNSAFE_DISABLED})
    @AdminOnly
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SkuView> create(@RequestBody CreateSku body) {
        String id = Validation.id("id", body.id());
        String name = Validation.text("name", body.name(), 200);
        int stock = Validation.between("stock", body.stock(), 0, MAX_STOCK);
        String strategy = Validation.text("strategy", body.strategy(), 64);
        OptionalInt maxPerBuyer = body.maxPerBuyer() == null
                ? OptionalInt.empty()
                : OptionalInt.of(Validation.between("maxPerBuyer", body.maxPerBuyer(), 1, MAX_STOCK));
        sales.create(id, name, strategy, stock, maxPerBuyer).ifPresent(refusal -> {
            throw switch (refusal) {
                case UNKNOWN_STRATEGY ->
                    new ProblemException(
                            Problems.VALIDATION,
                            "'strategy' must be one of " + sales.strategyNames() + ".",
                            Map.of("field", "strategy"));
                case UNSAFE_DISABLED ->
                    new ProblemException(
                            Problems.UNSAFE_DISABLED,
                            "The unsafe strategy oversells by design; start the service with"
                                    + " stampede.allow-unsafe=true to use it.");
                case ID_TAKEN -> new ProblemException(Problems.SKU_EXISTS, "A SKU with id '" + id + "' exists.");
            };
        });
        // The SKU as committed, nothing sold yet (RFC 9110, section 15.3.2), not read back: a strategy whose live
        // stock is in Redis cannot show it while Redis is down, and a 503 would tell the client that nothing was
        // created, so that its retry would be refused as a duplicate.
        SkuView created = view(new Sku(id, name, strategy, stock, stock, maxPerBuyer));
        return ResponseEntity.created(URI.create("/api/skus/" + id)).body(created);
    }

    @ProblemTypes({Problems.UNKNOWN_SKU})
    @GetMapping("/{id}")
    SkuView get(@PathVariable String id) {
        return sales.find(id).map(this::view).orElseThrow(() -> unknown(id));
    }

    private SkuView view(Sku sku) {
        return SkuView.of(sku, sales.mode(sku));
    }

    @ProblemTypes({Problems.UNKNOWN_SKU})
    @GetMapping("/{id}/audit")
    AuditView audit(@PathVariable String id) {
        return sales.audit(id)
                .map(audit -> AuditView.of(audit, tokens.audit(id)))
                .orElseThrow(() -> unknown(id));
    }

    @ProblemTypes({
        Problems.UNKNOWN_SKU,
        Problems.SOLD_OUT,
        Problems.INSUFFICIENT_STOCK,
        Problems.BUYER_LIMIT,
        Problems.KEY_IN_FLIGHT,
        Problems.KEY_REUSED
    })
    @PostMapping(path = "/{id}/purchases", consumes = MediaType.APPLICATION_JSON_VALUE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(schema = @Schema(implementation = PurchaseBody.class)))
    @ApiResponse(
            responseCode = "201",
            description = "Bought, or the order this Idempotency-Key already bought (Idempotent-Replayed: true)",
            content = @Content(schema = @Schema(implementation = OrderView.class)))
    void purchase(
            @PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            HttpServletRequest http,
            HttpServletResponse response)
            throws IOException {
        purchases.serve(id, key, http, response);
    }

    static ProblemException unknown(String id) {
        return new ProblemException(Problems.UNKNOWN_SKU, "No SKU has id '" + id + "'.");
    }
}
