package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results as JSON: {@code {"scenario", "runs": [{"strategy", "requests", "outcomes": {...}, "latency_ms": {...},
 * "wall_s", "rps", "audit": {...}}]}} (a run of a scenario with strategies adds {@code "order_position"}: 1-based, in its round, {@link RunOrder}; every run adds {@code "cpu_us_per_request"}: client and, when read, service; a load released at once adds {@code "start_spread_ms"}: p50, p99, max from the
 * release to the VUs' first requests; seat-holds runs add {@code "seed_metrics"}: seed 002's k6 metric names) plus the parameters, the harness ceiling and the throughput series, and {@code "balancer_overhead"} when strategies were run both through a balancer and directly ({@link BalancerOverhead}).
 */
public final class JsonReport {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    public static String render(BenchReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", report.scenario());
        root.put("started_at", report.startedAt());
        root.put("machine", report.machine());
        root.put("parameters", report.parameters());
        root.put("ceiling_rps", report.ceilingRps());
        root.put("runs", report.runs().stream().map(JsonReport::run).toList());
        List<BalancerOverhead> overheads = BalancerOverhead.of(report.runs());
        if (!overheads.isEmpty()) {
            root.put(
                    "balancer_overhead",
                    overheads.stream()
                            .map(overhead -> Map.of(
                                    "strategy", overhead.strategy(),
                                    "wall_ratio", overhead.wallRatio(),
                                    "p99_ratio", overhead.p99Ratio(),
                                    "wall_ratio_by_round", overhead.wallRatioByRound()))
                            .toList());
        }
        return JSON.writeValueAsString(root);
    }

    public static void write(BenchReport report, Path file) {
        try {
            Files.writeString(file, render(report));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static Map<String, Object> run(RunResult run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("strategy", run.strategy());
        json.put("run", run.run());
        if (run.counters().containsKey(RunOrder.POSITION)) {
            json.put(RunOrder.POSITION, run.counters().get(RunOrder.POSITION));
        }
        json.put("requests", run.requests());
        json.put(
                "outcomes",
                Map.of(
                        "success", run.outcomes().success(),
                        "sold_out", run.outcomes().soldOut(),
                        "busy", run.outcomes().busy(),
                        "outcome_unknown", run.outcomes().outcomeUnknown(),
                        "error", run.outcomes().errors(),
                        "other_status", run.outcomes().otherStatus(),
                        "network_error", run.outcomes().networkError()));
        json.put("latency_ms", latencyMs(run.latency()));
        AnswerLatencyFigures.of(run)
                .ifPresent(byAnswer -> json.put("latency_ms_by_outcome", latencyByAnswer(byAnswer)));
        json.put("dropped_iterations", run.droppedIterations());
        json.put("dropped_share", run.droppedShare());
        json.put("wall_s", run.wallSeconds());
        json.put("rps", run.rps());
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("passed", run.audit().passed());
        audit.put("orders", run.audit().orders());
        audit.put("oversold", run.audit().oversold());
        audit.put("stock_left", run.audit().stockLeft());
        audit.put("sources", run.audit().sources());
        audit.put("problems", run.audit().problems());
        json.put("audit", audit);
        SeatHoldFigures.of(run).ifPresent(seats -> json.put("seed_metrics", seedMetrics(seats)));
        LeaseFigures.of(run).ifPresent(leases -> json.put("lease", leaseMetrics(leases)));
        AdaptiveSwitchFigures.of(run)
                .ifPresent(switches -> json.put(
                        "adaptive_switches",
                        Map.of("escalate", switches.escalated(), "step_down", switches.steppedDown())));
        AdmissionFigures.of(run).ifPresent(admission -> json.put("admission", admission(admission)));
        QuotaFigures.of(run)
                .ifPresent(quota -> json.put(
                        "quota",
                        Map.of("false_sold_outs", quota.falseSoldOuts(), "shares_moved", quota.sharesMoved())));
        List<RegionFigures> regions = RegionFigures.of(run);
        if (!regions.isEmpty()) {
            json.put("regions", regions.stream().map(JsonReport::region).toList());
        }
        SaleCostFigures.of(run).ifPresent(cost -> json.put("sale_cost", saleCost(cost, run)));
        InstanceShares.of(run).ifPresent(shares -> json.put("instance_purchases", shares.purchases()));
        BalancerFigures.of(run)
                .ifPresent(balancer -> json.put(
                        "balancer",
                        Map.of(
                                "answered_5xx_by_balancer", balancer.balancers5xx(),
                                "answered_5xx_by_instances", balancer.servers5xx(),
                                "given_up_after_connects", balancer.givenUpAfterConnects(),
                                "given_up_without_instance", balancer.givenUpWithoutServer(),
                                "retries_on_same_instance", balancer.retriesOnSameServer(),
                                "redispatches", balancer.redispatches(),
                                "instances_marked_down", balancer.serversMarkedDown(),
                                "answered_with_every_instance_down", balancer.panicRouted())));
        FaultFigures.of(run)
                .ifPresent(fault -> json.put(
                        "fault",
                        Map.of(
                                "kill_service_after_ms", fault.killAfterMs(),
                                "killed_at_ms", fault.killedAtMs(),
                                "answers_lost", fault.answersLost(),
                                "next_sale_after_kill_ms", fault.nextSaleMs(),
                                "instance_back_after_ms", fault.restartMs())));
        CpuFigures.of(run).ifPresent(cpu -> json.put("cpu_us_per_request", cpuPerRequest(cpu, run.requests())));
        GcPauseFigures.of(run)
                .ifPresent(gc -> json.put(
                        "service_gc_pauses", Map.of("count", gc.pauses(), "total_ms", gc.pausedMicros() / 1000.0)));
        StartSpreadFigures.of(run)
                .ifPresent(spread -> json.put(
                        "start_spread_ms",
                        Map.of("p50", spread.p50Ms(), "p99", spread.p99Ms(), "max", spread.maxMs())));
        NewConnectionFigures.of(run)
                .ifPresent(split -> json.put(
                        "arrivals_by_connection",
                        Map.of(
                                "new",
                                Map.of(
                                        "count",
                                        split.opened(),
                                        "p50_ms",
                                        split.openedP50Ms(),
                                        "p99_ms",
                                        split.openedP99Ms()),
                                "open",
                                Map.of(
                                        "count",
                                        split.reused(),
                                        "p50_ms",
                                        split.reusedP50Ms(),
                                        "p99_ms",
                                        split.reusedP99Ms()))));
        CheckoutFigures.of(run).ifPresent(checkouts -> json.put("checkout", checkoutMetrics(checkouts, run)));
        json.put("throughput", Map.of("bucket_ms", run.bucketMillis(), "rps", List.copyOf(run.throughput())));
        return json;
    }

    /** CPU microseconds per completed request: {@code client} always, {@code service} when it was read. */
    private static Map<String, Object> cpuPerRequest(CpuFigures cpu, long requests) {
        Map<String, Object> json = new LinkedHashMap<>();
        CpuFigures.perRequest(cpu.clientMicros(), requests).ifPresent(client -> json.put("client", client));
        cpu.serviceMicros()
                .ifPresent(service -> CpuFigures.perRequest(service, requests)
                        .ifPresent(perRequest -> json.put("service", perRequest)));
        return json;
    }

    /** Seed 002's k6 metric names; latencies in milliseconds, rates from 0 to 1. */
    private static Map<String, Object> seedMetrics(SeatHoldFigures seats) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(SeatHoldFigures.SUCCESS, seats.success());
        json.put(SeatHoldFigures.CONFLICT, seats.conflict());
        json.put(SeatHoldFigures.ERROR, seats.error());
        json.put("seat_lock_success_rate", seats.successRate());
        json.put(SeatHoldFigures.LOCK_SEATS, latencyMs(seats.lockSeats()));
        json.put(SeatHoldFigures.RELEASE_SEATS, latencyMs(seats.releaseSeats()));
        json.put("http_req_failed", seats.httpReqFailed());
        return json;
    }

    /**
     * A checkout run's figures: completed checkouts per second, the time to a final state (ms), every counter of the
     * buyers and the audit ({@code checkout_*}, {@code audit_*}: charges, events, duplicates absorbed, lag), and the
     * stock blocked over time ({@code checkout_blocked_units}: {@code step_ms}, {@code units} per step).
     */
    private static Map<String, Object> checkoutMetrics(CheckoutFigures checkouts, RunResult run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("completed", checkouts.completed());
        json.put("completed_per_s", checkouts.completedPerSecond());
        json.put(CheckoutFigures.TO_FINAL_STATE, latencyMs(checkouts.toFinalState()));
        run.counters().forEach((name, value) -> {
            if (name.startsWith("checkout_") || name.startsWith("audit_") || name.startsWith("fault_")) {
                json.put(name, value);
            }
        });
        Timeline blocked = run.timelines().get(CheckoutFigures.BLOCKED_UNITS);
        if (blocked != null) {
            json.put(CheckoutFigures.BLOCKED_UNITS, Map.of("step_ms", blocked.stepMillis(), "units", blocked.values()));
        }
        return json;
    }

    /**
     * What the sale cost the stores: Redis calls and database connection uses in total and per unit sold, the scripts
     * per Redis node, and the busiest node's share of them (0 to 1; absent when no script ran).
     */
    private static Map<String, Object> saleCost(SaleCostFigures cost, RunResult run) {
        long sales = run.outcomes().success();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("redis_calls", cost.redisCalls());
        json.put("redis_calls_per_sale", SaleCostFigures.perSale(cost.redisCalls(), sales));
        json.put("database_connection_uses", cost.databaseUses());
        json.put("database_connection_uses_per_sale", SaleCostFigures.perSale(cost.databaseUses(), sales));
        json.put("redis_scripts_by_node", cost.scriptsByNode());
        cost.busiestShardShare().ifPresent(share -> json.put("busiest_shard_share", share));
        return json;
    }

    /** One region of a regions run: requests, sold, latencies (ms) of its buyers sold a unit and of all, share moves. */
    private static Map<String, Object> region(RegionFigures region) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("region", region.region());
        json.put("requests", region.requests());
        json.put("sold", region.sold());
        json.put("sold_latency_ms", latencyMs(region.whileQuotaLasts()));
        json.put("latency_ms", latencyMs(region.all()));
        json.put("shares_moved", region.sharesMoved());
        json.put("shares_moved_across_regions", region.sharesMovedAcrossRegions());
        json.put("across_regions_per_sale", region.acrossPerSale());
        return json;
    }

    private static Map<String, Object> leaseMetrics(LeaseFigures leases) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("turn_timed_out", leases.turnTimedOut());
        json.put("acquired", leases.acquired());
        json.put("mean_wait_ms", leases.meanWaitMs());
        json.put("timed_out", leases.timedOut());
        json.put("unavailable", leases.unavailable());
        json.put("lost", leases.lost());
        json.put("fenced_refused", leases.fencedRefused());
        return json;
    }

    /** Per answer ({@code success}, {@code sold_out}, {@code busy}…): {@code {"p50": ms, "p99": ms}}. */
    private static Map<String, Object> latencyByAnswer(AnswerLatencyFigures figures) {
        Map<String, Object> json = new LinkedHashMap<>();
        figures.byAnswer()
                .forEach((answer, latency) -> json.put(answer, Map.of("p50", latency.p50Ms(), "p99", latency.p99Ms())));
        return json;
    }

    /** Sheds, waits, and per bucket bound (milliseconds, as text) the waits answered within it. */
    private static Map<String, Object> admission(AdmissionFigures admission) {
        Map<String, Object> within = new LinkedHashMap<>();
        admission.withinMs().forEach((bound, count) -> within.put(Double.toString(bound), count));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("shed", admission.shed());
        json.put("waits", admission.waits());
        json.put("waits_within_ms", within);
        admission.everyWaitWithinMs().ifPresent(bound -> json.put("every_wait_within_ms", bound));
        return json;
    }

    private static Map<String, Object> latencyMs(LatencySummary latency) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("avg", latency.avgMs());
        json.put("min", latency.minMs());
        json.put("p50", latency.medMs());
        json.put("p90", latency.p90Ms());
        json.put("p95", latency.p95Ms());
        json.put("p99", latency.p99Ms());
        json.put("max", latency.maxMs());
        return json;
    }
}
