package dev.stampede.etcd;

import dev.stampede.core.lock.Lease;
import dev.stampede.core.lock.LeaseArguments;
import dev.stampede.core.lock.LeaseLock;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.TxnOption;
import io.etcd.jetcd.options.WatchOption;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link LeaseLock} on an etcd cluster (jetcd): a lease is an etcd lease, and holding the lock means owning the
 * oldest waiter key of its name.
 *
 * <p><b>The recipe</b> is etcd's own mutex (the one in {@code clientv3/concurrency}), written with plain key-value
 * calls rather than jetcd's {@code Lock} client: that service waits on the server until the lock is taken, so it
 * cannot try once ({@code maxWait} 0) nor be given up cleanly, and its key's value is empty, so a release could not
 * check the owner. Here an acquirer
 *
 * <ol>
 *   <li>grants an etcd lease of the TTL (rounded up to whole seconds; etcd raises it to its minimum, about 2 s with
 *       default timings, and the lease's expiry says what was granted) and keeps it alive from then on;
 *   <li>puts its waiter key {@code <prefix><name>/<lease id>}, bound to the lease, with the owner as its value;
 *   <li>holds the lock once no key of that name has a smaller create revision, checked in one read-only transaction
 *       that also checks that its own key still exists; otherwise it watches the key just before its own until it is
 *       deleted, and checks again. Waiters are served in arrival order, each watching only its predecessor.
 * </ol>
 *
 * <p><b>The fencing token</b> is the create revision of the holder's key: etcd's revision is global to the cluster and
 * only grows, and a waiter holds the lock only after every key created before its own is gone, so each holder's token
 * is larger than its predecessors'.
 *
 * <p><b>Losing a lease:</b> while it is held, jetcd keeps the lease alive (one keep-alive stream, to any member); the
 * lease's lost-lease signal is raised when etcd says it no longer has the lease, when no keep-alive was answered for a
 * whole TTL, when {@link #renew} finds the key or the lease gone, and when this lock is closed. {@link #renew} is a
 * single keep-alive: etcd restarts a lease's countdown from its granted TTL, so the {@code ttl} passed to it cannot
 * change the length of the lease. {@link #release} deletes the key in a transaction that compares its create revision
 * with the token and its value with the owner, then revokes the lease.
 *
 * <p><b>When etcd cannot decide</b> (no quorum, no member reachable) every call throws {@link
 * dev.stampede.core.StoreUnavailableException} naming the endpoints and the step, at most the configured answer
 * timeout after the step began and never later than {@code maxWait} plus that timeout: the client sends the
 * {@code hasleader} header so that a member without a leader refuses at once, jetcd skips members it cannot reach and
 * retries the reads on another, and nothing waits for a member to come back. An acquirer that gives up, for either
 * reason, revokes its lease so that its waiter key does not hold up the next ones (if the revocation cannot be sent,
 * the key goes when the lease expires).
 */
public final class EtcdLeaseLock implements LeaseLock, AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(5);

    private final Client client;
    private final KV kv;
    private final io.etcd.jetcd.Lease leases;
    private final EtcdCalls calls;
    private final ConcurrentMap<Long, KeptAlive> heldByToken = new ConcurrentHashMap<>();

    private EtcdLeaseLock(Client client, EtcdCalls calls) {
        this.client = client;
        this.kv = client.getKVClient();
        this.leases = client.getLeaseClient();
        this.calls = calls;
    }

    /** A lock on the etcd cluster at {@code settings}' endpoints; close it to stop its keep-alives and connections. */
    public static EtcdLeaseLock connect(EtcdLockSettings settings) {
        Client client = Client.builder()
                .endpoints(settings.endpoints().toArray(String[]::new))
                .namespace(bytes(settings.keyPrefix()))
                .header("hasleader", "true")
                .waitForReady(false)
                .connectTimeout(CONNECT_TIMEOUT)
                .keepaliveTime(PING_INTERVAL)
                .keepaliveTimeout(settings.answerTimeout())
                .retryMaxDuration(settings.answerTimeout())
                .build();
        return new EtcdLeaseLock(client, new EtcdCalls(settings.endpoints(), settings.answerTimeout()));
    }

    @Override
    public String backend() {
        return "etcd";
    }

    @Override
    public Optional<Lease> acquire(String name, String owner, Duration ttl, Duration maxWait) {
        LeaseArguments.check(name, owner, ttl, maxWait);
        long waitUntil = System.nanoTime() + maxWait.toNanos();
        long decideBy = calls.deadlineAfter(maxWait);
        Instant grantedAt = Instant.now();
        LeaseGrantResponse grant =
                calls.await("granting a lease for lock '" + name + "'", leases.grant(wholeSeconds(ttl)), decideBy);
        KeptAlive kept = KeptAlive.start(leases, grant.getID(), grantedAt.plusSeconds(grant.getTTL()));
        try {
            ByteSequence key = waiterKey(name, grant.getID());
            long token = enqueue(name, key, owner, grant.getID(), decideBy);
            if (!awaitTurn(name, key, token, kept, waitUntil, decideBy)) {
                kept.stop();
                calls.await(
                        "revoking the lease of a waiter for '" + name + "' that gave up",
                        leases.revoke(kept.leaseId()),
                        decideBy);
                return Optional.empty();
            }
            Lease lease = new Lease(name, owner, token, kept.confirmedUntil());
            heldByToken.put(token, kept);
            kept.lost().thenAccept(reason -> {
                heldByToken.remove(token, kept);
                lease.signalLost(reason);
            });
            return Optional.of(lease);
        } catch (RuntimeException e) {
            kept.stop();
            leases.revoke(kept.leaseId());
            throw e;
        }
    }

    /** Puts the waiter key (again, harmlessly, if jetcd retries) and returns its create revision. */
    private long enqueue(String name, ByteSequence key, String owner, long leaseId, long decideBy) {
        TxnResponse put = calls.await(
                "adding a waiter for lock '" + name + "'",
                kv.txn(TxnOption.builder().withAutoRetry().build())
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                        .Then(Op.put(
                                key,
                                bytes(owner),
                                PutOption.builder().withLeaseId(leaseId).build()))
                        .Else(Op.get(key, GetOption.DEFAULT))
                        .commit(),
                decideBy);
        return put.isSucceeded()
                ? put.getHeader().getRevision()
                : put.getGetResponses().getFirst().getKvs().getFirst().getCreateRevision();
    }

    /** True once the waiter holds the lock, false if another still did at {@code waitUntil}. */
    private boolean awaitTurn(
            String name, ByteSequence key, long token, KeptAlive kept, long waitUntil, long decideBy) {
        GetOption previous = GetOption.builder()
                .isPrefix(true)
                .withMaxCreateRevision(token - 1)
                .withSortField(GetOption.SortTarget.CREATE)
                .withSortOrder(GetOption.SortOrder.DESCEND)
                .withLimit(1)
                .withKeysOnly(true)
                .build();
        while (true) {
            if (kept.lost().isDone()) {
                throw calls.unavailable(
                        "a waiter for lock '" + name + "' lost its lease while it waited: "
                                + kept.lost().join(),
                        null);
            }
            TxnResponse check = calls.await(
                    "looking for earlier waiters on lock '" + name + "'",
                    kv.txn()
                            .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(token)))
                            .Then(Op.get(queue(name), previous))
                            .commit(),
                    decideBy);
            if (!check.isSucceeded()) {
                throw calls.unavailable(
                        "the waiter key for lock '" + name + "' vanished while it waited (its lease expired)", null);
            }
            GetResponse earlier = check.getGetResponses().getFirst();
            if (earlier.getKvs().isEmpty()) {
                return true;
            }
            if (System.nanoTime() - waitUntil >= 0) {
                return false;
            }
            awaitDeletion(
                    name,
                    earlier.getKvs().getFirst().getKey(),
                    check.getHeader().getRevision() + 1,
                    kept,
                    waitUntil);
        }
    }

    /** Waits until {@code key} is deleted at or after {@code revision}, the waiter's lease is lost, or time is up. */
    private void awaitDeletion(String name, ByteSequence key, long revision, KeptAlive kept, long waitUntil) {
        CompletableFuture<Void> deleted = new CompletableFuture<>();
        WatchOption deletions =
                WatchOption.builder().withRevision(revision).withNoPut(true).build();
        Watch.Listener listener = Watch.listener(
                response -> deleted.complete(null), deleted::completeExceptionally, () -> deleted.complete(null));
        try (Watch.Watcher ignored = client.getWatchClient().watch(key, deletions, listener)) {
            CompletableFuture.anyOf(deleted, kept.lost()).get(waitUntil - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a failed watch or the end of the wait: the next check decides
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw calls.unavailable("waiting for lock '" + name + "' was interrupted", e);
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        long decideBy = calls.deadlineForOneStep();
        Optional<KeyValue> stored = lockKey(lease, decideBy);
        if (stored.isEmpty()) {
            forget(lease);
            return lost(lease, "renewal found the lock key gone: the lease expired or was released");
        }
        if (!isOwnedBy(stored.get(), lease)) {
            return lost(lease, "renewal found the lock key with token " + lease.token() + " held by another owner");
        }
        Instant sentAt = Instant.now();
        Optional<LeaseKeepAliveResponse> kept = calls.await(
                "renewing " + lease,
                leases.keepAliveOnce(stored.get().getLease())
                        .thenApply(Optional::of)
                        .exceptionallyCompose(EtcdLeaseLock::emptyIfLeaseNotFound),
                decideBy);
        if (kept.isEmpty()) {
            forget(lease);
            return lost(lease, "renewal found that etcd no longer has the lease: it expired");
        }
        return Optional.of(lease.renewedUntil(sentAt.plusSeconds(kept.get().getTTL())));
    }

    @Override
    public boolean release(Lease lease) {
        long decideBy = calls.deadlineForOneStep();
        Optional<KeyValue> stored = lockKey(lease, decideBy);
        if (stored.isEmpty()) {
            forget(lease);
            lease.signalLost("release found the lock key gone: the lease expired or was released");
            return false;
        }
        ByteSequence key = stored.get().getKey();
        TxnResponse deleted = calls.await(
                "releasing " + lease,
                kv.txn()
                        .If(
                                new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(lease.token())),
                                new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(bytes(lease.owner()))))
                        .Then(Op.delete(key, DeleteOption.DEFAULT))
                        .commit(),
                decideBy);
        if (!deleted.isSucceeded()) {
            lease.signalLost("release found the lock key with token " + lease.token() + " held by another owner");
            return false;
        }
        forget(lease);
        // The lock is free once its key is gone; revoking frees the lease sooner than its expiry would.
        leases.revoke(stored.get().getLease());
        return true;
    }

    /** Stops keeping {@code lease} alive, as if its holder had paused: etcd expires it after its TTL. For tests. */
    void stopKeepingAlive(Lease lease) {
        forget(lease);
    }

    /** True while etcd stores the lock key of {@code lease} (whoever holds it). For tests. */
    boolean isStored(Lease lease) {
        return lockKey(lease, calls.deadlineForOneStep()).isPresent();
    }

    /** Stops every keep-alive (their leases are reported lost) and closes the connections. */
    @Override
    public void close() {
        heldByToken
                .values()
                .forEach(kept -> kept.lose("the etcd lock was closed: its leases are no longer kept alive"));
        client.close();
    }

    private Optional<KeyValue> lockKey(Lease lease, long decideBy) {
        GetOption byToken = GetOption.builder()
                .isPrefix(true)
                .withMinCreateRevision(lease.token())
                .withMaxCreateRevision(lease.token())
                .build();
        GetResponse found =
                calls.await("looking up the lock key of " + lease, kv.get(queue(lease.name()), byToken), decideBy);
        return found.getKvs().stream().findFirst();
    }

    private void forget(Lease lease) {
        KeptAlive kept = heldByToken.remove(lease.token());
        if (kept != null) {
            kept.stop();
        }
    }

    private static boolean isOwnedBy(KeyValue key, Lease lease) {
        return key.getValue().equals(bytes(lease.owner()));
    }

    private static Optional<Lease> lost(Lease lease, String reason) {
        lease.signalLost(reason);
        return Optional.empty();
    }

    private static CompletableFuture<Optional<LeaseKeepAliveResponse>> emptyIfLeaseNotFound(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return cause instanceof EtcdException e && e.getErrorCode() == ErrorCode.NOT_FOUND
                ? CompletableFuture.completedFuture(Optional.empty())
                : CompletableFuture.failedFuture(failure);
    }

    /** The prefix of a lock's waiter keys; the name is URL-encoded so that no name's keys fall under another's. */
    private static ByteSequence queue(String name) {
        return bytes(URLEncoder.encode(name, StandardCharsets.UTF_8) + "/");
    }

    private static ByteSequence waiterKey(String name, long leaseId) {
        return queue(name).concat(bytes(Long.toHexString(leaseId)));
    }

    private static long wholeSeconds(Duration ttl) {
        return Math.max(1, ttl.plusNanos(999_999_999).toSeconds());
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
