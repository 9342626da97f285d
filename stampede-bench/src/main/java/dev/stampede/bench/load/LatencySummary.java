package dev.stampede.bench.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** The k6 {@code http_req_duration} figures of a run, in milliseconds. */
public record LatencySummary(
        double avgMs, double minMs, double medMs, double maxMs, double p90Ms, double p95Ms, double p99Ms) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    /** From a histogram of latencies recorded in microseconds. */
    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                ms(micros.getMean()),
                ms(micros.getMinValue()),
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getMaxValue()),
                ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)));
    }

    private static double ms(double micros) {
        return micros / TimeUnit.MILLISECONDS.toMicros(1);
    }
}
