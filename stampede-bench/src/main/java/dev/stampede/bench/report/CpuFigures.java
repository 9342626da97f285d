package dev.stampede.bench.report;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The CPU a run cost, in microseconds of CPU time (user + system, every thread): the bench's own process from the
 * release of the load to its end (its VUs, recorder, collector and compiler; with {@code --in-process} the service's
 * too), and the service's processes, summed over instances, from their meter {@code process.cpu.time} read before the
 * run and, in the sales, after its audit (so accepting a closed model's connections, opened before the release, and the
 * audit's requests are in it: an upper bound of what the load cost the service); in the checkouts, after the load and
 * before the audit. Kept in a
 * run's counters; {@link #perRequest} divides by the requests the run completed, the figure to multiply by an arrival
 * rate against the machine's cores.
 *
 * @param clientMicros CPU time of the bench's process from the release to the end of the load
 * @param serviceMicros CPU time of the service's processes during the run, when they were read
 */
public record CpuFigures(long clientMicros, OptionalLong serviceMicros) {

    public static final String CLIENT = "client_cpu_us";
    public static final String SERVICE = "service_cpu_us";

    /** The figures of a run that measured them; empty for the other runs. */
    public static Optional<CpuFigures> of(RunResult run) {
        Map<String, Long> counters = run.counters();
        if (!counters.containsKey(CLIENT)) {
            return Optional.empty();
        }
        Long service = counters.get(SERVICE);
        return Optional.of(new CpuFigures(
                counters.get(CLIENT), service == null ? OptionalLong.empty() : OptionalLong.of(service)));
    }

    /** Microseconds of CPU per request: {@code micros / requests}; empty when no request completed. */
    public static OptionalDouble perRequest(long micros, long requests) {
        return requests == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) micros / requests);
    }
}
