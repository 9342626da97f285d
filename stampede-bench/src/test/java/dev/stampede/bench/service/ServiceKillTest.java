package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.devservers.EmbeddedPostgresServer;
import dev.stampede.devservers.EmbeddedRedisServer;
import dev.stampede.jdbc.InstanceLiveness;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the service, child processes on one PostgreSQL (and one Redis, so that killing one leaks no
 * server), and instance A killed with SIGKILL in the middle of a keyed purchase. The client's retry with the same
 * Idempotency-Key goes to instance B.
 */
class ServiceKillTest {

    private static final String TOKEN = "kill-test-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private Path dataDirectory;
    private EmbeddedPostgresServer postgres;
    private EmbeddedRedisServer redis;
    private HikariDataSource database;
    private ChildProcessInstance a;
    private ChildProcessInstance b;

    @BeforeEach
    void startTwoInstances() throws Exception {
        dataDirectory = Files.createTempDirectory("stampede-kill-pg");
        postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
        redis = EmbeddedRedisServer.start(0);
        database =
                BenchDatabase.connect(postgres.jdbcUrl(), postgres.user(), "").orElseThrow();
        List<String> properties = List.of("stampede.redis.url=" + redis.url());
        CompletableFuture<ChildProcessInstance> first = CompletableFuture.supplyAsync(
                () -> ChildProcessInstance.start(postgres.jdbcUrl(), postgres.user(), TOKEN, properties), clients);
        b = ChildProcessInstance.start(postgres.jdbcUrl(), postgres.user(), TOKEN, properties);
        a = first.join();
    }

    @AfterEach
    void stopEverything() {
        clients.shutdownNow();
        for (ChildProcessInstance instance : new ChildProcessInstance[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
        database.close();
        redis.close();
        postgres.close();
    }

    @Test
    void aRetryAfterTheInstanceHoldingTheKeyWasKilledBuysAtOnceAndOnlyOnce() throws Exception {
        String sku = createSku(5);
        HttpResponse<String> replyFromB;
        try (Connection holder = database.getConnection()) {
            holder.setAutoCommit(false);
            lockSku(holder, sku);
            CompletableFuture<HttpResponse<String>> cutOff = sendAsync(purchase(a, sku, "ann", "order-1"));
            int owner = awaitClaimOwner("ann", "order-1");

            assertThat(send(purchase(b, sku, "ann", "order-1")).statusCode())
                    .as("the claim of a live instance is never taken over")
                    .isEqualTo(409);

            a.kill();
            await().until(() -> !instanceAlive(owner));
            holder.rollback();
            replyFromB = send(purchase(b, sku, "ann", "order-1"));
            assertThat(cutOff).failsWithin(Duration.ofSeconds(30));
        }

        assertThat(replyFromB.statusCode()).as(replyFromB.body()).isEqualTo(201);
        assertThat(replyFromB.headers().firstValue("Idempotent-Replayed")).contains("false");
        HttpResponse<String> replay = send(purchase(b, sku, "ann", "order-1"));
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(replyFromB.body());
        JsonNode audit = audit(b, sku);
        assertThat(audit.path("passed").asBoolean()).isTrue();
        assertThat(audit.path("orders").asInt()).isEqualTo(1);
        assertThat(audit.path("stock").asInt()).isEqualTo(4);
    }

    /** What the clients of one strategy's SKU saw in the drill below. */
    private record Tally(
            String strategy,
            AtomicInteger acknowledgedBeforeKill,
            AtomicInteger cutOff,
            AtomicInteger busy,
            AtomicInteger inFlight,
            AtomicInteger retries,
            Map<String, String> orderIdByBuyer) {

        Tally(String strategy) {
            this(
                    strategy,
                    new AtomicInteger(),
                    new AtomicInteger(),
                    new AtomicInteger(),
                    new AtomicInteger(),
                    new AtomicInteger(),
                    new ConcurrentHashMap<>());
        }
    }

    /**
     * The drill: 200 keyed buyers per strategy, sent half to A and half to B by 64 concurrent clients; A is killed
     * with SIGKILL once a third of them are answered. A client that gets no answer, 503 or 409 in-flight retries with
     * the same key on B until it gets 201. Afterwards every buyer holds exactly one order, the database holds exactly
     * those orders, and every audit passes.
     */
    @Test
    void aSaleSurvivesTheKillOfOneOfItsTwoInstancesWithNothingLostOrDoubled() throws Exception {
        int buyers = 200;
        List<String> strategies = List.of("conditional", "batched", "pessimistic");
        Map<String, String> skus = new LinkedHashMap<>();
        for (String strategy : strategies) {
            skus.put(strategy, createSku(strategy, buyers + 50));
        }
        Map<String, Tally> tallies = new LinkedHashMap<>();
        strategies.forEach(strategy -> tallies.put(strategy, new Tally(strategy)));
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<Callable<Void>> calls = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            for (String strategy : strategies) {
                ServiceInstance first = i % 2 == 0 ? a : b;
                String buyer = strategy + "-buyer-" + i;
                calls.add(() -> {
                    buyUntilAcknowledged(first, skus.get(strategy), buyer, tallies.get(strategy), killed);
                    if (answered.incrementAndGet() == buyers * strategies.size() / 3) {
                        a.kill();
                        killed.set(true);
                    }
                    return null;
                });
            }
        }
        ExecutorService drill =
                Executors.newFixedThreadPool(64, Thread.ofVirtual().factory());
        try {
            for (Future<Void> call : drill.invokeAll(calls)) {
                call.get();
            }
        } finally {
            drill.shutdownNow();
        }

        assertThat(killed).isTrue();
        for (Tally tally : tallies.values()) {
            String sku = skus.get(tally.strategy());
            JsonNode audit = audit(b, sku);
            System.out.printf(
                    "kill -9 drill, %s: %d buyers, %d acknowledged before the kill, %d cut off by the kill, %d answered"
                            + " 503, %d answered 409 in-flight, %d retries; orders %d, lost %d, duplicated %d%n",
                    tally.strategy(),
                    buyers,
                    tally.acknowledgedBeforeKill().get(),
                    tally.cutOff().get(),
                    tally.busy().get(),
                    tally.inFlight().get(),
                    tally.retries().get(),
                    audit.path("orders").asInt(),
                    lost(sku, tally),
                    audit.path("duplicateIdempotencyKeys").asInt());
            assertThat(tally.orderIdByBuyer()).as(tally.strategy()).hasSize(buyers);
            assertThat(audit.path("passed").asBoolean()).as(tally.strategy()).isTrue();
            assertThat(audit.path("orders").asInt()).as(tally.strategy()).isEqualTo(buyers);
            assertThat(lost(sku, tally)).as(tally.strategy()).isZero();
            assertThat(audit.path("duplicateIdempotencyKeys").asInt()).isZero();
        }
    }

    /** One client: its first attempt on {@code first}, every retry (same key) on B, until it holds an order. */
    private void buyUntilAcknowledged(
            ServiceInstance first, String sku, String buyer, Tally tally, AtomicBoolean killed)
            throws InterruptedException {
        ServiceInstance target = first;
        for (int attempt = 0; attempt < 200; attempt++) {
            if (attempt > 0) {
                tally.retries().incrementAndGet();
                target = b;
                Thread.sleep(Duration.ofMillis(50));
            }
            HttpResponse<String> reply;
            try {
                reply = send(purchase(target, sku, buyer, "key-" + buyer));
            } catch (IOException e) {
                tally.cutOff().incrementAndGet();
                continue;
            }
            switch (reply.statusCode()) {
                case 201 -> {
                    String orderId = JSON.readTree(reply.body()).path("orderId").asString();
                    String earlier = tally.orderIdByBuyer().putIfAbsent(buyer, orderId);
                    assertThat(earlier).as("one order per key").isIn(null, orderId);
                    if (!killed.get() && attempt == 0) {
                        tally.acknowledgedBeforeKill().incrementAndGet();
                    }
                    return;
                }
                case 503 -> tally.busy().incrementAndGet();
                case 409 -> tally.inFlight().incrementAndGet();
                default -> throw new AssertionError("unexpected answer " + reply.statusCode() + ": " + reply.body());
            }
        }
        throw new AssertionError(buyer + " never got an order");
    }

    /** Orders that a client was given (201) and the database does not hold. */
    private long lost(String sku, Tally tally) throws SQLException {
        Set<String> stored = new HashSet<>();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM orders WHERE sku_id = ?")) {
            select.setString(1, sku);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    stored.add(row.getString(1));
                }
            }
        }
        return tally.orderIdByBuyer().values().stream()
                .filter(id -> !stored.contains(id))
                .count();
    }

    private String createSku(int stock) throws IOException, InterruptedException {
        return createSku("conditional", stock);
    }

    private String createSku(String strategy, int stock) throws IOException, InterruptedException {
        String id = strategy + "-kill-" + UUID.randomUUID();
        HttpResponse<String> created = send(HttpRequest.newBuilder(b.baseUri().resolve("/api/skus"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"%s\",\"name\":\"item\",\"stock\":%d,\"strategy\":\"%s\"}"
                                .formatted(id, stock, strategy)))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return id;
    }

    private static HttpRequest purchase(ServiceInstance instance, String sku, String buyer, String key) {
        return HttpRequest.newBuilder(instance.baseUri().resolve("/api/skus/" + sku + "/purchases"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"buyerId\":\"%s\",\"quantity\":1}".formatted(buyer)))
                .build();
    }

    private JsonNode audit(ServiceInstance instance, String sku) throws IOException, InterruptedException {
        return JSON.readTree(send(HttpRequest.newBuilder(instance.baseUri().resolve("/api/skus/" + sku + "/audit"))
                        .build())
                .body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void lockSku(Connection holder, String sku) throws SQLException {
        try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM skus WHERE id = ? FOR UPDATE")) {
            lock.setString(1, sku);
            lock.executeQuery().close();
        }
    }

    /** Waits until the key is claimed, and answers the number of the instance that claimed it. */
    private int awaitClaimOwner(String buyer, String key) {
        return await().until(
                        () -> {
                            try (Connection connection = database.getConnection();
                                    PreparedStatement select =
                                            connection.prepareStatement("SELECT owner FROM idempotency_keys"
                                                    + " WHERE buyer_id = ? AND idem_key = ? AND state = 'in_flight'")) {
                                select.setString(1, buyer);
                                select.setString(2, key);
                                try (ResultSet row = select.executeQuery()) {
                                    return row.next() ? row.getInt(1) : null;
                                }
                            }
                        },
                        owner -> owner != null);
    }

    /** Whether PostgreSQL still holds the liveness lock of instance {@code number} (see {@link InstanceLiveness}). */
    private boolean instanceAlive(int number) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND classid = ? AND objid = ? AND objsubid = 2 AND granted")) {
            select.setLong(1, InstanceLiveness.LOCK_CLASS);
            select.setLong(2, number);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1) > 0;
            }
        }
    }
}
