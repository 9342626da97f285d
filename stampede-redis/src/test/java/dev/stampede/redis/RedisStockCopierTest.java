package dev.stampede.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.StoreUnavailableException;
import dev.stampede.core.sale.StockCopies;
import dev.stampede.jdbc.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A crowd of buyers of one process finding a SKU missing from Redis at once (a last-ticket sale's 1,000 at its first
 * purchase) makes one copy and waits for its answer, or its exception, without a read of Redis each: the copy is
 * held at a latch in {@code newCopy} until every other buyer waits, and the reads of the copy's generation in Redis are
 * counted.
 */
class RedisStockCopierTest {

    private final String prefix = "copier-" + UUID.randomUUID() + ":";
    private final StockCopies durable = RedisSale.copies(TestDatabase.dataSource());
    private final AtomicInteger reads = new AtomicInteger();
    /** Thrown by the held copy once it goes on, if set. */
    private final AtomicReference<Runnable> failure = new AtomicReference<>(() -> {});

    private final StockScripts scripts = new StockScripts(TestRedis.connection().sync(), new StockKeys(prefix));

    /** The SKU's keys in Redis, each read of a copy's generation counted. */
    private final RedisStockCopier.Target counted = new RedisStockCopier.Target() {
        @Override
        public OptionalLong generation(String skuId) {
            reads.incrementAndGet();
            return scripts.generation(skuId);
        }

        @Override
        public boolean init(String skuId, StockCopies.Copy copy) {
            return scripts.init(skuId, copy);
        }
    };

    /** The durable side, its copy held until the test lets it go, then failing if {@link #failure} is set. */
    private final HeldCopies held = new HeldCopies(durable, () -> failure.get().run());

    private final RedisStockCopier copier = new RedisStockCopier(
            counted, held, new RedisLeaseLock(TestRedis.connection().sync(), prefix, Clock.systemUTC()));

    @Test
    void buyersWhoFindTheSkuMissingWhileThisProcessCopiesItWaitForThatCopyWithoutReadingRedisEach() {
        String sku = RedisSale.newSku(10);
        CompletableFuture<Boolean> first = copy(sku);
        Latches.await(held.copying);
        int readsByTheCopy = reads.get();
        List<CompletableFuture<Boolean>> others = waitingForTheCopy(sku, 50);

        held.goOn.countDown();

        assertThat(first.join()).isTrue();
        assertThat(others).allMatch(CompletableFuture::join);
        assertThat(scripts.generation(sku)).isEqualTo(OptionalLong.of(1));
        assertThat(reads.get()).as("reads of Redis by the 50 waiting buyers").isEqualTo(readsByTheCopy);
    }

    @Test
    void buyersWaitingForACopyThatFailsAreGivenItsExceptionWithoutTryingAgain() {
        String sku = RedisSale.newSku(10);
        StoreUnavailableException unavailable = new StoreUnavailableException("database unavailable", null);
        failure.set(() -> {
            throw unavailable;
        });
        CompletableFuture<Boolean> first = copy(sku);
        Latches.await(held.copying);
        int readsByTheCopy = reads.get();
        List<CompletableFuture<Boolean>> others = waitingForTheCopy(sku, 10);

        held.goOn.countDown();

        assertThatThrownBy(first::join).hasCause(unavailable);
        assertThat(others).allSatisfy(other -> assertThatThrownBy(other::join).hasCause(unavailable));
        assertThat(reads.get()).as("reads of Redis by the 10 waiting buyers").isEqualTo(readsByTheCopy);
        assertThat(scripts.generation(sku)).isEmpty();
    }

    @Test
    void buyersWaitingForACopyEndedByAnErrorAreGivenThatErrorInsteadOfWaitingForever() {
        String sku = RedisSale.newSku(10);
        Error crash = new Error("the copier's process crashed here");
        failure.set(() -> {
            throw crash;
        });
        CompletableFuture<Boolean> first = copy(sku);
        Latches.await(held.copying);
        List<CompletableFuture<Boolean>> others = waitingForTheCopy(sku, 10);

        held.goOn.countDown();

        assertThat(first)
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableThat()
                .havingCause()
                .isSameAs(crash);
        assertThat(others)
                .allSatisfy(other -> assertThat(other)
                        .failsWithin(Duration.ofSeconds(30))
                        .withThrowableThat()
                        .havingCause()
                        .isSameAs(crash));
        assertThat(scripts.generation(sku)).isEmpty();
    }

    /** {@code buyers} more copies of the SKU, returned once each waits (its virtual thread parked) for the one held. */
    private List<CompletableFuture<Boolean>> waitingForTheCopy(String sku, int buyers) {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Boolean>> copies =
                IntStream.range(0, buyers).mapToObj(i -> copy(sku, threads)).toList();
        await("every other buyer waits for the copy")
                .atMost(Duration.ofSeconds(30))
                .until(() -> threads.size() == buyers
                        && threads.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING));
        return copies;
    }

    private CompletableFuture<Boolean> copy(String sku) {
        return copy(sku, new CopyOnWriteArrayList<>());
    }

    /** A copy of the SKU on a virtual thread of its own, added to {@code threads}. */
    private CompletableFuture<Boolean> copy(String sku, List<Thread> threads) {
        return CompletableFuture.supplyAsync(
                () -> copier.copy(sku, OptionalLong.empty()),
                command -> threads.add(Thread.ofVirtual().start(command)));
    }
}
