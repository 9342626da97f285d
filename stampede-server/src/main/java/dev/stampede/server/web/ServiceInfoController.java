package dev.stampede.server.web;

import dev.stampede.server.sale.Sales;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the service offers: the no-op ping (the bench's ceiling and readiness probe) and the strategy names. */
@RestController
class ServiceInfoController {

    private final Sales sales;

    ServiceInfoController(Sales sales) {
        this.sales = sales;
    }

    @GetMapping("/api/strategies")
    List<String> strategies() {
        return sales.strategyNames();
    }

    @GetMapping("/api/ping")
    ResponseEntity<Void> ping() {
        return ResponseEntity.noContent().build();
    }
}
