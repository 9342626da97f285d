package dev.stampede.payments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stampede.payments.PaymentLedger.Entry;
import dev.stampede.payments.PaymentLedger.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payment provider that behaves like a real one, as its own HTTP service on loopback (the JDK's {@code
 * jdk.httpserver}, one virtual thread per request): slow, sometimes declining, sometimes stalling past the caller's
 * timeout, sometimes charging and then losing its answer ({@link PaymentBehaviour}); idempotent by key ({@link
 * PaymentLedger}). Started in-process by the tests and the service's zero-setup default, or as a process of its own by
 * {@code stampede payments --port N} ({@link PaymentsCommand}).
 *
 * <p>The API, JSON in and out, amounts in minor units:
 *
 * <ul>
 *   <li>{@code POST /charges {"key": "...", "amount": 1999}}: 200 with the charge ({@code status} {@code charged},
 *       or {@code refunded}/{@code voided} for a key cancelled before); 402 {@code declined}; 409 when the key names a
 *       charge of another amount; 400 for a malformed body. No answer at all for a lost answer.
 *   <li>{@code GET /charges/{key}}: 200 with what was decided for the key; 404 if nothing was (yet).
 *   <li>{@code POST /charges/{key}/cancel}: 200 {@code {"status": "refunded"}} if a charge was paid back, else {@code
 *       "voided"} (no charge will ever be made under the key).
 *   <li>{@code GET /charges}: 200 {@code {"charges": [...]}}, the whole ledger, for audits.
 * </ul>
 */
public final class PaymentService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    private static final JsonMapper json = JsonMapper.builder().build();

    /**
     * Connections waiting to be accepted, at most (the listen backlog, capped by the kernel's {@code somaxconn}). A
     * service checking out 2,000 buyers with 2–6 s payments has about 1,000 charges in flight, most of them opening
     * their connection at once; with Java's default backlog of 50 the kernel may drop the rest of the SYNs, and a
     * dropped connect is retried after 1 s, 3 s, 7 s (issue 14, stop 25; docs/faults.md).
     */
    static final int BACKLOG = 4096;

    private final PaymentBehaviour behaviour;
    private final PaymentLedger ledger = new PaymentLedger();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    private PaymentService(PaymentBehaviour behaviour, int port) throws IOException {
        this.behaviour = behaviour;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), BACKLOG);
        server.setExecutor(executor);
        server.createContext("/charges", this::handle);
        server.start();
    }

    /**
     * Starts the service on 127.0.0.1:{@code port} (0 for a free port).
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static PaymentService start(int port, PaymentBehaviour behaviour) {
        try {
            return new PaymentService(behaviour, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on 127.0.0.1:" + port, e);
        }
    }

    /** The base URL of the service, {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            String method = exchange.getRequestMethod();
            if (path.length == 2 && method.equals("POST")) {
                charge(exchange);
            } else if (path.length == 2 && method.equals("GET")) {
                send(
                        exchange,
                        200,
                        Map.of(
                                "charges",
                                ledgerEntries().stream()
                                        .map(PaymentService::view)
                                        .toList()));
            } else if (path.length == 3 && method.equals("GET")) {
                Optional<Entry> entry = ledger.lookUp(path[2]);
                send(
                        exchange,
                        entry.isPresent() ? 200 : 404,
                        entry.map(PaymentService::view).orElse(Map.of()));
            } else if (path.length == 4 && path[3].equals("cancel") && method.equals("POST")) {
                Status status = ledger.cancel(path[2]).status();
                send(exchange, 200, Map.of("status", status == Status.REFUNDED ? "refunded" : "voided"));
            } else {
                send(exchange, 404, Map.of("error", "no such resource"));
            }
        } catch (RuntimeException e) {
            log.error("Payment request failed", e);
        }
    }

    private void charge(HttpExchange exchange) throws IOException {
        String key;
        long amount;
        try (InputStream body = exchange.getRequestBody()) {
            JsonNode request = json.readTree(body);
            key = request.path("key").asString();
            amount = request.path("amount").asLong();
        } catch (JacksonException e) {
            send(exchange, 400, Map.of("error", "the body is not JSON"));
            return;
        }
        if (key.isBlank() || amount < 1) {
            send(exchange, 400, Map.of("error", "a charge needs a key and a positive amount"));
            return;
        }
        Optional<Entry> entry = ledger.charge(key, amount, this::decide);
        if (entry.isEmpty()) {
            send(exchange, 409, Map.of("error", "the key names a charge of another amount"));
        } else if (ThreadLocalRandom.current().nextDouble() < behaviour.lostAnswerRate()) {
            log.info("Charge {} was {}; its answer is lost", key, entry.get().status());
            // closing the exchange before any answer closes the connection: the caller sees it drop
        } else {
            send(exchange, entry.get().status() == Status.DECLINED ? 402 : 200, view(entry.get()));
        }
    }

    /** Takes the provider's time, then decides: called once per key, under its monitor. */
    private Status decide() {
        long min = behaviour.minLatency().toMillis();
        long latency = min
                + (long) (ThreadLocalRandom.current().nextDouble()
                        * (behaviour.maxLatency().toMillis() - min));
        if (ThreadLocalRandom.current().nextDouble() < behaviour.stallRate()) {
            latency += behaviour.stall().toMillis();
        }
        try {
            Thread.sleep(Duration.ofMillis(latency));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ThreadLocalRandom.current().nextDouble() < behaviour.declineRate() ? Status.DECLINED : Status.CHARGED;
    }

    /** The whole ledger, as {@code GET /charges} shows it. */
    List<Entry> ledgerEntries() {
        return ledger.entries();
    }

    private static Map<String, Object> view(Entry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key", entry.key());
        view.put("amount", entry.amount());
        view.put("status", entry.status().name().toLowerCase());
        if (entry.chargeId() != null) {
            view.put("chargeId", entry.chargeId());
        }
        if (entry.status() == Status.DECLINED) {
            view.put("reason", "card_declined");
        }
        return view;
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Stops listening at once (requests in progress are cut off, as in a crash of the provider). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
