package dev.stampede.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One etcd lease kept alive by jetcd's keep-alive stream, and the news that it was lost.
 *
 * <p>A failed keep-alive stream is not a lost lease: jetcd opens a new stream (to another member if need be) and
 * carries on. The lease is lost when etcd answers that it no longer has it, or when no keep-alive was answered for a
 * whole TTL (jetcd then completes the observer and stops keeping it alive).
 */
final class KeptAlive implements StreamObserver<LeaseKeepAliveResponse> {

    private final long leaseId;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private volatile Instant confirmedUntil;
    private CloseableClient stream;

    private KeptAlive(long leaseId, Instant confirmedUntil) {
        this.leaseId = leaseId;
        this.confirmedUntil = confirmedUntil;
    }

    /**
     * Starts keeping {@code leaseId} alive.
     *
     * @param grantedUntil when the lease ends if it is never kept alive: the grant request's time plus its TTL
     */
    static KeptAlive start(Lease leases, long leaseId, Instant grantedUntil) {
        KeptAlive kept = new KeptAlive(leaseId, grantedUntil);
        kept.stream = leases.keepAlive(leaseId, kept);
        return kept;
    }

    long leaseId() {
        return leaseId;
    }

    /** Until when the lease lasts at least, by this machine's clock, as of etcd's latest answer. */
    Instant confirmedUntil() {
        return confirmedUntil;
    }

    /** Completes with the reason once the lease is known to be lost. */
    CompletableFuture<String> lost() {
        return lost;
    }

    /** Stops keeping the lease alive (etcd lets it expire after its TTL unless it is revoked). */
    void stop() {
        stream.close();
    }

    /** Stops keeping the lease alive and reports it lost. */
    void lose(String reason) {
        stop();
        lost.complete(reason);
    }

    @Override
    public void onNext(LeaseKeepAliveResponse response) {
        confirmedUntil = Instant.now().plusSeconds(response.getTTL());
    }

    @Override
    public void onError(Throwable failure) {
        if (failure instanceof EtcdException e && e.getErrorCode() == ErrorCode.NOT_FOUND) {
            lost.complete("etcd no longer has lease " + Long.toHexString(leaseId) + ": it expired or was revoked");
        }
    }

    @Override
    public void onCompleted() {
        lost.complete("etcd answered no keep-alive of lease " + Long.toHexString(leaseId)
                + " for a whole TTL: it has expired or is about to");
    }
}
