package dev.stampede.server.web;

import dev.stampede.server.hold.Holds;
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
    private final Holds holds;

    ServiceInfoController(Sales sales, Transfers transfers, Holds holds) {
        this.sales = sales;
        this.transfers = transfers;
        this.holds = holds;
    }

    /** The strategy names of each capability: {@code {"purchase": [...], "transfer": [...], "hold": [...]}}. */
    @GetMapping("/api/strategies")
    Map<String, List<String>> strategies() {
        return Map.of(
                "purchase", sales.strategyNames(),
                "transfer", transfers.strategyNames(),
                "hold", holds.strategyNames());
    }

    @GetMapping("/api/ping")
    ResponseEntity<Void> ping() {
        return ResponseEntity.noContent().build();
    }
}
