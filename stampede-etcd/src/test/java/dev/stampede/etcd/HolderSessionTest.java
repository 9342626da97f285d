package dev.stampede.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.lock.Lease;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 17 item 3: a lock cycle on etcd costs no lease grant nor revocation, only its key's put and delete. */
class HolderSessionTest {

    /** A TTL no other test of this class's cluster uses, so that its session is this test's own. */
    private static final Duration TTL = Duration.ofSeconds(7);

    @RegisterExtension
    static final TestEtcd ETCD = new TestEtcd();

    private Client observer;

    @BeforeEach
    void connect() {
        observer = Client.builder()
                .endpoints(ETCD.cluster().endpoints().toArray(String[]::new))
                .build();
    }

    @AfterEach
    void disconnect() {
        observer.close();
    }

    /** The etcd lease that the key of {@code lease} is bound to, read from outside the lock. */
    private long etcdLeaseOf(Lease lease) {
        ByteSequence everyKey = ByteSequence.from(new byte[] {0});
        GetOption byToken = GetOption.builder()
                .withRange(everyKey)
                .withMinCreateRevision(lease.token())
                .withMaxCreateRevision(lease.token())
                .build();
        return observer.getKVClient()
                .get(everyKey, byToken)
                .join()
                .getKvs()
                .getFirst()
                .getLease();
    }

    @Test
    void locksHeldAtOnceAndOneAfterAnotherAllShareOneEtcdLease() {
        EtcdLeaseLock lock = ETCD.lock();

        Lease first = lock.acquire("session-" + UUID.randomUUID(), "a", TTL, Duration.ZERO)
                .orElseThrow();
        Lease second = lock.acquire("session-" + UUID.randomUUID(), "b", TTL, Duration.ZERO)
                .orElseThrow();
        long session = etcdLeaseOf(first);
        assertThat(etcdLeaseOf(second)).as("one lease granted for both locks").isEqualTo(session);

        assertThat(lock.release(first)).isTrue();
        assertThat(lock.release(second)).isTrue();
        Lease third = lock.acquire("session-" + UUID.randomUUID(), "c", TTL, Duration.ZERO)
                .orElseThrow();
        assertThat(etcdLeaseOf(third))
                .as("the releases revoked nothing and the next lock granted nothing")
                .isEqualTo(session);
        assertThat(third.token()).isGreaterThan(second.token());
        assertThat(lock.release(third)).isTrue();
    }

    @Test
    void aSessionThatStopsBeingKeptAliveEndsItsLocksAndTheNextAcquirerGrantsANewOne() {
        EtcdLeaseLock lock = ETCD.lock();
        String name = "session-" + UUID.randomUUID();
        Lease paused = lock.acquire(name, "a", TTL, Duration.ZERO).orElseThrow();
        Lease sameSession = lock.acquire("session-" + UUID.randomUUID(), "b", TTL, Duration.ZERO)
                .orElseThrow();
        long pausedSession = etcdLeaseOf(paused);

        lock.stopKeepingAlive(paused);
        await().atMost(TTL.plus(Duration.ofSeconds(20)))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !lock.isStored(paused) && !lock.isStored(sameSession));

        Lease next = lock.acquire(name, "c", TTL, Duration.ZERO).orElseThrow();
        assertThat(next.token()).isGreaterThan(paused.token());
        assertThat(etcdLeaseOf(next)).as("a new session").isNotEqualTo(pausedSession);
        assertThat(lock.release(sameSession))
                .as("its key went with the session's lease")
                .isFalse();
        assertThat(sameSession.isLost()).isTrue();
        assertThat(lock.release(next)).isTrue();
    }
}
