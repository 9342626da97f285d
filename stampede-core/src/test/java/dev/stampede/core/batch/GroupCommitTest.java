package dev.stampede.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.stampede.core.OutcomeUnknownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupCommit} alone, with a committer that records its batches. The first caller's batch is held in the
 * committer (a latch), so that the callers after it queue up and make the next batch; each test then lets it go.
 */
class GroupCommitTest {

    private static final Duration PATIENT = Duration.ofSeconds(30);

    /** The queue's own answers, as text. */
    private static final GroupCommit.Refusals<String> REFUSALS = new GroupCommit.Refusals<>() {
        @Override
        public String full() {
            return "full";
        }

        @Override
        public String closed() {
            return "closed";
        }

        @Override
        public String noTurn(Duration waited) {
            return "no turn within " + waited;
        }

        @Override
        public String failed(Throwable cause) {
            return "failed: " + cause.getMessage();
        }
    };

    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final List<Integer> sizesReported = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstHeld = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<GroupCommit<String, Integer, String>> queues = new ArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        queues.forEach(GroupCommit::close);
        callers.shutdownNow();
    }

    /** A queue whose committer records each batch, holds the first one until released, then answers each member. */
    private GroupCommit<String, Integer, String> queue(int capacity, Function<List<Integer>, List<String>> answers) {
        GroupCommit<String, Integer, String> queue = new GroupCommit<>(
                "test",
                capacity,
                100,
                PATIENT,
                (key, members) -> {
                    batches.add(List.copyOf(members));
                    if (batches.size() == 1) {
                        firstHeld.countDown();
                        release.await();
                    }
                    return answers.apply(members);
                },
                REFUSALS,
                sizesReported::add);
        queues.add(queue);
        return queue;
    }

    private static List<String> committed(List<Integer> members) {
        return members.stream().map(member -> "committed " + member).toList();
    }

    /** Caller 0 holds the writer; callers 1..{@code more} queue behind it; then the writer goes on. */
    private List<CompletableFuture<String>> whileTheFirstBatchIsHeld(
            GroupCommit<String, Integer, String> queue, int more) throws InterruptedException {
        List<CompletableFuture<String>> pending = new ArrayList<>();
        pending.add(submit(queue, 0));
        firstHeld.await();
        for (int member = 1; member <= more; member++) {
            pending.add(submit(queue, member));
            int queued = member;
            await().until(() -> queue.queued() == queued);
        }
        return pending;
    }

    private CompletableFuture<String> submit(GroupCommit<String, Integer, String> queue, int member) {
        return CompletableFuture.supplyAsync(() -> queue.submit("sku", member), callers);
    }

    @Test
    void callersWhoArriveWhileABatchCommitsAreCommittedTogetherInArrivalOrder() throws Exception {
        GroupCommit<String, Integer, String> queue = queue(100, GroupCommitTest::committed);

        List<CompletableFuture<String>> pending = whileTheFirstBatchIsHeld(queue, 5);
        release.countDown();

        assertThat(pending.stream().map(CompletableFuture::join))
                .containsExactly(
                        "committed 0", "committed 1", "committed 2", "committed 3", "committed 4", "committed 5");
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
        assertThat(sizesReported).containsExactly(1, 5);
        await().until(() -> queue.writers() == 0);
    }

    @Test
    void aMemberThatCannotBeCommittedFailsAloneWithItsCauseAndTheRestOfItsBatchCommits() throws Exception {
        GroupCommit<String, Integer, String> queue = queue(100, members -> {
            if (members.contains(3)) {
                throw new IllegalStateException("member 3 is unstorable");
            }
            return committed(members);
        });

        List<CompletableFuture<String>> pending = whileTheFirstBatchIsHeld(queue, 6);
        release.countDown();

        assertThat(pending.stream().map(CompletableFuture::join))
                .containsExactly(
                        "committed 0",
                        "committed 1",
                        "committed 2",
                        "failed: member 3 is unstorable",
                        "committed 4",
                        "committed 5",
                        "committed 6");
        assertThat(batches.stream().filter(batch -> batch.contains(3)).toList())
                .last()
                .isEqualTo(List.of(3));
        assertThat(sizesReported).containsExactly(1, 6);
    }

    @Test
    void membersAnsweredNullAreCommittedAgainTogetherRightAfter() throws Exception {
        GroupCommit<String, Integer, String> queue = queue(
                100,
                members -> members.contains(2)
                        ? members.stream()
                                .map(member -> member == 2 ? "refused 2" : null)
                                .toList()
                        : committed(members));

        List<CompletableFuture<String>> pending = whileTheFirstBatchIsHeld(queue, 4);
        release.countDown();

        assertThat(pending.stream().map(CompletableFuture::join))
                .containsExactly("committed 0", "committed 1", "refused 2", "committed 3", "committed 4");
        assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(1, 3, 4));
    }

    @Test
    void anUnknownOutcomeReachesEveryMemberOfTheBatch() throws Exception {
        GroupCommit<String, Integer, String> queue = queue(100, members -> {
            if (members.size() > 1) {
                throw new OutcomeUnknownException("the commit's answer was lost", null);
            }
            return committed(members);
        });

        List<CompletableFuture<String>> pending = whileTheFirstBatchIsHeld(queue, 3);
        release.countDown();

        assertThat(pending.getFirst().join()).isEqualTo("committed 0");
        for (CompletableFuture<String> member : pending.subList(1, 4)) {
            assertThatThrownBy(member::join).hasCauseInstanceOf(OutcomeUnknownException.class);
        }
        assertThat(batches).hasSize(2);
    }

    @Test
    void aFullQueueAnswersFullAtOnceAndAClosedOneAnswersClosed() throws Exception {
        GroupCommit<String, Integer, String> queue = queue(2, GroupCommitTest::committed);

        List<CompletableFuture<String>> pending = whileTheFirstBatchIsHeld(queue, 2);
        assertThat(queue.submit("sku", 3)).isEqualTo("full");
        queue.close();
        assertThat(queue.submit("sku", 4)).isEqualTo("closed");
        release.countDown();

        assertThat(pending.stream().map(CompletableFuture::join)).containsExactly("committed 0", "closed", "closed");
        assertThat(batches).containsExactly(List.of(0));
    }
}
