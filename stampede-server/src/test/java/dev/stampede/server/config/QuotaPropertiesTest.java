package dev.stampede.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code quota} settings: regions divide the buckets, so there are no more regions than buckets. */
class QuotaPropertiesTest {

    @Test
    void twoRegionsOfEightBucketsAreTaken() {
        assertThat(new QuotaProperties(8, 2, null).regions()).isEqualTo(2);
    }

    @Test
    void moreRegionsThanBucketsOrNoRegionStopTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new QuotaProperties(4, 5, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stampede.redis.quota.regions");
        assertThatThrownBy(() -> new QuotaProperties(4, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stampede.redis.quota.regions");
    }

    @Test
    void anInstanceServesOneOfTheRegionsOrNoneAndAnotherStopsTheStartNamingTheSetting() {
        assertThat(new QuotaProperties(8, 2, 1).servedRegion()).hasValue(1);
        assertThat(new QuotaProperties(8, 2, null).servedRegion()).isEmpty();
        assertThatThrownBy(() -> new QuotaProperties(8, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stampede.redis.quota.region ");
    }
}
