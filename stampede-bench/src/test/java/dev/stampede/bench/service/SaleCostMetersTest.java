package dev.stampede.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stampede.bench.report.SaleCostFigures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaleCostMetersTest {

    @Test
    void redisCommandsAreSummedScriptsAreCountedPerNodeAndPoolUsesOverEveryPool() {
        Map<String, Long> totals = SaleCostMeters.parse("""
                # HELP lettuce_command_completion_seconds Latency between command send and command completion
                lettuce_command_completion_seconds_count{application="stampede",command="EVALSHA",local="ANY",remote="localhost/127.0.0.1:16600"} 70.0
                lettuce_command_completion_seconds_count{application="stampede",command="EVAL",local="ANY",remote="localhost/127.0.0.1:16600"} 2.0
                lettuce_command_completion_seconds_count{application="stampede",command="EVALSHA",local="ANY",remote="localhost/127.0.0.1:16601"} 30.0
                lettuce_command_completion_seconds_count{application="stampede",command="HGET",local="ANY",remote="localhost/127.0.0.1:16601"} 8.0
                lettuce_command_completion_seconds_sum{application="stampede",command="HGET",local="ANY",remote="localhost/127.0.0.1:16601"} 0.5
                lettuce_command_firstresponse_seconds_count{application="stampede",command="HGET",local="ANY",remote="localhost/127.0.0.1:16601"} 8.0
                hikaricp_connections_usage_seconds_count{application="stampede",pool="HikariPool-1"} 40.0
                hikaricp_connections_usage_seconds_count{application="stampede",pool="outbox"} 2.0
                stampede_purchases_total{application="stampede",outcome="purchased",strategy="quota"} 99.0
                """);

        assertThat(totals)
                .containsOnly(
                        Map.entry(SaleCostFigures.REDIS_CALLS, 110L),
                        Map.entry(SaleCostFigures.DATABASE_USES, 42L),
                        Map.entry(SaleCostFigures.scriptsAt("localhost/127.0.0.1:16600"), 72L),
                        Map.entry(SaleCostFigures.scriptsAt("localhost/127.0.0.1:16601"), 30L));
    }

    @Test
    void aScrapeWithoutRedisOrPoolMetersCountsZeros() {
        assertThat(SaleCostMeters.parse("stampede_purchases_total{strategy=\"batched\"} 5.0\n"))
                .containsOnly(Map.entry(SaleCostFigures.REDIS_CALLS, 0L), Map.entry(SaleCostFigures.DATABASE_USES, 0L));
    }
}
