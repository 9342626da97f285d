package dev.stampede.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.transfer.AccountTurns.Turn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountTurnsTest {

    private static final Duration PATIENT = Duration.ofSeconds(30);

    private final AccountTurns turns = new AccountTurns();
    private final List<Thread> waiters = new ArrayList<>();

    @AfterEach
    void stop() {
        waiters.forEach(Thread::interrupt);
    }

    /** A transfer that waits for {@code first} and {@code second}; returns once it is in the line (or admitted). */
    private CompletableFuture<Optional<Turn>> queue(String first, String second, Duration patience) {
        CompletableFuture<Optional<Turn>> answer = new CompletableFuture<>();
        long deadline = System.nanoTime() + patience.toNanos();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                answer.complete(turns.take(first, second, deadline));
            } catch (InterruptedException e) {
                answer.completeExceptionally(e);
            }
        });
        waiters.add(waiter);
        await().until(() -> answer.isDone() || waiter.getState() == Thread.State.TIMED_WAITING);
        return answer;
    }

    private Turn take(String first, String second) throws InterruptedException {
        return turns.take(first, second, System.nanoTime() + PATIENT.toNanos()).orElseThrow();
    }

    @Test
    void aTransferWhoseAccountsAreFreeRunsAtOnceWhileAnOlderOneWaitsForABusyAccount() throws Exception {
        Turn holder = take("a", "b");
        CompletableFuture<Optional<Turn>> waitsForB = queue("b", "c", PATIENT);
        CompletableFuture<Optional<Turn>> waitsForC = queue("c", "d", PATIENT);

        Turn free = take("d", "e");

        assertThat(waitsForB).isNotDone();
        assertThat(waitsForC)
                .as("only the oldest waiter keeps its accounts; a later waiter keeps none")
                .isNotDone();
        free.close();
        holder.close();
        assertThat(waitsForB.join()).isPresent();
    }

    @Test
    void aNewcomerDoesNotOvertakeTheOldestWaiterOnTheAccountsItWaitsFor() throws Exception {
        Turn holder = take("a", "b");
        CompletableFuture<Optional<Turn>> oldest = queue("b", "c", PATIENT);
        CompletableFuture<Optional<Turn>> newcomer = queue("c", "d", PATIENT);
        assertThat(newcomer).as("c is free but kept for the oldest waiter").isNotDone();

        holder.close();
        Turn oldestTurn = oldest.join().orElseThrow();
        assertThat(newcomer).isNotDone();

        oldestTurn.close();
        assertThat(newcomer.join()).isPresent();
    }

    @Test
    void aWaiterWhoseDeadlinePassesGetsNoTurnAndTheAccountsItKeptGoToTheNext() throws Exception {
        Turn holder = take("a", "b");
        CompletableFuture<Optional<Turn>> impatient = queue("b", "c", Duration.ofMillis(50));
        CompletableFuture<Optional<Turn>> next = queue("c", "d", PATIENT);

        assertThat(impatient.join()).isEmpty();
        assertThat(next.join()).as("c is no longer kept for a waiter that left").isPresent();
        holder.close();
        assertThat(queue("a", "b", Duration.ofMillis(50)).join())
                .as("the holder's accounts are free again")
                .isPresent();
    }

    @Test
    void aTurnGivenBackTwiceFreesItsAccountsOnceOnly() throws Exception {
        Turn first = take("a", "b");
        first.close();
        Turn second = take("a", "b");
        first.close();

        assertThat(queue("b", "c", Duration.ofMillis(50)).join())
                .as("the second holder still has b")
                .isEmpty();
        second.close();
    }

    @Test
    void aTransferNeedsTwoDifferentAccounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> take("a", "a"));
    }
}
