package dev.stampede.etcd;

import dev.stampede.core.StoreUnavailableException;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

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
 *   <li>uses its process's {@link HolderSession} for the TTL: one etcd lease of the TTL (rounded up to whole seconds;
 *       etcd raises it to its minimum, about 2 s with default timings, and the lease's expiry says what was granted),
 *       granted by the first acquirer and kept alive from then on, not one lease per lock;
 *   <li>puts its waiter key {@code <prefix><name>/<lease id>-<number>}, bound to that lease, with the owner as its
 *       value, and in the same transaction reads the oldest key of that name: if it is its own, it holds the lock
 *       (one write, one round trip, when nobody else waits);
 *   <li>otherwise holds the lock once no key of that name has a smaller create revision, checked in one read-only
 *       transaction that also checks that its own key still exists; until then it watches the key just before its
 *       own until it is deleted, and checks again. Waiters are served in arrival order, each watching only its
 *       predecessor.
 * </ol>
 *
 * <p><b>The fencing token</b> is the create revision of the holder's key: etcd's revision is global to the cluster and
 * only grows, and a waiter holds the lock only after every key created before its own is gone, so each holder's token
 * is larger than its predecessors'.
 *
 * <p><b>Losing a lease:</b> jetcd keeps the session's etcd lease alive (one keep-alive stream, to any member); a held
 * lock's lost-lease signal is raised when etcd says it no longer has the session's lease, when no keep-alive was
 * answered for a whole TTL (both end every lock of the session at once: their keys go with the lease), when {@link
 * #renew} finds the key or the lease gone, and when this lock is closed. {@link #renew} is a single keep-alive: etcd
 * restarts a lease's countdown from its granted TTL, so the {@code ttl} passed to it cannot change the length of the
 * lease. {@link #release} deletes the key in one transaction that compares its create revision with the token and its
 * value with the owner; the session's lease stays for the next lock.
 *
 * <p><b>When etcd cannot decide</b> (no quorum, no member reachable) every call throws {@link
 * dev.stampede.core.StoreUnavailableException} naming the endpoints and the step, at most the configured answer
 * timeout after the step began and never later than {@code maxWait} plus that timeout: the client sends the
 * {@code hasleader} header so that a member without a leader refuses at once, jetcd skips members it cannot reach and
 * retries the reads on another, and nothing waits for a member to come back. An acquirer that gives up, for either
 * reason, deletes its waiter key so that it does not hold up the next ones; a key that cannot be deleted (on giving up or
 * on release) ends its session, whose lease etcd then expires after the TTL, taking the key with it, since a key
 * bound to a lease kept alive would hold the lock forever; so does an acquire that etcd could not decide, whose key
 * may have been put.
 */
public final class EtcdLeaseLock implements LeaseLock, AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(5);
    private static final GetOption OLDEST = GetOption.builder()
            .isPrefix(true)
            .withSortField(GetOption.SortTarget.CREATE)
            .withSortOrder(GetOption.SortOrder.ASCEND)
            .withLimit(1)
            .withKeysOnly(true)
            .build();

    private final Client client;
    private final KV kv;
    private final io.etcd.jetcd.Lease leases;
    private final EtcdCalls calls;
    private final ConcurrentMap<Long, HolderSession> sessionsByTtl = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, Held> heldByToken = new ConcurrentHashMap<>();
    private final AtomicLong waiters = new AtomicLong();

    /** A lock this process holds: its session and its key. */
    private record Held(HolderSession session, ByteSequence key) {}

    /** A waiter key just put (or found, if jetcd retried the put): its create revision, and whether it is the oldest. */
    private record Enqueued(long token, boolean first) {}

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
        HolderSession session = session(name, wholeSeconds(ttl), decideBy);
        ByteSequence key = waiterKey(name, session.leaseId(), waiters.incrementAndGet());
        try {
            Enqueued queued = enqueue(name, key, owner, session.leaseId(), decideBy);
            if (!queued.first() && !awaitTurn(name, key, queued.token(), session, waitUntil, decideBy)) {
                delete(session, key, queued.token(), "withdrawing a waiter for '" + name + "' that gave up", decideBy);
                return Optional.empty();
            }
            Lease lease = new Lease(name, owner, queued.token(), session.confirmedUntil());
            heldByToken.put(queued.token(), new Held(session, key));
            session.hold(lease);
            return Optional.of(lease);
        } catch (StoreUnavailableException e) {
            abandon(session, "etcd could not decide while a lock of this session was being taken: " + e.getMessage());
            throw e;
        }
    }

    /**
     * The session for {@code ttlSeconds}: the current one, or a newly granted one if there is none or it was lost.
     * Granting is serialized so that concurrent first acquirers share one lease.
     */
    private HolderSession session(String name, long ttlSeconds, long decideBy) {
        HolderSession current = sessionsByTtl.get(ttlSeconds);
        if (current != null && !current.isLost()) {
            return current;
        }
        synchronized (sessionsByTtl) {
            current = sessionsByTtl.get(ttlSeconds);
            if (current != null && !current.isLost()) {
                return current;
            }
            Instant grantedAt = Instant.now();
            LeaseGrantResponse grant =
                    calls.await("granting a lease for lock '" + name + "'", leases.grant(ttlSeconds), decideBy);
            HolderSession granted = new HolderSession(
                    ttlSeconds, KeptAlive.start(leases, grant.getID(), grantedAt.plusSeconds(grant.getTTL())));
            granted.lost().thenRun(() -> heldByToken.values().removeIf(held -> held.session() == granted));
            sessionsByTtl.put(ttlSeconds, granted);
            return granted;
        }
    }

    /**
     * Puts the waiter key (again, harmlessly, if jetcd retries) and, in the same transaction, reads the oldest waiter
     * key of the name.
     */
    private Enqueued enqueue(String name, ByteSequence key, String owner, long leaseId, long decideBy) {
        TxnResponse put = calls.await(
                "adding a waiter for lock '" + name + "'",
                kv.txn(TxnOption.builder().withAutoRetry().build())
                        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                        .Then(
                                Op.put(
                                        key,
                                        bytes(owner),
                                        PutOption.builder().withLeaseId(leaseId).build()),
                                Op.get(queue(name), OLDEST))
                        .Else(Op.get(key, GetOption.DEFAULT))
                        .commit(),
                decideBy);
        if (!put.isSucceeded()) {
            return new Enqueued(
                    put.getGetResponses().getFirst().getKvs().getFirst().getCreateRevision(), false);
        }
        long token = put.getHeader().getRevision();
        List<KeyValue> oldest = put.getGetResponses().getFirst().getKvs();
        return new Enqueued(token, !oldest.isEmpty() && oldest.getFirst().getCreateRevision() == token);
    }

    /** True once the waiter holds the lock, false if another still did at {@code waitUntil}. */
    private boolean awaitTurn(
            String name, ByteSequence key, long token, HolderSession session, long waitUntil, long decideBy) {
        GetOption previous = GetOption.builder()
                .isPrefix(true)
                .withMaxCreateRevision(token - 1)
                .withSortField(GetOption.SortTarget.CREATE)
                .withSortOrder(GetOption.SortOrder.DESCEND)
                .withLimit(1)
                .withKeysOnly(true)
                .build();
        while (true) {
            if (session.isLost()) {
                throw calls.unavailable(
                        "a waiter for lock '" + name + "' lost its lease while it waited: "
                                + session.lost().join(),
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
                    session,
                    waitUntil);
        }
    }

    /** Waits until {@code key} is deleted at or after {@code revision}, the waiter's lease is lost, or time is up. */
    private void awaitDeletion(String name, ByteSequence key, long revision, HolderSession session, long waitUntil) {
        CompletableFuture<Void> deleted = new CompletableFuture<>();
        WatchOption deletions =
                WatchOption.builder().withRevision(revision).withNoPut(true).build();
        Watch.Listener listener = Watch.listener(
                response -> deleted.complete(null), deleted::completeExceptionally, () -> deleted.complete(null));
        try (Watch.Watcher ignored = client.getWatchClient().watch(key, deletions, listener)) {
            CompletableFuture.anyOf(deleted, session.lost()).get(waitUntil - System.nanoTime(), TimeUnit.NANOSECONDS);
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
        Held held = heldByToken.get(lease.token());
        Optional<ByteSequence> key = held != null
                ? Optional.of(held.key())
                : lockKey(lease, decideBy).map(KeyValue::getKey);
        if (key.isEmpty()) {
            lease.signalLost("release found the lock key gone: the lease expired or was released");
            return false;
        }
        TxnResponse deleted;
        try {
            deleted = calls.await(
                    "releasing " + lease,
                    kv.txn()
                            .If(
                                    new Cmp(key.get(), Cmp.Op.EQUAL, CmpTarget.createRevision(lease.token())),
                                    new Cmp(key.get(), Cmp.Op.EQUAL, CmpTarget.value(bytes(lease.owner()))))
                            .Then(Op.delete(key.get(), DeleteOption.DEFAULT))
                            .Else(Op.get(key.get(), GetOption.DEFAULT))
                            .commit(),
                    decideBy);
        } catch (StoreUnavailableException e) {
            if (held != null) {
                abandon(held.session(), "releasing " + lease + " got no answer: " + e.getMessage());
            }
            throw e;
        }
        if (deleted.isSucceeded()) {
            forget(lease);
            return true;
        }
        if (deleted.getGetResponses().getFirst().getKvs().isEmpty()) {
            forget(lease);
            lease.signalLost("release found the lock key gone: the lease expired or was released");
            return false;
        }
        lease.signalLost("release found the lock key with token " + lease.token() + " held by another owner");
        return false;
    }

    /**
     * Deletes the waiter key of {@code token} if it is still there; if etcd cannot be told, ends {@code session} so that
     * the key expires with its lease.
     */
    private void delete(HolderSession session, ByteSequence key, long token, String step, long decideBy) {
        try {
            calls.await(
                    step,
                    kv.txn()
                            .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(token)))
                            .Then(Op.delete(key, DeleteOption.DEFAULT))
                            .commit(),
                    decideBy);
        } catch (StoreUnavailableException e) {
            abandon(session, step + " got no answer: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Ends {@code session} after etcd did not answer one of its steps: its locks are told they are lost, its keep-alive
     * stops, and etcd is asked to revoke its lease, so that a key it may have put after all goes as soon as etcd can
     * decide again instead of holding the lock for another TTL (etcd renews every lease when a new leader is elected).
     * The revocation is not awaited; if it fails too, the keys go when the lease expires.
     */
    private void abandon(HolderSession session, String reason) {
        session.lose(reason);
        leases.revoke(session.leaseId());
    }

    /**
     * Stops keeping the session of {@code lease} alive, as if its holder had paused: etcd expires it after its TTL, with
     * every lock of that session; the next acquirer grants a new session. For tests.
     */
    void stopKeepingAlive(Lease lease) {
        Held held = heldByToken.remove(lease.token());
        if (held != null) {
            sessionsByTtl.remove(held.session().ttlSeconds(), held.session());
            held.session().stopKeepingAlive();
        }
    }

    /** True while etcd stores the lock key of {@code lease} (whoever holds it). For tests. */
    boolean isStored(Lease lease) {
        return lockKey(lease, calls.deadlineForOneStep()).isPresent();
    }

    /** Stops every keep-alive (their leases are reported lost) and closes the connections. */
    @Override
    public void close() {
        sessionsByTtl
                .values()
                .forEach(session -> session.lose("the etcd lock was closed: its leases are no longer kept alive"));
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
        Held held = heldByToken.remove(lease.token());
        if (held != null) {
            held.session().letGo(lease.token());
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

    private static ByteSequence waiterKey(String name, long leaseId, long number) {
        return queue(name).concat(bytes(Long.toHexString(leaseId) + "-" + Long.toHexString(number)));
    }

    private static long wholeSeconds(Duration ttl) {
        return Math.max(1, ttl.plusNanos(999_999_999).toSeconds());
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
