package dev.stampede.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stampede.core.retry.Retry.Attempt;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final RetryPolicy threeAttempts = new RetryPolicy(3, Duration.ofNanos(1), Duration.ofNanos(1));

    @Test
    void anAttemptThatIsDoneEndsTheLoopWithItsValue() {
        List<Integer> numbers = new ArrayList<>();

        String answer = Retry.run(
                threeAttempts,
                number -> {
                    numbers.add(number);
                    return number < 2 ? Attempt.again("conflict") : Attempt.done("won at " + number);
                },
                (attempts, reason) -> "gave up");

        assertThat(answer).isEqualTo("won at 2");
        assertThat(numbers).containsExactly(1, 2);
    }

    @Test
    void theGiveUpAnswersOnceThePolicysAttemptsAreSpent() {
        String answer = Retry.run(
                threeAttempts,
                number -> Attempt.again("conflict " + number),
                (attempts, reason) -> reason + " after " + attempts + " attempts");

        assertThat(answer).isEqualTo("conflict 3 after 3 attempts");
    }

    @Test
    void anExceptionFromAnAttemptEndsTheLoopUnchanged() {
        assertThatThrownBy(() -> Retry.<String, IOException>run(
                        threeAttempts,
                        number -> {
                            throw new IOException("broken");
                        },
                        (attempts, reason) -> "gave up"))
                .isInstanceOf(IOException.class)
                .hasMessage("broken");
    }

    @Test
    void aDeadlineBoundsTheLoopAndNoPauseRunsPastIt() {
        RetryPolicy longPauses = new RetryPolicy(1, Duration.ofSeconds(10), Duration.ofSeconds(10));
        // Long enough that the first attempt (a loaded machine can take tens of milliseconds to run it) ends before
        // the deadline, so that there is a pause to check; far shorter than the policy's 10 s pauses.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<Long> pauses = new ArrayList<>();

        String answer = Retry.runUntil(
                deadline,
                longPauses,
                nanos -> {
                    pauses.add(nanos);
                    LockSupport.parkNanos(nanos);
                    return true;
                },
                number -> Attempt.again("held"),
                (attempts, reason) -> reason + " after " + attempts);

        assertThat(answer).startsWith("held after ");
        assertThat(pauses)
                .isNotEmpty()
                .allMatch(nanos -> nanos <= Duration.ofSeconds(2).toNanos());
    }

    @Test
    void anInterruptedPauseGivesUp() {
        String answer = Retry.runUntil(
                System.nanoTime() + Duration.ofSeconds(10).toNanos(),
                threeAttempts,
                nanos -> false,
                number -> Attempt.again("held"),
                (attempts, reason) -> reason + " after " + attempts);

        assertThat(answer).isEqualTo("interrupted after 1");
    }
}
