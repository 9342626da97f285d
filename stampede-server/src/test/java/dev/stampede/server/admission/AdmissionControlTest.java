package dev.stampede.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.Limiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AdmissionControlTest {

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
    void eachWriteTellsHowLongItWaitedForItsPermitAndWhetherItGotOneWhileReadsAreNotTimed() throws Exception {
        AtomicLong now = new AtomicLong();
        Limiter.Listener permit = new Limiter.Listener() {
            @Override
            public void onSuccess() {}

            @Override
            public void onIgnore() {}

            @Override
            public void onDropped() {}
        };
        List<Boolean> grants = new ArrayList<>(List.of(true, false));
        // A limiter that "waits" 250 ms on the test's clock, then gives a permit the first time and none the second.
        Limiter<Void> limiter = context -> {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
            return grants.removeFirst() ? Optional.of(permit) : Optional.empty();
        };
        List<String> waits = new ArrayList<>();
        List<String> shed = new ArrayList<>();
        AdmissionControl filter = new AdmissionControl(
                partition -> limiter,
                (partition, request, response) -> shed.add(partition),
                (partition, admitted, nanos) ->
                        waits.add(partition + " " + admitted + " " + TimeUnit.NANOSECONDS.toMillis(nanos)),
                now::get);

        filter.doFilter(
                new MockHttpServletRequest("POST", "/api/skus/tee/purchases"),
                new MockHttpServletResponse(),
                new MockFilterChain());
        filter.doFilter(
                new MockHttpServletRequest("POST", "/api/skus/tee/purchases"),
                new MockHttpServletResponse(),
                new MockFilterChain());
        filter.doFilter(
                new MockHttpServletRequest("GET", "/api/skus/tee"),
                new MockHttpServletResponse(),
                new MockFilterChain());

        assertThat(waits).containsExactly("purchases true 250", "purchases false 250");
        assertThat(shed).containsExactly("purchases");
    }
}
