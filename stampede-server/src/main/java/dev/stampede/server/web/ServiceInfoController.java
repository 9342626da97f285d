package dev.stampede.server.web;

import dev.stampede.server.sale.Sales;
import dev.stampede.server.transfer.Transfers;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the service offers: the no-op ping (the bench's ceiling and readiness probe) and the strategy names. */
@RestController
class ServiceInfoController {

    private final Sales sales;
    private final Transfers transfers;

    ServiceInfoController(Sales sales, Transfers transfers) {
        this.sales = sales;
        this.transfers = transfers;
    }

    /** The strategy names of each capability: {@code {"purchase": [...], "transfer": [...]}}. */
    @GetMapping("/api/strategies")
    Map<String, List<String>> strategies() {
        return Map.of("purchase", sales.strategyNames(), "transfer", transfers.strategyNames());
    }

    @GetMapping("/api/ping")
    ResponseEntity<Void> ping() {
        return ResponseEntity.noContent().build();
    }
}
