import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.LifoBlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Does admission control's limiter keep its max-wait when every request needs CPU (issue 15, stop 26)? N virtual
 * threads released at once ask the service's limiter shape (a fixed limit of 256, LifoBlockingLimiter, 1 s backlog
 * timeout, BACKLOG waiting at most) for a permit; an admitted one holds it 20 ms, and with "burn" each also spends
 * 300 µs of CPU (the admitted one before its sleep, a shed one for its 503), as a request does on two carriers.
 * Prints how many waits for a permit overran 1.1 s and 2 s, and the longest.
 * A diagnostic only. usage (CP: concurrency-limits-core and slf4j-api jars):
 * java -cp CP docs/profiling/AdmissionWaitProbe.java N BACKLOG sleep|burn
 */
public class AdmissionWaitProbe {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]), backlog = Integer.parseInt(args[1]);
        boolean burn = args[2].equals("burn");
        Limiter<Void> limiter = LifoBlockingLimiter.<Void>newBuilder(
                        SimpleLimiter.<Void>newBuilder().limit(FixedLimit.of(256)).build())
                .backlogSize(backlog)
                .backlogTimeout(1, TimeUnit.SECONDS)
                .build();
        long[] waits = new long[n];
        CountDownLatch release = new CountDownLatch(1), done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            Thread.ofVirtual().start(() -> {
                try {
                    release.await();
                    long asked = System.nanoTime();
                    Optional<Limiter.Listener> permit = limiter.acquire(null);
                    waits[k] = System.nanoTime() - asked;
                    if (burn) {
                        spin(300_000);
                    }
                    if (permit.isPresent()) {
                        Thread.sleep(20);
                        permit.get().onSuccess();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        release.countDown();
        done.await();
        long over1100 = 0, over2000 = 0, longest = 0;
        for (long wait : waits) {
            over1100 += wait > 1_100_000_000L ? 1 : 0;
            over2000 += wait > 2_000_000_000L ? 1 : 0;
            longest = Math.max(longest, wait);
        }
        System.out.printf(
                "n=%d backlog=%d %s: waits over 1.1 s %d, over 2 s %d, longest %.2f s%n",
                n, backlog, args[2], over1100, over2000, longest / 1e9);
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
