package dev.stampede.bench.scenario;

import dev.stampede.bench.load.OutcomeCounts;
import java.util.Optional;

/**
 * The rule that ties the orders a store holds after a sale to the answers its buyers got (issue 13): every success is
 * an order, and the only orders beyond them are those of purchases answered 503 {@code outcome-unknown} (the service
 * could not learn whether its durable write committed; the order may be written later, e.g. by the {@code redis}
 * strategy's reconciler from its write-ahead record) or not answered at all (a network error: the connection reset by
 * an instance that died after taking the request, which is the same unknown outcome, told by nobody). So {@code
 * successes ≤ orders ≤ successes + outcome-unknown + network errors}; with neither, exactly as many orders as
 * successes.
 */
final class OrdersAgainstAnswers {

    private OrdersAgainstAnswers() {}

    /** What is wrong with {@code orders} against the answers {@code seen}; empty when the rule holds. */
    static Optional<String> problem(long orders, OutcomeCounts seen) {
        if (orders < seen.success()) {
            return Optional.of("%d orders in the store but the bench saw %d successes: %d acknowledged orders are lost"
                    .formatted(orders, seen.success(), seen.success() - orders));
        }
        long mostOrders = seen.success() + seen.outcomeUnknown() + seen.networkError();
        if (orders > mostOrders) {
            return Optional.of(
                    "%d orders in the store but the bench saw %d successes, %d outcome-unknown answers and %d"
                                    .formatted(orders, seen.success(), seen.outcomeUnknown(), seen.networkError())
                            + " requests with no answer: %d orders no buyer was answered for"
                                    .formatted(orders - mostOrders));
        }
        return Optional.empty();
    }
}
