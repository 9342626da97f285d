package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.devservers.EmbeddedPostgresServer;
import dev.stampede.devservers.EmbeddedRedisServer;
import dev.stampede.devservers.LocalHaproxy;
import dev.stampede.devservers.TestHaproxyBinary;
import dev.stampede.jdbc.InstanceLiveness;
import java.io.IOException;
import java.net.URI;
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
import java.util.function.IntFunction;
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
            AtomicInteger acknowledgedAfterKill,
            AtomicInteger cutOff,
            AtomicInteger busy,
            AtomicInteger outcomeUnknown,
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
        drill(
                List.of("conditional", "batched", "pessimistic"),
                i -> i % 2 == 0 ? a.baseUri() : b.baseUri(),
                b.baseUri());
    }

    /**
     * The same drill behind a real HAProxy (issue 16 item 3): every attempt, first or retry, goes to the balancer,
     * which spreads the buyers over A and B by least connections. After A's kill the balancer sends the retries and
     * the buyers still to come to B (a refused connection is redispatched; two failed health checks take A out), so
     * the sale goes on through B; a buyer whose request A had taken is answered 503 {@code outcome-unknown} (HAProxy's
     * 502) or gets no answer, and its keyed retry through the balancer is answered its one order.
     */
    @Test
    void aSaleBehindHaproxySurvivesTheKillOfOneInstanceWithNothingLostOrDoubled() throws Exception {
        TestHaproxyBinary.require();
        try (LocalHaproxy balancer = LocalHaproxy.start(
                List.of(a.baseUri(), b.baseUri()), "/actuator/health/readiness", Duration.ofMinutes(1))) {
            Map<String, Tally> tallies =
                    drill(List.of("redis", "batched", "conditional"), i -> balancer.uri(), balancer.uri());
            for (Tally tally : tallies.values()) {
                assertThat(tally.acknowledgedBeforeKill().get())
                        .as(tally.strategy() + ": sold before the kill")
                        .isPositive();
                assertThat(tally.acknowledgedAfterKill().get())
                        .as(tally.strategy() + ": the sale goes on through the other instance")
                        .isPositive();
            }
        }
    }

    /**
     * Runs the drill: each buyer's first attempt to {@code firstTarget.apply(i)}, its retries to {@code retryTarget};
     * checks that every buyer holds one order, all of them in the database, and that every audit passes.
     */
    private Map<String, Tally> drill(List<String> strategies, IntFunction<URI> firstTarget, URI retryTarget)
            throws Exception {
        int buyers = 200;
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
                URI first = firstTarget.apply(i);
                String buyer = strategy + "-buyer-" + i;
                calls.add(() -> {
                    buyUntilAcknowledged(first, retryTarget, skus.get(strategy), buyer, tallies.get(strategy), killed);
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
                    "kill -9 drill via %s, %s: %d buyers, %d acknowledged before the kill, %d after it, %d cut off by"
                            + " the kill, %d answered 503 (%d of them outcome-unknown), %d answered 409 in-flight, %d"
                            + " retries; orders %d, lost %d, duplicated %d%n",
                    retryTarget,
                    tally.strategy(),
                    buyers,
                    tally.acknowledgedBeforeKill().get(),
                    tally.acknowledgedAfterKill().get(),
                    tally.cutOff().get(),
                    tally.busy().get(),
                    tally.outcomeUnknown().get(),
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
        return tallies;
    }

    /** One client: its first attempt on {@code first}, every retry (same key) on {@code retries}, until it holds an order. */
    private void buyUntilAcknowledged(
            URI first, URI retries, String sku, String buyer, Tally tally, AtomicBoolean killed)
            throws InterruptedException {
        URI target = first;
        for (int attempt = 0; attempt < 200; attempt++) {
            if (attempt > 0) {
                tally.retries().incrementAndGet();
                target = retries;
                Thread.sleep(Duration.ofMillis(50));
            }
            boolean afterTheKill = killed.get();
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
                    } else if (afterTheKill) {
                        tally.acknowledgedAfterKill().incrementAndGet();
                    }
                    return;
                }
                case 503 -> {
                    tally.busy().incrementAndGet();
                    if (JSON.readTree(reply.body()).path("type").asString().endsWith("/outcome-unknown")) {
                        tally.outcomeUnknown().incrementAndGet();
                    }
                }
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
        return purchase(instance.baseUri(), sku, buyer, key);
    }

    private static HttpRequest purchase(URI base, String sku, String buyer, String key) {
        return HttpRequest.newBuilder(base.resolve("/api/skus/" + sku + "/purchases"))
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
