package dev.stampede.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Admission control driven by hand: a limit of one purchase in flight, the first purchase held inside its own filter
 * chain while the others arrive, a clock the test moves, and the container's asynchronous dispatch played by the test
 * (Spring's mock async context records it). Shedding is seen happening, never timed.
 */
class AdmissionControlTest {

    private final AtomicLong now = new AtomicLong();
    private final List<String> waits = new ArrayList<>();
    private final List<String> shed = new ArrayList<>();
    private final List<String> served = new ArrayList<>();
    private final Map<String, IntSupplier> backlogs = new HashMap<>();

    private AdmissionControl control(Duration maxWait, int backlog) {
        return new AdmissionControl(
                partition -> SimpleLimiter.newBuilder().limit(FixedLimit.of(1)).build(),
                maxWait,
                backlog,
                (partition, request, response) -> {
                    shed.add(partition + " " + request.getParameter("buyer"));
                    response.setStatus(503);
                },
                (partition, admitted, nanos) ->
                        waits.add(partition + " " + admitted + " " + TimeUnit.NANOSECONDS.toMillis(nanos)),
                backlogs::put,
                now::get);
    }

    private static MockHttpServletRequest purchase(String buyer) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/skus/tee/purchases");
        request.setParameter("buyer", buyer);
        request.setAsyncSupported(true);
        return request;
    }

    /** The rest of the chain: serves the request (records its buyer). */
    private FilterChain serving() {
        return (request, response) -> served.add(request.getParameter("buyer"));
    }

    private static boolean dispatched(MockHttpServletRequest request) {
        return ((MockAsyncContext) request.getAsyncContext()).getDispatchedPath() != null;
    }

    /** Plays the container: the dispatch admission control asked for runs the filter again. */
    private void redispatch(AdmissionControl filter, MockHttpServletRequest request, FilterChain chain)
            throws Exception {
        request.setDispatcherType(DispatcherType.ASYNC);
        request.setAsyncStarted(false);
        filter.doFilter(request, new MockHttpServletResponse(), chain);
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void eachWriteEndpointIsItsOwnPartitionAndReadsAreNeverLimited() {
        assertThat(AdmissionControl.partition("POST", "/api/skus/tee/purchases"))
                .contains("purchases");
        assertThat(AdmissionControl.partition("POST", "/api/skus/tee/claims")).contains("claims");
        assertThat(AdmissionControl.partition("POST", "/api/claims/c1/checkout"))
                .contains("claims");
        assertThat(AdmissionControl.partition("DELETE", "/api/shows/s1/holds/h1"))
                .contains("shows");
        assertThat(AdmissionControl.partition("POST", "/api/transfers")).contains("transfers");
        assertThat(AdmissionControl.partition("PUT", "/api/kv/key")).contains("kv");
        assertThat(AdmissionControl.partition("POST", "/api/skus")).contains("skus");
        assertThat(AdmissionControl.partition("GET", "/api/skus/tee")).isEmpty();
        assertThat(AdmissionControl.partition("GET", "/api/skus/tee/audit")).isEmpty();
        assertThat(AdmissionControl.partition("POST", "/dashboard/stream")).isEmpty();
        assertThat(AdmissionControl.partition("POST", "/api/")).isEmpty();
    }

    @Test
    void aWriteOverTheLimitWaitsSuspendedAndEachReleasedPermitGoesToTheNewestWaiter() throws Exception {
        AdmissionControl filter = control(Duration.ofSeconds(1), 10);
        MockHttpServletRequest older = purchase("older");
        MockHttpServletRequest newer = purchase("newer");

        filter.doFilter(purchase("first"), new MockHttpServletResponse(), (request, response) -> {
            served.add("first");
            filter.doFilter(older, new MockHttpServletResponse(), new MockFilterChain());
            now.addAndGet(millis(100));
            filter.doFilter(newer, new MockHttpServletResponse(), new MockFilterChain());
            assertThat(older.isAsyncStarted()).as("waits with no thread").isTrue();
            assertThat(newer.isAsyncStarted()).isTrue();
            assertThat(backlogs.get("purchases").getAsInt()).isEqualTo(2);
        });

        assertThat(dispatched(newer))
                .as("the first's permit goes to the newest")
                .isTrue();
        assertThat(dispatched(older)).isFalse();
        now.addAndGet(millis(50));
        redispatch(filter, newer, serving());
        assertThat(dispatched(older)).as("the newer's permit goes to the older").isTrue();
        redispatch(filter, older, serving());

        assertThat(served).containsExactly("first", "newer", "older");
        assertThat(waits).containsExactly("purchases true 0", "purchases true 0", "purchases true 150");
        assertThat(shed).isEmpty();
        assertThat(backlogs.get("purchases").getAsInt()).isZero();
    }

    @Test
    void aWriteStillWaitingAtMaxWaitIsShedByTheShedderAndItsRequestEnded() throws Exception {
        AdmissionControl filter = control(Duration.ofSeconds(1), 10);
        MockHttpServletRequest waiting = purchase("waiting");
        MockHttpServletResponse waitingResponse = new MockHttpServletResponse();

        filter.doFilter(purchase("first"), new MockHttpServletResponse(), (request, response) -> {
            filter.doFilter(waiting, waitingResponse, new MockFilterChain());
            now.addAndGet(millis(999));
            assertThat(filter.shedExpired()).as("not yet").isZero();
            now.addAndGet(millis(1));
            assertThat(filter.shedExpired()).isEqualTo(1);
        });

        assertThat(shed).containsExactly("purchases waiting");
        assertThat(waitingResponse.getStatus()).isEqualTo(503);
        assertThat(waiting.isAsyncStarted()).as("its request was ended").isFalse();
        assertThat(dispatched(waiting))
                .as("the released permit did not go to it")
                .isFalse();
        assertThat(waits).containsExactly("purchases true 0", "purchases false 1000");
    }

    @Test
    void aWriteIsShedAtOnceWhenTheBacklogIsFullOrMaxWaitIsZero() throws Exception {
        AdmissionControl backlogOfOne = control(Duration.ofSeconds(1), 1);
        MockHttpServletRequest second = purchase("second");
        MockHttpServletRequest third = purchase("third");
        backlogOfOne.doFilter(purchase("first"), new MockHttpServletResponse(), (request, response) -> {
            backlogOfOne.doFilter(second, new MockHttpServletResponse(), new MockFilterChain());
            backlogOfOne.doFilter(third, new MockHttpServletResponse(), new MockFilterChain());
        });
        AdmissionControl noWait = control(Duration.ZERO, 10);
        MockHttpServletRequest fifth = purchase("fifth");
        noWait.doFilter(
                purchase("fourth"),
                new MockHttpServletResponse(),
                (request, response) -> noWait.doFilter(fifth, new MockHttpServletResponse(), new MockFilterChain()));

        assertThat(shed).containsExactly("purchases third", "purchases fifth");
        assertThat(third.isAsyncStarted()).isFalse();
        assertThat(fifth.isAsyncStarted()).isFalse();
        assertThat(dispatched(second)).isTrue();
    }

    @Test
    void aWaiterWhoseBuyerWentAwayIsTakenOutAndNeverAdmittedOrShed() throws Exception {
        AdmissionControl filter = control(Duration.ofSeconds(1), 10);
        MockHttpServletRequest gone = purchase("gone");

        filter.doFilter(purchase("first"), new MockHttpServletResponse(), (request, response) -> {
            filter.doFilter(gone, new MockHttpServletResponse(), new MockFilterChain());
            MockAsyncContext context = (MockAsyncContext) gone.getAsyncContext();
            for (AsyncListener listener : context.getListeners()) {
                listener.onError(new AsyncEvent(context, new java.io.IOException("connection reset")));
            }
            assertThat(backlogs.get("purchases").getAsInt()).isZero();
        });
        now.addAndGet(millis(2_000));

        assertThat(filter.shedExpired()).isZero();
        assertThat(dispatched(gone)).isFalse();
        assertThat(gone.isAsyncStarted()).as("its request was ended").isFalse();
    }

    @Test
    void readsPassUntimed() throws Exception {
        AdmissionControl filter = control(Duration.ofSeconds(1), 10);
        MockHttpServletRequest read = new MockHttpServletRequest("GET", "/api/skus/tee");

        filter.doFilter(read, new MockHttpServletResponse(), (request, response) -> served.add("read"));

        assertThat(served).containsExactly("read");
        assertThat(waits).isEmpty();
    }
}
