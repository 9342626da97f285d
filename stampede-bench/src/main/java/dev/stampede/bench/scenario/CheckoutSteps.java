package dev.stampede.bench.scenario;

import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where a {@code checkout} run's time went after the reservation (issue 14, stop 25): per checkout of the run's SKU,
 * read after the run from the times its outbox events were written (each event is written in its transition's
 * transaction, stamped with that transaction's clock):
 *
 * <ul>
 *   <li>{@value #TO_CHARGING} p50 and p99: from {@code checkout.reserved} to {@code payment.started}, i.e. from the
 *       reservation's commit to the {@code RESERVED → CHARGING} commit (the saga's queueing before the payment);
 *   <li>{@value #PAYMENT} p50 and p99: from {@code payment.started} to the payment's outcome committed ({@code
 *       payment.charged}, {@code reservation.released} or {@code payment.cancelling}): the provider's own latency
 *       (2–6 s by default, mean 4 s) plus connecting to it and committing the outcome.
 * </ul>
 *
 * Milliseconds; a run whose checkouts never started charging ({@code lock-across-payment} writes all its events at
 * once) reads 0.
 */
final class CheckoutSteps {

    static final String TO_CHARGING = "checkout_step_to_charging";
    static final String PAYMENT = "checkout_step_payment";

    private final Transactions database;

    CheckoutSteps(DataSource database) {
        this.database = new Transactions(database);
    }

    /** The counters {@code <step>_p50_ms} and {@code <step>_p99_ms} of both steps, for the checkouts of {@code skuId}. */
    Map<String, Long> of(String skuId) {
        return database.required(connection -> Sql.on(connection)
                .queryOne(
                        "WITH steps AS (SELECT o.aggregate_id,"
                                + " min(o.created_at) FILTER (WHERE o.type = 'checkout.reserved') AS reserved,"
                                + " min(o.created_at) FILTER (WHERE o.type = 'payment.started') AS started,"
                                + " min(o.created_at) FILTER (WHERE o.type IN ('payment.charged',"
                                + " 'reservation.released', 'payment.cancelling')) AS answered"
                                + " FROM outbox o JOIN checkouts c ON c.id = o.aggregate_id WHERE c.sku_id = ?"
                                + " GROUP BY o.aggregate_id),"
                                + " spans AS (SELECT extract(epoch FROM started - reserved) * 1000 AS to_charging,"
                                + " extract(epoch FROM answered - started) * 1000 AS payment FROM steps)"
                                + " SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY to_charging),"
                                + " percentile_disc(0.99) WITHIN GROUP (ORDER BY to_charging),"
                                + " percentile_disc(0.5) WITHIN GROUP (ORDER BY payment),"
                                + " percentile_disc(0.99) WITHIN GROUP (ORDER BY payment) FROM spans",
                        row -> {
                            Map<String, Long> counters = new LinkedHashMap<>();
                            counters.put(TO_CHARGING + "_p50_ms", Math.round(row.getDouble(1)));
                            counters.put(TO_CHARGING + "_p99_ms", Math.round(row.getDouble(2)));
                            counters.put(PAYMENT + "_p50_ms", Math.round(row.getDouble(3)));
                            counters.put(PAYMENT + "_p99_ms", Math.round(row.getDouble(4)));
                            return counters;
                        },
                        skuId));
    }
}
