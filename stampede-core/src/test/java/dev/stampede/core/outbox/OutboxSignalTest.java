package dev.stampede.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OutboxSignalTest {

    @Test
    void aSignalGivenWhileNoOneWaitsIsKeptForTheNextWaitAndTakenByIt() throws InterruptedException {
        OutboxSignal signal = new OutboxSignal();
        signal.signal();
        signal.signal();

        assertThat(signal.await(Duration.ofHours(1))).isTrue();
        assertThat(signal.await(Duration.ZERO))
                .as("two signals before one wait wake it once")
                .isFalse();
    }

    @Test
    void aWaiterIsWokenByASignalLongBeforeItsTimeout() throws InterruptedException {
        OutboxSignal signal = new OutboxSignal();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean woken = new AtomicBoolean();
        Thread waiter = Thread.ofVirtual().start(() -> {
            waiting.countDown();
            try {
                woken.set(signal.await(Duration.ofHours(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.await();
        await().until(() ->
                waiter.getState() == Thread.State.WAITING || waiter.getState() == Thread.State.TIMED_WAITING);

        signal.signal();

        await().untilTrue(woken);
        waiter.join();
    }

    @Test
    void aWaitWithoutASignalRunsOutAndAnswersFalse() throws InterruptedException {
        assertThat(new OutboxSignal().await(Duration.ofMillis(1))).isFalse();
    }
}
