package dev.stampede.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.lock.Lease;
import dev.stampede.devservers.LocalEtcdCluster;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock while members of a three-member cluster are down: with one down, nothing changes (the whole contract runs
 * again with the leader stopped); with two down etcd has no quorum, and acquirers are told so within their wait plus
 * the answer timeout, with no lease; once the members are back, locks work again.
 */
class EtcdFaultTest {

    private static final Duration ANSWER_TIMEOUT = EtcdLockSettings.DEFAULT_ANSWER_TIMEOUT;
    private static final Duration SCHEDULING_SLACK = Duration.ofSeconds(1);

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd();

    @Test
    void withoutQuorumAnAcquirerIsToldEtcdCannotDecideWithinItsWaitAndLocksWorkAgainOnceTheMembersAreBack() {
        String name = "fault-" + UUID.randomUUID();
        Lease held =
                lock().acquire(name, "a", EtcdContractHooks.TTL, Duration.ZERO).orElseThrow();
        Duration maxWait = Duration.ofSeconds(1);
        int leader = leader();
        List<Integer> stopped = List.of(leader, (leader + 1) % cluster().size());
        stopped.forEach(cluster()::stop);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> lock().acquire(name, "b", EtcdContractHooks.TTL, maxWait))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(
                            "etcd at " + String.join(",", cluster().endpoints()) + " could not decide")
                    .hasMessageContaining("lock '" + name + "'");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isLessThan(maxWait.plus(ANSWER_TIMEOUT).plus(SCHEDULING_SLACK));

            assertThat(held.lost().toCompletableFuture())
                    .as("the holder is told once etcd could not keep its lease alive for a TTL")
                    .succeedsWithin(EtcdContractHooks.TTL.plus(ANSWER_TIMEOUT).plus(SCHEDULING_SLACK));
        } finally {
            stopped.forEach(cluster()::start);
            cluster().awaitHealthy();
        }

        Lease next = lock().acquire(name, "c", EtcdContractHooks.TTL, Duration.ofSeconds(30))
                .orElseThrow();
        assertThat(next.token()).isGreaterThan(held.token());
        assertThat(lock().renew(next, EtcdContractHooks.TTL)).isPresent();
        assertThat(lock().release(next)).isTrue();
    }

    @Test
    void aLeaseHeldWhileTheLeaderStopsIsKeptAliveThroughTheOtherMembers() {
        Duration ttl = Duration.ofSeconds(5);
        Lease lease = lock().acquire("fault-" + UUID.randomUUID(), "a", ttl, Duration.ZERO)
                .orElseThrow();
        int leader = leader();
        cluster().stop(leader);
        try {
            EtcdContractHooks.sleep(ttl.multipliedBy(3).dividedBy(2));

            assertThat(lease.isLost()).isFalse();
            assertThat(lock().renew(lease, ttl)).isPresent();
            assertThat(lock().release(lease)).isTrue();
        } finally {
            cluster().start(leader);
            cluster().awaitHealthy();
        }
    }

    /** The whole contract with the leader stopped: the client skips the dead member and a new leader takes over. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithOneMemberOfThreeStopped extends EtcdContractHooks {

        private int stopped;

        @BeforeAll
        void stopTheLeader() {
            stopped = leader();
            cluster().stop(stopped);
        }

        @AfterAll
        void startItAgain() {
            cluster().start(stopped);
            cluster().awaitHealthy();
        }

        @Override
        protected EtcdLeaseLock lock() {
            return ETCD.lock();
        }
    }

    private static LocalEtcdCluster cluster() {
        return ETCD.cluster();
    }

    private static EtcdLeaseLock lock() {
        return ETCD.lock();
    }

    /** The index of the member that leads now (all members running). */
    private static int leader() {
        try (Client client = Client.builder()
                .endpoints(cluster().endpoints().toArray(String[]::new))
                .build()) {
            URI first = URI.create(cluster().endpoints().getFirst());
            long leaderId = client.getMaintenanceClient()
                    .statusMember(first.getHost() + ":" + first.getPort())
                    .get(10, TimeUnit.SECONDS)
                    .getLeader();
            Member leader = client.getClusterClient().listMember().get(10, TimeUnit.SECONDS).getMembers().stream()
                    .filter(member -> member.getId() == leaderId)
                    .findFirst()
                    .orElseThrow();
            return cluster()
                    .endpoints()
                    .indexOf(leader.getClientURIs().getFirst().toString());
        } catch (Exception e) {
            throw new AssertionError("could not find etcd's leader", e);
        }
    }
}
