package dev.stampede.devservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Redis Cluster of six {@code redis-server} processes: it forms with three masters and three replicas, serves
 * every slot, refuses a script whose keys are on different slots, promotes a replica when its master is killed, and
 * {@code close()} stops every process. One cluster for the class (forming one takes seconds); the kill runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRedisClusterTest {

    private static LocalRedisCluster cluster;

    @BeforeAll
    static void start() {
        TestRedisCluster.require();
        cluster = LocalRedisCluster.start(0);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void formsThreeMastersEachWithOneReplicaServingEverySlot() {
        int port = cluster.ports().getFirst();
        List<String> nodes = cluster.cli(port, "CLUSTER", "NODES").lines().toList();

        assertThat(nodes).hasSize(LocalRedisCluster.NODES);
        assertThat(nodes).filteredOn(node -> node.contains("master")).hasSize(3);
        assertThat(nodes).filteredOn(node -> node.contains("slave")).hasSize(3);
        assertThat(cluster.cli(port, "CLUSTER", "INFO"))
                .contains("cluster_state:ok")
                .contains("cluster_slots_ok:16384");
        assertThat(cluster.nodes().split(",")).hasSize(6).allMatch(node -> node.startsWith("127.0.0.1:"));
    }

    @Test
    @Order(1)
    void eachMasterServesItsThirdOfTheSlotsInStartOrderAndEachReplicaItsMasters() {
        Map<Integer, Integer> firstSlots = cluster.firstSlotOfMaster();
        List<Integer> ports = cluster.ports();

        assertThat(firstSlots).containsOnlyKeys(ports);
        assertThat(ports.subList(0, 3).stream().map(firstSlots::get)).containsExactly(0, 5461, 10923);
        assertThat(ports.subList(3, 6).stream().map(firstSlots::get)).containsExactlyInAnyOrder(0, 5461, 10923);
    }

    @Test
    @Order(2)
    void aScriptWhoseKeysShareAHashTagRunsAndOneAcrossSlotsIsRefused() {
        String together = setBoth("sku:{42}:meta", "sku:{42}:records");
        String across = setBoth("sku:{42}:meta", "sku:{43}:meta");

        assertThat(together.strip()).isEqualTo("OK");
        assertThat(across).contains("CROSSSLOT");
    }

    /** What one script setting both keys answers. */
    private static String setBoth(String first, String second) {
        return cluster.cli(
                cluster.ports().getFirst(),
                "-c",
                "EVAL",
                "redis.call('SET', KEYS[1], 'a'); return redis.call('SET', KEYS[2], 'b')",
                "2",
                first,
                second);
    }

    @Test
    @Order(3)
    void killingAMasterPromotesItsReplicaAndTheClusterIsOkAgain() {
        int survivor = cluster.ports().getLast();
        String master = cluster.cli(survivor, "CLUSTER", "NODES")
                .lines()
                .filter(node -> node.contains("master") && !node.contains("myself"))
                .findFirst()
                .orElseThrow();
        String masterId = master.split(" ")[0];
        int masterPort = Integer.parseInt(master.split(" ")[1].replaceAll(".*:(\\d+)@.*", "$1"));

        ProcessHandle.of(cluster.pid(masterPort)).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String nodes = cluster.cli(survivor, "CLUSTER", "NODES");
            return nodes.lines().anyMatch(node -> node.startsWith(masterId) && node.contains("fail"))
                    && nodes.lines()
                                    .filter(node -> node.contains("master") && !node.contains("fail"))
                                    .count()
                            == 3
                    && cluster.cli(survivor, "CLUSTER", "INFO").contains("cluster_state:ok");
        });
    }

    @Test
    @Order(4)
    void closingStopsEveryNodeProcess() {
        List<ProcessHandle> nodes = cluster.ports().stream()
                .map(port -> ProcessHandle.of(cluster.pid(port)))
                .flatMap(java.util.Optional::stream)
                .toList();

        cluster.close();
        cluster = null;

        assertThat(nodes).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    @Order(5)
    void fewerThanThreeMastersAreRefusedBeforeAnyNodeStarts() {
        assertThatThrownBy(() -> LocalRedisCluster.start(0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 to");
    }
}
