package dev.stampede.bench.scenario;

import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.Transactions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit of a {@code checkout} run (issue 14), once the buyers are done: it waits (up to {@code patience} each) for
 * the run's checkouts to be final and for their events to be published and delivered, then checks
 *
 * <ol>
 *   <li>stock conserved: units in confirmed checkouts + units left + units still held == the initial stock;
 *   <li>the provider's ledger, read back over HTTP ({@code GET /charges}): every charge under a key of this run, or
 *       under a key no checkout has, matches exactly one confirmed checkout with the same charge id, a refund matches a
 *       refunded checkout, and every confirmed checkout has its charge;
 *   <li>every outbox event of the run's checkouts is published and reached the bench's {@link AuditConsumer} (none
 *       lost); deliveries beyond the first are counted (absorbed by the event id), and the end-to-end lag is read,
 *       from the event's write and from the start of its transition's transaction.
 * </ol>
 */
final class CheckoutAuditor {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the audit found, and the figures it read. */
    record Findings(AuditVerdict verdict, Map<String, Long> counters) {}

    private final Transactions database;
    private final URI payments;
    private final AuditConsumer consumer;
    private final Duration patience;

    /** {@code consumer}: null when the events are not audited (no broker). */
    CheckoutAuditor(DataSource database, URI payments, AuditConsumer consumer, Duration patience) {
        this.database = new Transactions(database);
        this.payments = payments;
        this.consumer = consumer;
        this.patience = patience;
    }

    Findings audit(String skuId, int initialStock) {
        List<String> problems = new ArrayList<>();
        if (!await(() -> unfinished(skuId) == 0)) {
            problems.add(unfinished(skuId) + " checkouts still unfinished " + patience.toSeconds() + "s after the run");
        }
        Map<UUID, String[]> checkouts = checkouts(skuId); // id -> {state, charge id}
        long confirmedUnits = database.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT coalesce(sum(quantity), 0) FROM checkouts WHERE sku_id = ? AND state = 'confirmed'",
                        row -> row.getLong(1),
                        skuId));
        long heldUnits = database.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT coalesce(sum(quantity), 0) FROM checkouts WHERE sku_id = ?"
                                + " AND state IN ('reserved', 'charging', 'cancelling')",
                        row -> row.getLong(1),
                        skuId));
        int stock = database.required(connection ->
                Sql.on(connection).queryOne("SELECT stock FROM skus WHERE id = ?", row -> row.getInt(1), skuId));
        if (confirmedUnits + stock + heldUnits != initialStock) {
            problems.add("stock not conserved: %d confirmed + %d left + %d held != %d"
                    .formatted(confirmedUnits, stock, heldUnits, initialStock));
        }
        long charges = auditLedger(checkouts, problems);
        Map<String, Long> counters = new HashMap<>(Map.of("audit_charges", charges));
        if (consumer != null) {
            auditEvents(checkouts.keySet(), problems, counters);
        }
        long confirmed = checkouts.values().stream()
                .filter(c -> c[0].equals("confirmed"))
                .count();
        return new Findings(
                new AuditVerdict(
                        problems.isEmpty(),
                        confirmed,
                        Math.max(0, confirmedUnits - initialStock),
                        initialStock,
                        stock,
                        consumer == null
                                ? List.of("database", "provider ledger")
                                : List.of("database", "provider" + " ledger", "kafka"),
                        problems),
                counters);
    }

    /** Checks the ledger against the checkouts; answers the number of charges made for this run. */
    private long auditLedger(Map<UUID, String[]> checkouts, List<String> problems) {
        JsonNode ledger = ledger();
        Set<String> keys = new HashSet<>();
        ledger.forEach(entry -> keys.add(entry.path("key").asString()));
        Set<String> known = database.required(connection -> new HashSet<>(Sql.on(connection)
                .query(
                        "SELECT id::text FROM checkouts WHERE id::text = ANY (?)",
                        row -> row.getString(1),
                        Sql.on(connection).textArray(List.copyOf(keys)))));
        Set<UUID> charged = new HashSet<>();
        long charges = 0;
        for (JsonNode entry : ledger) {
            String key = entry.path("key").asString();
            String status = entry.path("status").asString();
            if (!known.contains(key)) {
                if (!status.equals("declined") && !status.equals("voided")) {
                    problems.add("the provider " + status + " key " + key + ", which no checkout has");
                }
                continue;
            }
            UUID id = UUID.fromString(key);
            String[] checkout = checkouts.get(id);
            if (checkout == null) {
                continue; // another run's checkout
            }
            switch (status) {
                case "charged" -> {
                    charges++;
                    charged.add(id);
                    if (!checkout[0].equals("confirmed")
                            || !entry.path("chargeId").asString().equals(checkout[1])) {
                        problems.add("charge " + entry.path("chargeId").asString() + " of checkout " + id + " matches"
                                + " no confirmed order (the checkout is " + checkout[0] + ")");
                    }
                }
                case "refunded" -> {
                    charges++;
                    if (!checkout[0].equals("refunded")) {
                        problems.add("checkout " + id + " was refunded at the provider but is " + checkout[0]);
                    }
                }
                default -> {
                    if (checkout[0].equals("confirmed")) {
                        problems.add("checkout " + id + " is confirmed but its charge was " + status);
                    }
                }
            }
        }
        checkouts.forEach((id, checkout) -> {
            if (checkout[0].equals("confirmed") && !charged.contains(id)) {
                problems.add("checkout " + id + " is confirmed without a charge in the provider's ledger");
            }
        });
        return charges;
    }

    /** Every outbox event of the run published and delivered; duplicates and the lag in {@code counters}. */
    private void auditEvents(Set<UUID> checkouts, List<String> problems, Map<String, Long> counters) {
        Object[] ids = checkouts.toArray();
        if (!await(() -> unpublished(ids) == 0)) {
            problems.add(unpublished(ids) + " events of the run still unpublished " + patience.toSeconds() + "s after");
        }
        List<UUID> events = new ArrayList<>();
        Map<UUID, Instant> transitionStarts = new HashMap<>();
        List<Long> publishLagMillis = new ArrayList<>();
        database.required(connection -> Sql.on(connection)
                .query(
                        "SELECT event_id, (extract(epoch FROM published_at - created_at) * 1000)::bigint,"
                                + " (payload::json->>'at')::timestamptz FROM outbox WHERE aggregate_id = ANY (?)",
                        row -> {
                            UUID event = row.getObject(1, UUID.class);
                            events.add(event);
                            transitionStarts.put(event, row.getTimestamp(3).toInstant());
                            return publishLagMillis.add(row.getLong(2));
                        },
                        connection.createArrayOf("uuid", ids)));
        await(() -> events.stream().allMatch(id -> consumer.delivery(id).isPresent()));
        long lost = 0;
        long duplicates = 0;
        List<Long> lagMillis = new ArrayList<>();
        List<Long> fromTransitionMillis = new ArrayList<>();
        for (UUID event : events) {
            var delivery = consumer.delivery(event);
            if (delivery.isEmpty()) {
                lost++;
                continue;
            }
            duplicates += delivery.get().deliveries() - 1;
            Instant arrival = delivery.get().firstArrival();
            lagMillis.add(Duration.between(delivery.get().createdAt(), arrival).toMillis());
            fromTransitionMillis.add(
                    Duration.between(transitionStarts.get(event), arrival).toMillis());
        }
        long foreign = consumer.all().stream()
                        .filter(d -> checkouts.contains(d.aggregateId()))
                        .count()
                - (events.size() - lost);
        if (lost > 0) {
            problems.add(lost + " of " + events.size() + " outbox events never reached the audit consumer");
        }
        if (foreign > 0) {
            problems.add(foreign + " events of the run's checkouts arrived that the outbox does not hold");
        }
        counters.put("audit_events", (long) events.size());
        counters.put("audit_event_duplicates_absorbed", duplicates);
        counters.put("audit_event_lag_p99_ms", percentile(lagMillis, 0.99));
        counters.put("audit_event_lag_p50_ms", percentile(lagMillis, 0.50));
        // from the start of the transition's transaction (a group-committed batch's own time included)
        counters.put("audit_event_lag_from_transition_p99_ms", percentile(fromTransitionMillis, 0.99));
        counters.put("audit_event_lag_from_transition_p50_ms", percentile(fromTransitionMillis, 0.50));
        // the relay's share of the lag: from the event's write to the relay's mark after the broker's ack
        counters.put("audit_event_publish_lag_p99_ms", percentile(publishLagMillis, 0.99));
        counters.put("audit_event_publish_lag_p50_ms", percentile(publishLagMillis, 0.50));
    }

    /** The {@code quantile} (0 to 1, nearest rank) of {@code values}, sorted in place; 0 if there are none. */
    private static long percentile(List<Long> values, double quantile) {
        if (values.isEmpty()) {
            return 0;
        }
        values.sort(null);
        return values.get(Math.max(0, (int) Math.ceil(values.size() * quantile) - 1));
    }

    private long unfinished(String skuId) {
        return database.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT count(*) FROM checkouts WHERE sku_id = ? AND state IN ('reserved', 'charging',"
                                + " 'cancelling')",
                        row -> row.getLong(1),
                        skuId));
    }

    private long unpublished(Object[] checkouts) {
        return database.required(connection -> Sql.on(connection)
                .queryOne(
                        "SELECT count(*) FROM outbox WHERE aggregate_id = ANY (?) AND published_at IS NULL",
                        row -> row.getLong(1),
                        connection.createArrayOf("uuid", checkouts)));
    }

    private Map<UUID, String[]> checkouts(String skuId) {
        Map<UUID, String[]> checkouts = new HashMap<>();
        database.required(connection -> Sql.on(connection)
                .query(
                        "SELECT id, state, charge_id FROM checkouts WHERE sku_id = ?",
                        row -> checkouts.put(
                                row.getObject(1, UUID.class), new String[] {row.getString(2), row.getString(3)}),
                        skuId));
        return checkouts;
    }

    private JsonNode ledger() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(payments.resolve("/charges")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the provider's ledger answered " + response.statusCode());
            }
            return JSON.readTree(response.body()).path("charges");
        } catch (IOException e) {
            throw new IllegalStateException("the provider's ledger could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the provider's ledger", e);
        }
    }

    /** Polls {@code done} every 100 ms for up to {@code patience}; whether it came true. */
    private boolean await(BooleanSupplier done) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return true;
    }
}
