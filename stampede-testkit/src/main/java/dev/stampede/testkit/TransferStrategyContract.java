package dev.stampede.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.core.transfer.MoneyAudit;
import dev.stampede.core.transfer.TransferRequest;
import dev.stampede.core.transfer.TransferResult;
import dev.stampede.core.transfer.TransferResult.InsufficientFunds;
import dev.stampede.core.transfer.TransferResult.KeyReused;
import dev.stampede.core.transfer.TransferResult.Transferred;
import dev.stampede.core.transfer.TransferResult.UnknownAccount;
import dev.stampede.core.transfer.TransferStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TransferStrategy} must do, on every database. An implementation's test supplies the strategy (with
 * a given work time), fresh accounts, balances and the money audit of its store.
 */
public abstract class TransferStrategyContract {

    protected abstract TransferStrategy strategy(Duration work);

    /** Opens {@code count} new accounts with this opening balance and returns their ids. */
    protected abstract List<String> openAccounts(int count, long openingBalance);

    protected abstract long balance(String account);

    /** The audit over every account of the store. */
    protected abstract MoneyAudit audit();

    @Test
    void randomConcurrentTransfersConserveMoneyAndApplyEachKeyOnce() {
        List<String> accounts = openAccounts(10, 1_000);
        TransferStrategy strategy = strategy(Duration.ZERO);
        String run = UUID.randomUUID().toString().substring(0, 8);

        List<TransferResult> results = ConcurrentCalls.run(50, 2_000, i -> {
            boolean keyed = i % 4 == 0;
            Random random = new Random(keyed ? (i / 4) % 60 : i);
            int from = random.nextInt(10);
            int to = (from + 1 + random.nextInt(9)) % 10;
            long amount = 1 + random.nextInt(300);
            String key = keyed ? run + "-" + (i / 4) % 60 : null;
            return strategy.transfer(new TransferRequest(accounts.get(from), accounts.get(to), amount, key));
        });

        assertThat(results)
                .allMatch(r -> r instanceof Transferred || r instanceof InsufficientFunds, "definite answers only");
        assertThat(results).filteredOn(InsufficientFunds.class::isInstance).isNotEmpty();
        assertThat(accounts.stream().mapToLong(this::balance).sum()).isEqualTo(10_000);
        assertThat(accounts).allMatch(account -> balance(account) >= 0);
        assertThat(results)
                .as("keys sent again were answered as replays")
                .anyMatch(r -> r instanceof Transferred transferred && transferred.replayed());
        assertThat(audit().violations()).isEmpty();
    }

    @Test
    void oppositeTransfersAtTheSameMomentNeverDeadlock() {
        List<String> pair = openAccounts(2, 1_000);
        TransferStrategy strategy = strategy(Duration.ZERO);

        List<TransferResult> results = ConcurrentCalls.run(
                40, 400, i -> strategy.transfer(TransferRequest.of(pair.get(i % 2), pair.get((i + 1) % 2), 1)));

        assertThat(results).allMatch(Transferred.class::isInstance);
        assertThat(balance(pair.get(0))).isEqualTo(1_000);
        assertThat(balance(pair.get(1))).isEqualTo(1_000);
        assertThat(audit().violations()).isEmpty();
    }

    @Test
    void longTransactionsStillConserveMoney() {
        List<String> accounts = openAccounts(3, 100);
        TransferStrategy strategy = strategy(Duration.ofMillis(20));

        List<TransferResult> results = ConcurrentCalls.run(
                8, 24, i -> strategy.transfer(TransferRequest.of(accounts.get(i % 3), accounts.get((i + 1) % 3), 30)));

        assertThat(results).allMatch(r -> r instanceof Transferred || r instanceof InsufficientFunds);
        assertThat(accounts.stream().mapToLong(this::balance).sum()).isEqualTo(300);
        assertThat(audit().violations()).isEmpty();
    }

    @Test
    void aTransferLargerThanTheBalanceChangesNothing() {
        List<String> accounts = openAccounts(2, 100);

        TransferResult result =
                strategy(Duration.ZERO).transfer(TransferRequest.of(accounts.get(0), accounts.get(1), 150));

        assertThat(result).isEqualTo(new InsufficientFunds(100));
        assertThat(balance(accounts.get(0))).isEqualTo(100);
        assertThat(balance(accounts.get(1))).isEqualTo(100);
    }

    @Test
    void anUnknownAccountOnEitherSideChangesNothing() {
        List<String> accounts = openAccounts(1, 100);
        String missing = "missing-" + UUID.randomUUID();
        TransferStrategy strategy = strategy(Duration.ZERO);

        assertThat(strategy.transfer(TransferRequest.of(accounts.getFirst(), missing, 10)))
                .isEqualTo(new UnknownAccount(missing));
        assertThat(strategy.transfer(TransferRequest.of(missing, accounts.getFirst(), 10)))
                .isEqualTo(new UnknownAccount(missing));
        assertThat(balance(accounts.getFirst())).isEqualTo(100);
    }

    @Test
    void aReplayedKeyAnswersTheFirstTransferAndMovesMoneyOnce() {
        List<String> accounts = openAccounts(2, 100);
        TransferStrategy strategy = strategy(Duration.ZERO);
        TransferRequest request = new TransferRequest(accounts.get(0), accounts.get(1), 40, "pay-rent");

        Transferred first = (Transferred) strategy.transfer(request);
        TransferResult replay = strategy.transfer(request);
        TransferResult otherAmount =
                strategy.transfer(new TransferRequest(accounts.get(0), accounts.get(1), 41, "pay-rent"));

        assertThat(first.replayed()).isFalse();
        assertThat(replay).isEqualTo(new Transferred(first.transfer(), true));
        assertThat(otherAmount).isEqualTo(new KeyReused("pay-rent"));
        assertThat(balance(accounts.get(0))).isEqualTo(60);
        assertThat(balance(accounts.get(1))).isEqualTo(140);
    }

    @Test
    void aKeySentManyTimesAtOnceMovesMoneyOnce() {
        List<String> accounts = openAccounts(2, 1_000);
        TransferStrategy strategy = strategy(Duration.ZERO);

        List<TransferResult> results = ConcurrentCalls.run(
                16,
                16,
                i -> strategy.transfer(new TransferRequest(accounts.get(0), accounts.get(1), 7, "double-click")));

        assertThat(results).allMatch(Transferred.class::isInstance);
        assertThat(results.stream().map(r -> ((Transferred) r).transfer().id()).collect(Collectors.toSet()))
                .hasSize(1);
        assertThat(balance(accounts.get(0))).isEqualTo(993);
        assertThat(audit().violations()).isEmpty();
    }
}
