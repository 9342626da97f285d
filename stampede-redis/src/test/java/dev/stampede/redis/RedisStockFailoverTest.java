package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.PurchaseResult.SoldOut;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.devservers.LocalRedisCluster;
import dev.stampede.devservers.TestRedisCluster;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.redis.RedisStockPurchase.Steps;
import dev.stampede.testkit.ConcurrentCalls;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 4: a {@code redis} flash sale on a real Redis Cluster ({@link LocalRedisCluster}) whose master holding
 * the SKU's stock is killed with SIGKILL mid-sale, after acknowledging takes it never replicated (Redis replication is
 * asynchronous). Its replica is promoted with a copy that lacks those takes, so it holds more stock than PostgreSQL.
 * The durable record decides ({@link dev.stampede.core.sale.StockCopies}): every acknowledged order is in PostgreSQL,
 * the sale goes on through the promoted replica, no unit is sold twice and exactly the stock is sold.
 */
class RedisStockFailoverTest {

    private static final int STOCK = 60;
    private static final int BEFORE = 20;
    private static final int UNREPLICATED = 10;

    private final LocalRedisCluster cluster = startCluster();
    private final RedisClusterClient client =
            RedisClusterClient.create(Arrays.stream(cluster.nodes().split(","))
                    .map(node -> RedisURI.create("redis://" + node))
                    .toList());
    private final StatefulRedisClusterConnection<String, String> connection = connect(client);
    private final RedisStock stock = RedisStock.of(
            connection.sync(),
            "failover-" + UUID.randomUUID() + ":",
            RedisSale.SKUS,
            RedisSale.copies(TestDatabase.dataSource()),
            Clock.systemUTC());
    private final RedisStockPurchase sale =
            new RedisStockPurchase(stock, RedisSale.WRITES, Steps.NONE, PurchaseListener.NONE);

    private static LocalRedisCluster startCluster() {
        TestRedisCluster.require();
        return LocalRedisCluster.start(0);
    }

    /** As the service connects to a cluster: commands rejected at once while a node is down, topology re-read. */
    private static StatefulRedisClusterConnection<String, String> connect(RedisClusterClient client) {
        client.setOptions(ClusterClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(Duration.ofSeconds(1))
                        .build())
                .build());
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        connection.setTimeout(Duration.ofSeconds(2));
        return connection;
    }

    @AfterEach
    void stop() {
        sale.close();
        connection.close();
        client.shutdown();
        cluster.close();
    }

    @Test
    void aMasterKilledAfterAcknowledgingTakesItNeverReplicatedLosesNoAcknowledgedOrderAndSellsNothingTwice()
            throws IOException, InterruptedException {
        String sku = RedisSale.newSku(STOCK);
        List<PurchaseResult> before =
                ConcurrentCalls.run(4, BEFORE, i -> sale.purchase(PurchaseRequest.of(sku, "before-" + i, 1)));
        assertThat(before).allMatch(Purchased.class::isInstance);
        String meta = stock.keys().meta(sku);
        int master = masterOf(meta);
        int replica = replicaOf(master);
        await("the replica has every write so far")
                .until(() -> offset(replica, "slave_repl_offset").equals(offset(master, "master_repl_offset")));

        // The replica stops reading, and the master drops its link: what the master takes now stays on the master.
        signal("STOP", cluster.pid(replica));
        cluster.cli(master, "CLIENT", "KILL", "TYPE", "replica");
        List<Purchased> unreplicated = new ArrayList<>();
        for (int i = 0; i < UNREPLICATED; i++) {
            unreplicated.add((Purchased) sale.purchase(PurchaseRequest.of(sku, "unreplicated-" + i, 1)));
        }
        String seqOnTheMaster = seq(master, meta);
        ProcessHandle.of(cluster.pid(master)).orElseThrow().destroyForcibly();
        long killedAt = System.nanoTime();
        signal("CONT", cluster.pid(replica));

        AtomicInteger busyDuringTheFailover = new AtomicInteger(-1);
        AtomicReference<PurchaseResult> first = new AtomicReference<>();
        await("a purchase answered by the promoted replica")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    first.set(sale.purchase(PurchaseRequest.of(sku, "after-failover", 1)));
                    busyDuringTheFailover.incrementAndGet();
                    return !(first.get() instanceof Busy);
                });
        Duration toRecover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(cluster.cli(replica, "ROLE")).startsWith("master");
        String seqOnThePromoted = seq(replica, meta);
        assertThat(Long.parseLong(seqOnThePromoted))
                .as("the promoted replica lacks the takes its master acknowledged last")
                .isLessThan(Long.parseLong(seqOnTheMaster));
        List<PurchaseResult> after = new ArrayList<>(List.of(first.get()));
        for (int i = 0; !(after.getLast() instanceof SoldOut); i++) {
            after.add(sale.purchase(PurchaseRequest.of(sku, "after-" + i, 1)));
        }

        List<Purchased> acknowledged = new ArrayList<>(unreplicated);
        before.forEach(result -> acknowledged.add((Purchased) result));
        after.stream().filter(Purchased.class::isInstance).forEach(result -> acknowledged.add((Purchased) result));
        assertThat(after).filteredOn(Purchased.class::isInstance).hasSize(STOCK - BEFORE - UNREPLICATED);
        assertThat(after)
                .as("a take from the stale copy that PostgreSQL cannot cover sells nothing")
                .filteredOn(result -> !(result instanceof Purchased || result instanceof SoldOut))
                .containsOnly(new Busy("the stock in redis was stale"));
        assertThat(RedisStockFencingTest.storedOrders(acknowledged))
                .as("every acknowledged order is in PostgreSQL")
                .isEqualTo(acknowledged.size());
        assertThat(acknowledged).hasSize(STOCK);
        SaleAudit audit = sale.skus().audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.orders()).isEqualTo(STOCK);
        assertThat(audit.unitsInOrders()).isEqualTo(STOCK);
        assertThat(audit.stock()).isZero();
        System.out.printf(
                "redis failover drill: %d sold and replicated, %d acknowledged by the master alone (its takes %s, the"
                        + " promoted replica's %s); %d attempts busy (one every 100 ms) until the first sale %d ms"
                        + " after the kill; %d sold after it, 1 busy (stale copy), then sold out; %d orders, 0 lost%n",
                BEFORE,
                UNREPLICATED,
                seqOnTheMaster,
                seqOnThePromoted,
                busyDuringTheFailover.get(),
                toRecover.toMillis(),
                STOCK - BEFORE - UNREPLICATED,
                audit.orders());
    }

    /** The port of the master serving {@code key}'s slot. */
    private int masterOf(String key) {
        int port = cluster.ports().getFirst();
        String slot = cluster.cli(port, "CLUSTER", "KEYSLOT", key).strip();
        for (List<Object> range : slots(port)) {
            if (Long.parseLong(range.get(0).toString()) <= Long.parseLong(slot)
                    && Long.parseLong(slot) <= Long.parseLong(range.get(1).toString())) {
                return Integer.parseInt(range.get(2).toString());
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** {@code [first slot, last slot, master port]} per range, from {@code CLUSTER NODES}. */
    private List<List<Object>> slots(int port) {
        List<List<Object>> ranges = new ArrayList<>();
        cluster.cli(port, "CLUSTER", "NODES")
                .lines()
                .filter(node -> node.contains("master") && !node.contains("fail"))
                .forEach(node -> {
                    String[] fields = node.split(" ");
                    int nodePort = portOf(fields[1]);
                    for (int i = 8; i < fields.length; i++) {
                        String[] bounds = fields[i].split("-");
                        ranges.add(List.of(bounds[0], bounds[bounds.length - 1], nodePort));
                    }
                });
        return ranges;
    }

    /** The port of the replica of the master on {@code master}. */
    private int replicaOf(int master) {
        String id = cluster.cli(master, "CLUSTER", "MYID").strip();
        return cluster.cli(master, "CLUSTER", "NODES")
                .lines()
                .filter(node -> node.contains("slave " + id))
                .map(node -> portOf(node.split(" ")[1]))
                .findFirst()
                .orElseThrow();
    }

    private static int portOf(String address) {
        return Integer.parseInt(address.replaceAll(".*:(\\d+)@.*", "$1"));
    }

    /** The count of takes in the copy that the master on {@code port} holds. */
    private String seq(int port, String meta) {
        return cluster.cli(port, "HGET", meta, "seq").strip();
    }

    /** A replication offset from the node's {@code INFO replication}. */
    private String offset(int port, String field) {
        return cluster.cli(port, "INFO", "replication")
                .lines()
                .filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(field.length() + 1).strip())
                .findFirst()
                .orElse("none");
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertThat(kill.waitFor()).isZero();
    }
}
