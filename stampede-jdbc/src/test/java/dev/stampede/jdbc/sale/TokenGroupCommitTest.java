package dev.stampede.jdbc.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.sale.PurchaseListener;
import dev.stampede.core.sale.PurchaseRequest;
import dev.stampede.core.sale.PurchaseResult;
import dev.stampede.core.sale.PurchaseResult.Busy;
import dev.stampede.core.sale.PurchaseResult.Purchased;
import dev.stampede.core.sale.token.TokenAudit;
import dev.stampede.core.sale.token.TokenLedger;
import dev.stampede.core.sale.token.TokenSale;
import dev.stampede.jdbc.Sql;
import dev.stampede.jdbc.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The group commit of {@code tokens} redemptions ({@link TokenSale.Redemptions}) on PostgreSQL. The first buyer's
 * batch is stopped in its writer (at the batch-size report, before it commits), so that the next buyers, each with its
 * claim granted, queue up behind it and are redeemed in the next batch. Which transaction wrote each order is read
 * from PostgreSQL itself (the {@code xmin} of its row).
 */
class TokenGroupCommitTest {

    /** Orders of buyers with this prefix cannot be stored: a trigger fails their insert with the database's text. */
    private static final String UNSTORABLE = "unstorable-";

    private static final String DATABASE_TEXT = "orders refused for this buyer";

    private final TokenLedger ledger = JdbcSaleStores.tokens(
            JdbcPurchaseContract.TRANSACTIONS,
            Clock.systemUTC(),
            StrategySettings.defaults().retry(),
            JdbcSaleStores.DEFAULT_TOKEN_PARTITIONS);
    private final CountDownLatch writerStopped = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final AtomicReference<IntSupplier> queueDepth = new AtomicReference<>();
    private final TokenSale sale =
            PostgresTokenSales.on(ledger, Clock.systemUTC(), Duration.ofMinutes(5), new PurchaseListener() {
                @Override
                public void batch(String strategy, int size) {
                    batchSizes.add(size);
                    if (batchSizes.size() == 1) {
                        writerStopped.countDown();
                        awaitQuietly(resume);
                    }
                }

                @Override
                public void queueDepth(String strategy, IntSupplier depth) {
                    queueDepth.set(depth);
                }
            });
    private final ExecutorService buyers = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    static void ordersOfUnstorableBuyersFail() throws SQLException {
        try (Connection connection = TestDatabase.dataSource().getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE OR REPLACE FUNCTION stampede_test_unstorable() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN RAISE EXCEPTION '" + DATABASE_TEXT + "' USING ERRCODE = 'XX000'; END $$");
            ddl.execute("CREATE OR REPLACE TRIGGER unstorable BEFORE INSERT ON orders FOR EACH ROW WHEN (NEW.buyer_id"
                    + " LIKE '" + UNSTORABLE + "%') EXECUTE FUNCTION stampede_test_unstorable()");
        }
    }

    @AfterEach
    void stop() {
        resume.countDown();
        sale.close();
        buyers.shutdownNow();
    }

    @Test
    void theRedemptionsOfBuyersWhoQueueWhileABatchCommitsAreWrittenInOneTransaction() {
        String sku = newSku(30);

        List<PurchaseResult> answers = whileTheWriterIsStopped(sku, buyerIds(20, -1));

        assertThat(answers).hasSize(21).allMatch(Purchased.class::isInstance);
        assertThat(batchSizes).containsExactly(1, 20);
        assertThat(transactionsThatWroteOrders(sku)).isEqualTo(2);
        TokenAudit audit = sale.audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.redeemed()).isEqualTo(21);
        assertThat(audit.unitsInOrders()).isEqualTo(21);
        assertThat(audit.free()).isEqualTo(9);
    }

    @Test
    void aMemberWhoseOrderCannotBeStoredFailsAloneWithTheCauseInItsReasonAndItsClaimIsReleased() {
        String sku = newSku(30);

        List<PurchaseResult> answers = whileTheWriterIsStopped(sku, buyerIds(10, 5));

        assertThat(answers.get(6))
                .isInstanceOfSatisfying(
                        Busy.class,
                        busy -> assertThat(busy.reason())
                                .startsWith("the purchase could not be stored")
                                .contains(DATABASE_TEXT));
        answers.remove(6);
        assertThat(answers).hasSize(10).allMatch(Purchased.class::isInstance);
        TokenAudit audit = sale.audit(sku).orElseThrow();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.unitsInOrders()).isEqualTo(10);
        assertThat(audit.claimed()).isZero();
        assertThat(audit.free()).isEqualTo(20);
    }

    /** Buyer 0's batch is stopped in its writer; the others claim their tokens and queue behind it; then it goes on. */
    private List<PurchaseResult> whileTheWriterIsStopped(String sku, List<String> queued) {
        List<CompletableFuture<PurchaseResult>> pending = new ArrayList<>();
        pending.add(buy(sku, "first"));
        awaitQuietly(writerStopped);
        queued.forEach(buyer -> pending.add(buy(sku, buyer)));
        await().until(() -> queueDepth.get().getAsInt() == queued.size());
        resume.countDown();
        return new ArrayList<>(pending.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<PurchaseResult> buy(String sku, String buyer) {
        return CompletableFuture.supplyAsync(() -> sale.purchase(PurchaseRequest.of(sku, buyer, 1)), buyers);
    }

    /** {@code count} buyer ids; the one at {@code unstorable} (if not -1) cannot have its order stored. */
    private static List<String> buyerIds(int count, int unstorable) {
        return IntStream.range(0, count)
                .mapToObj(i -> (i == unstorable ? UNSTORABLE : "buyer-") + i)
                .toList();
    }

    private static int transactionsThatWroteOrders(String sku) {
        return JdbcPurchaseContract.TRANSACTIONS.required(connection -> Sql.on(connection)
                .queryOne("SELECT count(DISTINCT xmin::text) FROM orders WHERE sku_id = ?", row -> row.getInt(1), sku));
    }

    private static String newSku(int stock) {
        String id = "tokens-batch-" + UUID.randomUUID();
        JdbcSaleStores.skus(JdbcPurchaseContract.TRANSACTIONS, Clock.systemUTC())
                .create(id, "claimed item", TokenSale.NAME, stock, OptionalInt.empty());
        return id;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
