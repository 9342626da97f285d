package dev.stampede.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
