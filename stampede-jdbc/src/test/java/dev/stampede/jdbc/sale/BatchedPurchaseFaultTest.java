package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.OutcomeUnknownException;
import dev.stampede.core.sale.IdempotencyStore.Claimed;
import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.KeyInFlight;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.SaleAudit;
import dev.stampede.jdbc.FaultyDataSource;
import dev.stampede.jdbc.InstanceLiveness;
import dev.stampede.jdbc.RowLockHolder;
import dev.stampede.jdbc.TestDatabase;
import dev.stampede.jdbc.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batched writer under faults. Tests stop a writer at its SKU's row lock (the test holds it) so that buyers pile
 * up in the queue, and count them there with the queue depth the strategy reports.
 */
class BatchedPurchaseFaultTest {

    private static final Duration PATIENT = Duration.ofSeconds(30);

    private final FaultyDataSource database = new FaultyDataSource(TestDatabase.dataSource());
    private final ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<BatchedPurchase> strategies = new ArrayList<>();

    @AfterEach
    void stop() {
        strategies.forEach(BatchedPurchase::close);
        buyers.shutdownNow();
    }

    private BatchedPurchase batched(int queueCapacity, Duration maxWait) {
        BatchedPurchase strategy = new BatchedPurchase(
                "batched",
                new Transactions(database),
                new OrderWriter(Clock.systemUTC()),
                queueCapacity,
                500,
                maxWait,
                StrategySettings.defaults().retry(),
                PurchaseListener.NONE);
        strategies.add(strategy);
        return strategy;
    }

    private static String newSku(int stock) {
        String id = "batched-fault-" + UUID.randomUUID();
        JdbcPurchaseContract.SKUS.create(id, "item", "batched", stock);
        return id;
    }

    private static SaleAudit audit(String sku) {
        return JdbcPurchaseContract.SKUS.audit(sku).orElseThrow();
    }

    private CompletableFuture<PurchaseResult> buy(BatchedPurchase strategy, PurchaseRequest request) {
        return CompletableFuture.supplyAsync(() -> strategy.purchase(request), buyers);
    }

    private List<PurchaseResult> answers(List<CompletableFuture<PurchaseResult>> pending) {
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private void awaitQueued(int count) {
        await().until(() ->
                strategies.stream().mapToInt(BatchedPurchase::queued).sum() >= count);
    }

    /** Buyer 0's batch waits at the test's row lock; the others queue behind it until {@code whileStopped} is done. */
    private List<PurchaseResult> whileTheWriterIsStopped(
            BatchedPurchase strategy, String sku, List<PurchaseRequest> requests, Runnable whileStopped)
            throws Exception {
        List<CompletableFuture<PurchaseResult>> pending = new ArrayList<>();
        try (RowLockHolder lock =
                RowLockHolder.lock(TestDatabase.dataSource(), "SELECT 1 FROM skus WHERE id = ? FOR UPDATE", sku)) {
            pending.add(buy(strategy, requests.getFirst()));
            lock.awaitWaiters(1);
            requests.subList(1, requests.size()).forEach(request -> pending.add(buy(strategy, request)));
            awaitQueued(requests.size() - 1);
            whileStopped.run();
        }
        return answers(pending);
    }

    private static List<PurchaseRequest> buyers(String sku, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> PurchaseRequest.of(sku, "buyer-" + i, 1))
                .toList();
    }

    @Test
    void buyersWhoseTurnDoesNotComeInTimeAreAnsweredBusyAndNothingIsSoldToThem() throws Exception {
        BatchedPurchase strategy = batched(100, Duration.ofMillis(300));
        String sku = newSku(10);
        List<CompletableFuture<PurchaseResult>> pending = new ArrayList<>();

        try (RowLockHolder lock =
                RowLockHolder.lock(TestDatabase.dataSource(), "SELECT 1 FROM skus WHERE id = ? FOR UPDATE", sku)) {
            buyers(sku, 5).forEach(request -> pending.add(buy(strategy, request)));
            List<PurchaseResult> answers = answers(pending);

            assertThat(answers).hasSize(5).allMatch(Busy.class::isInstance);
        }
        assertThat(audit(sku).orders()).isZero();
        assertThat(audit(sku).stock()).isEqualTo(10);
        assertThat(strategy.purchase(PurchaseRequest.of(sku, "later", 1))).isInstanceOf(Purchased.class);
    }

    /**
     * Busy promises that nothing was sold. A buyer whose batch is still committing when its wait runs out cannot be
     * promised that: the batch may commit after the answer (a slow run once sold 500 orders to buyers answered busy).
     */
    @Test
    void aBuyerWhoseBatchOutlastsItsWaitIsToldTheOutcomeIsUnknownAndTheBatchStillCommits() {
        CountDownLatch answered = new CountDownLatch(1);
        BatchedPurchase strategy = new BatchedPurchase(
                "batched",
                new Transactions(database),
                new OrderWriter(Clock.systemUTC()),
                100,
                500,
                Duration.ofSeconds(1),
                StrategySettings.defaults().retry(),
                new PurchaseListener() {
                    @Override
                    public void batch(String name, int size) {
                        // the writer has taken the batch; it commits only after its buyer was answered
                        awaitQuietly(answered);
                    }
                });
        strategies.add(strategy);
        String sku = newSku(10);

        assertThatThrownBy(() -> strategy.purchase(PurchaseRequest.of(sku, "slow-batch", 1)))
                .isInstanceOf(OutcomeUnknownException.class);
        answered.countDown();

        await().until(() -> audit(sku).orders() == 1);
        assertThat(audit(sku).stock()).isEqualTo(9);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFullQueueAnswersBusyAtOnceAndTheQueuedBuyersAreServed() throws Exception {
        BatchedPurchase strategy = batched(3, PATIENT);
        String sku = newSku(10);
        PurchaseResult[] overflow = new PurchaseResult[1];

        List<PurchaseResult> answers = whileTheWriterIsStopped(
                strategy,
                sku,
                buyers(sku, 4),
                () -> overflow[0] = strategy.purchase(PurchaseRequest.of(sku, "one-too-many", 1)));

        assertThat(overflow[0]).isEqualTo(new Busy("purchase queue full"));
        assertThat(answers).hasSize(4).allMatch(Purchased.class::isInstance);
        assertThat(audit(sku).orders()).isEqualTo(4);
    }

    @Test
    void anErrorWhileCommittingAnswersThatBatchBusyAndTheWriterServesTheNextBuyers() {
        BatchedPurchase strategy = batched(100, PATIENT);
        String sku = newSku(10);
        database.failNextConnection(new OutOfMemoryError("injected into the writer"));

        PurchaseResult failed = strategy.purchase(PurchaseRequest.of(sku, "first", 1));
        List<PurchaseResult> later = answers(
                buyers(sku, 5).stream().map(request -> buy(strategy, request)).toList());

        assertThat(failed).isInstanceOf(Busy.class);
        assertThat(later).hasSize(5).allMatch(Purchased.class::isInstance);
        assertThat(audit(sku).orders()).isEqualTo(5);
        assertThat(audit(sku).violations()).isEmpty();
    }

    @Test
    void aWriterEndsWhenItsQueueIsEmptySoIdleSkusKeepNoThread() {
        BatchedPurchase strategy = batched(100, PATIENT);
        List<String> skus = IntStream.range(0, 50).mapToObj(i -> newSku(1)).toList();

        List<PurchaseResult> answers = answers(skus.stream()
                .map(sku -> buy(strategy, PurchaseRequest.of(sku, "only", 1)))
                .toList());

        assertThat(answers).hasSize(50).allMatch(Purchased.class::isInstance);
        await().until(() -> strategy.writers() == 0);
        assertThat(strategy.purchase(PurchaseRequest.of(skus.getFirst(), "after", 1)))
                .isInstanceOf(PurchaseResult.SoldOut.class);
        await().until(() -> strategy.writers() == 0);
    }

    @Test
    void everyBuyerIsAnsweredWhenThePurchasesCloseWhileBuyersQueueAndArrive() throws Exception {
        BatchedPurchase strategy = batched(1_000, PATIENT);
        String sku = newSku(1_000);
        List<CompletableFuture<PurchaseResult>> arriving = new ArrayList<>();

        List<PurchaseResult> queued = whileTheWriterIsStopped(strategy, sku, buyers(sku, 50), () -> {
            IntStream.range(0, 50).forEach(i -> arriving.add(buy(strategy, PurchaseRequest.of(sku, "late-" + i, 1))));
            strategy.close();
        });
        List<PurchaseResult> late = answers(arriving);

        assertThat(queued.getFirst()).isInstanceOf(Purchased.class);
        assertThat(queued.subList(1, 50)).allMatch(answer -> answer.equals(new Busy("shutting down")));
        assertThat(late).allMatch(answer -> answer instanceof Purchased || answer.equals(new Busy("shutting down")));
        assertThat(audit(sku).orders())
                .isEqualTo(1 + late.stream().filter(Purchased.class::isInstance).count());
        assertThat(audit(sku).violations()).isEmpty();
    }

    /** Issue 10, 2(b): one member never fails a batch. */
    @Test
    void membersThatCannotBeStoredFailAloneAndTheRestOfTheirBatchIsSold() throws Exception {
        BatchedPurchase strategy = batched(1_000, PATIENT);
        String sku = newSku(100);
        List<PurchaseRequest> requests = new ArrayList<>(buyers(sku, 41));
        for (int i = 0; i < 4; i++) {
            requests.add(5 + 10 * i, PurchaseRequest.of(sku, "nul\u0000buyer-" + i, 1));
        }

        List<PurchaseResult> answers = whileTheWriterIsStopped(strategy, sku, requests, () -> {});

        for (int i = 0; i < requests.size(); i++) {
            boolean storable = !requests.get(i).buyerId().contains("\u0000");
            assertThat(answers.get(i))
                    .as(requests.get(i).buyerId())
                    .isInstanceOf(storable ? Purchased.class : Busy.class);
        }
        SaleAudit audit = audit(sku);
        assertThat(audit.orders()).isEqualTo(41);
        assertThat(audit.stock()).isEqualTo(59);
        assertThat(audit.violations()).isEmpty();
    }

    @Test
    void aMemberWhoseKeyWasTakenOverIsAnsweredInFlightAndTheRestOfItsBatchIsSold() throws Exception {
        BatchedPurchase strategy = batched(1_000, PATIENT);
        String sku = newSku(100);
        InstanceLiveness first = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        InstanceLiveness second = new InstanceLiveness(TestDatabase.dataSource(), Duration.ofSeconds(10));
        try {
            JdbcIdempotencyStore a =
                    new JdbcIdempotencyStore(JdbcPurchaseContract.TRANSACTIONS, Clock.systemUTC(), first);
            JdbcIdempotencyStore b =
                    new JdbcIdempotencyStore(JdbcPurchaseContract.TRANSACTIONS, Clock.systemUTC(), second);
            PurchaseRequest keyed = new PurchaseRequest(sku, "slow-" + sku, 1, "k");
            Claimed stale = (Claimed) a.claim(keyed.buyerId(), "k", keyed.fingerprint());
            first.close();
            assertThat(b.claim(keyed.buyerId(), "k", keyed.fingerprint())).isInstanceOf(Claimed.class);
            List<PurchaseRequest> requests = new ArrayList<>(buyers(sku, 20));
            requests.add(10, keyed.withClaim(stale.token()));

            List<PurchaseResult> answers = whileTheWriterIsStopped(strategy, sku, requests, () -> {});

            assertThat(answers.get(10)).isEqualTo(new KeyInFlight("k"));
            assertThat(answers.subList(0, 10)).allMatch(Purchased.class::isInstance);
            assertThat(answers.subList(11, 21)).allMatch(Purchased.class::isInstance);
            assertThat(audit(sku).orders()).isEqualTo(20);
            assertThat(audit(sku).violations()).isEmpty();
        } finally {
            first.close();
            second.close();
        }
    }
}
