package dev.stampede.bench.report;

import dev.stampede.bench.load.LatencySummary;
import dev.stampede.bench.load.OutcomeCounts;
import dev.stampede.devservers.LocalHaproxy.BalancerCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** What the terminal shows: a k6-style end-of-test summary per run, then all runs side by side. */
public final class TextReport {

    private TextReport() {}

    public static String summary(RunResult run) {
        OutcomeCounts o = run.outcomes();
        long total = Math.max(1, run.requests());
        long answered = o.success() + o.soldOut();
        long failed = o.soldOut() + o.busy() + o.outcomeUnknown() + o.errors();
        LatencySummary l = run.latency();
        StringBuilder out = new StringBuilder();
        out.append("\n  █ ")
                .append(run.strategy())
                .append(" #")
                .append(run.run())
                .append("\n\n");
        line(out, "checks_total", "%d  %s/s".formatted(run.requests(), rate(run.requests(), run.wallSeconds())));
        line(out, "checks_succeeded", "%s %d out of %d".formatted(pct(answered, total), answered, run.requests()));
        line(
                out,
                "checks_failed",
                "%s %d out of %d"
                        .formatted(pct(run.requests() - answered, total), run.requests() - answered, run.requests()));
        out.append("\n    ")
                .append(answered == run.requests() ? "✓" : "✗")
                .append(" answered (success or sold out)\n\n");
        out.append("    OUTCOMES\n");
        line(out, "success", counter(o.success(), run.wallSeconds()));
        line(out, "sold_out", counter(o.soldOut(), run.wallSeconds()));
        line(out, "busy", counter(o.busy(), run.wallSeconds()));
        line(out, "outcome_unknown", counter(o.outcomeUnknown(), run.wallSeconds()));
        line(out, "other_status", counter(o.otherStatus(), run.wallSeconds()));
        line(out, "network_error", counter(o.networkError(), run.wallSeconds()));
        SeatHoldFigures.of(run).ifPresent(seats -> seatHolds(out, seats, run.wallSeconds()));
        LeaseFigures.of(run).ifPresent(leases -> leases(out, leases));
        AdaptiveSwitchFigures.of(run).ifPresent(switches -> adaptiveSwitches(out, switches));
        AdmissionFigures.of(run).ifPresent(admission -> admission(out, admission, run.requests()));
        QuotaFigures.of(run).ifPresent(quota -> quota(out, quota, o.success()));
        regions(out, RegionFigures.of(run));
        SaleCostFigures.of(run).ifPresent(cost -> saleCost(out, cost, o.success()));
        FaultFigures.of(run).ifPresent(fault -> fault(out, fault));
        InstanceShares.of(run).ifPresent(shares -> instances(out, shares));
        BalancerFigures.of(run).ifPresent(balancer -> balancer(out, balancer));
        CheckoutFigures.of(run).ifPresent(checkouts -> checkouts(out, checkouts));
        out.append("\n    HTTP\n");
        line(out, "http_req_duration", durations(l));
        AnswerLatencyFigures.of(run)
                .ifPresent(byAnswer -> line(out, "http_req_duration by answer", latencyByAnswer(byAnswer)));
        line(
                out,
                "dropped_iterations",
                "%d  %s of arrivals".formatted(run.droppedIterations(), percent(run.droppedShare())));
        line(out, "http_req_failed", "%s %d out of %d".formatted(pct(failed, total), failed, run.requests()));
        line(out, "http_reqs", "%d  %s/s".formatted(run.requests(), rate(run.requests(), run.wallSeconds())));
        out.append("\n    EXECUTION\n");
        line(out, "wall", "%.3fs".formatted(run.wallSeconds()));
        StartSpreadFigures.of(run).ifPresent(spread -> line(out, "start_spread", startSpread(spread)));
        NewConnectionFigures.of(run).ifPresent(split -> line(out, "arrivals_new_connection", newConnections(split)));
        CpuFigures.of(run).ifPresent(cpu -> line(out, "cpu_per_request", cpuPerRequest(cpu, run.requests())));
        GcPauseFigures.of(run).ifPresent(gc -> line(out, "service_gc_pauses", gcPauses(gc, run.wallSeconds())));
        out.append("\n    AUDIT ")
                .append(verdict(run.audit(), SeatHoldFigures.of(run).isPresent()));
        run.audit().problems().forEach(problem -> out.append("\n      - ").append(problem));
        out.append('\n');
        return out.toString();
    }

    private static void leaseLine(StringBuilder out, RunResult run, LeaseFigures leases) {
        out.append("\n%s #%d leases: turn not come in time %d, acquired %d (mean wait %s), acquire timed out %d,"
                .formatted(
                        run.strategy(),
                        run.run(),
                        leases.turnTimedOut(),
                        leases.acquired(),
                        Durations.ms(leases.meanWaitMs()),
                        leases.timedOut()));
        out.append(" backend unavailable %d, lost %d, fenced writes refused %d"
                .formatted(leases.unavailable(), leases.lost(), leases.fencedRefused()));
    }

    private static void leases(StringBuilder out, LeaseFigures leases) {
        out.append("\n    LEASES (service metrics)\n");
        line(out, "turn not come in time", Long.toString(leases.turnTimedOut()));
        line(out, "acquired", "%d  mean wait %s".formatted(leases.acquired(), Durations.ms(leases.meanWaitMs())));
        line(out, "acquire timed out", Long.toString(leases.timedOut()));
        line(out, "backend unavailable", Long.toString(leases.unavailable()));
        line(out, "lost", Long.toString(leases.lost()));
        line(out, "fenced writes refused", Long.toString(leases.fencedRefused()));
    }

    private static void adaptiveSwitches(StringBuilder out, AdaptiveSwitchFigures switches) {
        out.append("\n    ADAPTIVE SWITCHES (service metrics)\n");
        line(out, "escalated to batched", Long.toString(switches.escalated()));
        line(out, "stepped down to optimistic", Long.toString(switches.steppedDown()));
    }

    private static void admission(StringBuilder out, AdmissionFigures admission, long requests) {
        out.append("\n    ADMISSION CONTROL (service metrics)\n");
        line(out, "shed", "%d  %s of requests".formatted(admission.shed(), percent(share(admission.shed(), requests))));
        line(out, "waited for a permit", "%d  %s".formatted(admission.waits(), longestWait(admission)));
    }

    /** How long the slowest answer of the limiter took, as the wait meter's buckets tell it. */
    private static String longestWait(AdmissionFigures admission) {
        if (admission.waits() == 0) {
            return "";
        }
        OptionalDouble within = admission.everyWaitWithinMs();
        if (within.isPresent()) {
            return "every one answered within " + Durations.ms(within.getAsDouble());
        }
        Map.Entry<Double, Long> largest = admission.withinMs().lastEntry();
        return largest == null
                ? ""
                : "%d waited longer than %s"
                        .formatted(admission.waits() - largest.getValue(), Durations.ms(largest.getKey()));
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static void fault(StringBuilder out, FaultFigures fault) {
        out.append("\n    FAULT kill-service@").append(fault.killAfterMs()).append("ms\n");
        line(out, "killed_at", "%.3fs after the release".formatted(fault.killedAtMs() / 1000.0));
        line(
                out,
                "answers_lost",
                "%d  (outcome_unknown %d, errors %d)"
                        .formatted(fault.answersLost(), fault.outcomeUnknown(), fault.errors()));
        line(out, "next_sale_after_kill", fault.nextSaleMs() < 0 ? "none" : fault.nextSaleMs() + "ms");
        line(out, "instance_back_after", fault.restartMs() + "ms");
    }

    private static void quota(StringBuilder out, QuotaFigures quota, long sales) {
        out.append("\n    QUOTA BUCKETS (service metrics)\n");
        line(out, "false sold-outs", Long.toString(quota.falseSoldOuts()));
        line(
                out,
                "shares moved",
                "%d  sales that moved one: at most %s"
                        .formatted(quota.sharesMoved(), percent(SaleCostFigures.perSale(quota.sharesMoved(), sales))));
    }

    /** Per region: sold, latency of the buyers sold a unit and of all, share moves (of them across regions). */
    private static void regions(StringBuilder out, List<RegionFigures> regions) {
        if (regions.isEmpty()) {
            return;
        }
        out.append("\n    REGIONS (bench; share moves: the region's instances' metrics)\n");
        for (RegionFigures region : regions) {
            String name = "region " + region.region();
            line(out, name, "sold %d of %d requests".formatted(region.sold(), region.requests()));
            line(
                    out,
                    name + " sold",
                    "p(50)=%s p(99)=%s  (buyers sold a unit: while the quota lasts)"
                            .formatted(
                                    Durations.ms(region.whileQuotaLasts().medMs()),
                                    Durations.ms(region.whileQuotaLasts().p99Ms())));
            line(
                    out,
                    name + " all",
                    "p(50)=%s p(99)=%s"
                            .formatted(
                                    Durations.ms(region.all().medMs()),
                                    Durations.ms(region.all().p99Ms())));
            line(
                    out,
                    name + " share moves",
                    "%d, across regions %d  (%s of its sales)"
                            .formatted(
                                    region.sharesMoved(),
                                    region.sharesMovedAcrossRegions(),
                                    percent(region.acrossPerSale())));
        }
    }

    private static void saleCost(StringBuilder out, SaleCostFigures cost, long sales) {
        out.append("\n    STORES (service metrics, per unit sold)\n");
        line(
                out,
                "redis calls",
                "%d  %.2f per sale".formatted(cost.redisCalls(), SaleCostFigures.perSale(cost.redisCalls(), sales)));
        line(
                out,
                "database connection uses",
                "%d  %.2f per sale"
                        .formatted(cost.databaseUses(), SaleCostFigures.perSale(cost.databaseUses(), sales)));
        cost.scriptsByNode().forEach((node, scripts) -> line(out, "redis scripts at " + node, Long.toString(scripts)));
        cost.busiestShardShare().ifPresent(share -> line(out, "busiest shard's share of scripts", percent(share)));
    }

    private static void instances(StringBuilder out, InstanceShares shares) {
        out.append("\n    INSTANCES (purchases each answered, from its metrics)\n");
        for (int index = 1; index <= shares.purchases().size(); index++) {
            line(
                    out,
                    "instance " + index,
                    "%d  %s".formatted(shares.purchases().get(index - 1), percent(shares.share(index))));
        }
    }

    private static void balancer(StringBuilder out, BalancerCounters balancer) {
        out.append("\n    BALANCER (haproxy's own counters)\n");
        line(out, "5xx answered by the balancer", Long.toString(balancer.balancers5xx()));
        line(out, "5xx answered by the instances", Long.toString(balancer.servers5xx()));
        line(out, "given up after failed connects", Long.toString(balancer.givenUpAfterConnects()));
        line(out, "given up with no instance free", Long.toString(balancer.givenUpWithoutServer()));
        line(out, "retried on the same instance", Long.toString(balancer.retriesOnSameServer()));
        line(out, "retried on another instance", Long.toString(balancer.redispatches()));
        line(out, "instances marked down", Long.toString(balancer.serversMarkedDown()));
        line(out, "answered with every instance down", Long.toString(balancer.panicRouted()));
    }

    private static void seatHolds(StringBuilder out, SeatHoldFigures seats, double wallSeconds) {
        out.append("\n    SEAT HOLDS (seed 002)\n");
        line(out, SeatHoldFigures.SUCCESS, counter(seats.success(), wallSeconds));
        line(out, SeatHoldFigures.CONFLICT, counter(seats.conflict(), wallSeconds));
        line(out, SeatHoldFigures.ERROR, counter(seats.error(), wallSeconds));
        line(
                out,
                "seat_lock_success_rate",
                "%s %d out of %d".formatted(percent(seats.successRate()), seats.success(), seats.attempts()));
        line(out, SeatHoldFigures.LOCK_SEATS, durations(seats.lockSeats()));
        line(out, SeatHoldFigures.RELEASE_SEATS, durations(seats.releaseSeats()));
    }

    private static void checkouts(StringBuilder out, CheckoutFigures checkouts) {
        out.append("\n    CHECKOUTS (seed 003, challenges 2-3)\n");
        line(out, "completed", "%d  %s/s".formatted(checkouts.completed(), rate(checkouts.completedPerSecond(), 1)));
        line(out, CheckoutFigures.CONFIRMED, Long.toString(checkouts.confirmed()));
        line(out, CheckoutFigures.DECLINED, Long.toString(checkouts.declined()));
        line(out, CheckoutFigures.RELEASED_OTHERWISE, Long.toString(checkouts.releasedOtherwise()));
        line(out, CheckoutFigures.SOLD_OUT, Long.toString(checkouts.soldOut()));
        line(out, CheckoutFigures.UNFINISHED, Long.toString(checkouts.unfinished()));
        line(out, CheckoutFigures.TO_FINAL_STATE, durations(checkouts.toFinalState()));
        line(out, "last_final_state", "%.3fs after the start".formatted(checkouts.lastFinalMillis() / 1000.0));
        line(out, "stock_settled", "%.3fs after the start".formatted(checkouts.stockSettledMillis() / 1000.0));
    }

    /** The checkout figures side by side, for the runs that have them. */
    private static void checkoutTable(StringBuilder out, List<RunResult> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "mode",
            "run",
            "completed/s",
            "to final p50",
            "p95",
            "p99",
            "confirmed",
            "declined",
            "last final",
            "settled",
            "audit"
        });
        for (RunResult run : runs) {
            CheckoutFigures.of(run)
                    .ifPresent(c -> rows.add(new String[] {
                        run.strategy(),
                        "#" + run.run(),
                        rate(c.completedPerSecond(), 1),
                        Durations.ms(c.toFinalState().medMs()),
                        Durations.ms(c.toFinalState().p95Ms()),
                        Durations.ms(c.toFinalState().p99Ms()),
                        Long.toString(c.confirmed()),
                        Long.toString(c.declined()),
                        "%.3fs".formatted(c.lastFinalMillis() / 1000.0),
                        "%.3fs".formatted(c.stockSettledMillis() / 1000.0),
                        audit(run.audit())
                    }));
        }
        if (rows.size() > 1) {
            out.append("\ncheckouts (issue 14)\n");
            table(out, rows, 10);
        }
    }

    private static String durations(LatencySummary l) {
        return "avg=%s min=%s med=%s max=%s p(90)=%s p(95)=%s p(99)=%s"
                .formatted(
                        Durations.ms(l.avgMs()),
                        Durations.ms(l.minMs()),
                        Durations.ms(l.medMs()),
                        Durations.ms(l.maxMs()),
                        Durations.ms(l.p90Ms()),
                        Durations.ms(l.p95Ms()),
                        Durations.ms(l.p99Ms()));
    }

    private static String verdict(AuditVerdict audit, boolean seats) {
        if (audit.orders() == null && audit.sources().isEmpty()) {
            return "skipped";
        }
        String format = seats
                ? "booked=%s double_booked=%s free=%s/%s seats (read from %s)"
                : "orders=%s oversold=%s stock=%s/%s (read from %s)";
        String figures = format.formatted(
                audit.orders(),
                audit.oversold(),
                audit.stockLeft(),
                audit.initialStock(),
                String.join(" + ", audit.sources()));
        return (audit.passed() ? "PASSED  " : "✗✗ FAILED ✗✗  ") + figures;
    }

    /** All runs side by side; with several runs of a strategy, a median row follows them. */
    public static String comparison(List<RunResult> runs, Double ceilingRps) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "strategy",
            "run",
            "req/s",
            "p50",
            "p95",
            "p99",
            "dropped",
            "wall",
            "sold",
            "sold_out",
            "busy",
            "unknown",
            "errors",
            "audit",
            "vs best"
        });
        double best = runs.stream()
                .filter(r -> r.audit().passed())
                .mapToDouble(RunResult::rps)
                .max()
                .orElse(0);
        Map<String, List<RunResult>> byStrategy = new LinkedHashMap<>();
        runs.forEach(run -> byStrategy
                .computeIfAbsent(run.strategy(), s -> new ArrayList<>())
                .add(run));
        byStrategy.forEach((strategy, strategyRuns) -> {
            for (RunResult run : strategyRuns) {
                rows.add(row(
                        strategy,
                        "#" + run.run(),
                        run.rps(),
                        run.latency().medMs(),
                        run.latency().p95Ms(),
                        run.latency().p99Ms(),
                        percent(run.droppedShare()),
                        run.wallSeconds(),
                        run.outcomes(),
                        audit(run.audit()),
                        best));
            }
            if (strategyRuns.size() > 1) {
                boolean allPassed =
                        strategyRuns.stream().allMatch(r -> r.audit().passed());
                rows.add(row(
                        strategy,
                        "median",
                        Medians.of(strategyRuns, RunResult::rps),
                        Medians.of(strategyRuns, r -> r.latency().medMs()),
                        Medians.of(strategyRuns, r -> r.latency().p95Ms()),
                        Medians.of(strategyRuns, r -> r.latency().p99Ms()),
                        percent(Medians.of(strategyRuns, RunResult::droppedShare)),
                        Medians.of(strategyRuns, RunResult::wallSeconds),
                        null,
                        allPassed ? "PASSED" : "FAILED",
                        best));
            }
        });
        StringBuilder out = new StringBuilder("\n");
        table(out, rows, 12);
        seatHoldTable(out, runs);
        checkoutTable(out, runs);
        runs.forEach(run -> LeaseFigures.of(run).ifPresent(leases -> leaseLine(out, run, leases)));
        runs.forEach(run -> AdaptiveSwitchFigures.of(run)
                .ifPresent(switches -> out.append("\n%s #%d switches: escalated %d, stepped down %d"
                        .formatted(run.strategy(), run.run(), switches.escalated(), switches.steppedDown()))));
        runs.forEach(run -> QuotaFigures.of(run)
                .ifPresent(quota -> out.append("\n%s #%d: false sold-outs %d, shares moved %d"
                        .formatted(run.strategy(), run.run(), quota.falseSoldOuts(), quota.sharesMoved()))));
        runs.forEach(run -> SaleCostFigures.of(run).ifPresent(cost -> costLine(out, run, cost)));
        runs.forEach(run -> AdmissionFigures.of(run)
                .ifPresent(admission ->
                        out.append("\n%s #%d admission control: shed %d (%s), waited for a permit %d, %s"
                                .formatted(
                                        run.strategy(),
                                        run.run(),
                                        admission.shed(),
                                        percent(share(admission.shed(), run.requests())),
                                        admission.waits(),
                                        longestWait(admission)))));
        BalancerOverhead.of(runs)
                .forEach(overhead -> out.append(String.format(
                        Locale.ROOT,
                        "\n%s through the balancer ÷ direct: wall %.2fx, p99 %.2fx (medians); wall by round %s",
                        overhead.strategy(),
                        overhead.wallRatio(),
                        overhead.p99Ratio(),
                        overhead.wallRatioByRound().stream()
                                .map(ratio -> String.format(Locale.ROOT, "%.2fx", ratio))
                                .collect(Collectors.joining(", ")))));
        Map<Integer, List<String>> rounds = RunOrder.rounds(runs);
        if (rounds.size() > 1 || rounds.values().stream().anyMatch(order -> order.size() > 1)) {
            out.append("\norder of the runs (run k of every strategy, in turn):");
            rounds.forEach((round, order) -> out.append(" #%d %s;".formatted(round, String.join(", ", order))));
            out.setLength(out.length() - 1);
        }
        runs.forEach(run -> CpuFigures.of(run)
                .ifPresent(cpu -> out.append("\n%s #%d CPU per request: %s"
                        .formatted(run.strategy(), run.run(), cpuPerRequest(cpu, run.requests())))));
        runs.forEach(run -> StartSpreadFigures.of(run)
                .ifPresent(spread -> out.append(
                        "\n%s #%d start spread: %s".formatted(run.strategy(), run.run(), startSpread(spread)))));
        if (runs.stream().anyMatch(run -> run.outcomes().busy() > 0)) {
            runs.forEach(run -> AnswerLatencyFigures.of(run)
                    .ifPresent(byAnswer -> out.append("\n%s #%d latency by answer: %s"
                            .formatted(run.strategy(), run.run(), latencyByAnswer(byAnswer)))));
        }
        runs.forEach(run -> NewConnectionFigures.of(run)
                .ifPresent(split -> out.append("\n%s #%d arrivals on a new connection: %s"
                        .formatted(run.strategy(), run.run(), newConnections(split)))));
        if (ceilingRps != null) {
            out.append("\nharness ceiling (same load, no-op endpoint): %s req/s; ratios above are to the best safe run."
                    .formatted(rate(ceilingRps, 1)));
        }
        if (out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        return out.toString();
    }

    /** The bench's and the service's CPU time per completed request. */
    private static String cpuPerRequest(CpuFigures cpu, long requests) {
        return "client %s, service %s"
                .formatted(
                        cpuMs(cpu.clientMicros(), requests),
                        cpu.serviceMicros().isPresent()
                                ? cpuMs(cpu.serviceMicros().getAsLong(), requests)
                                : "n/a (not read)");
    }

    /** The service's collector pauses, e.g. {@code 19 stopped it for 2.35s (18.1% of the wall)}. */
    private static String gcPauses(GcPauseFigures gc, double wallSeconds) {
        return "%d stopped it for %s (%s of the wall)"
                .formatted(gc.pauses(), Durations.ms(gc.pausedMicros() / 1000.0), percent(gc.shareOf(wallSeconds)));
    }

    private static String cpuMs(long micros, long requests) {
        OptionalDouble perRequest = CpuFigures.perRequest(micros, requests);
        return perRequest.isPresent() ? Durations.ms(perRequest.getAsDouble() / 1000) : "n/a";
    }

    /** p50 and p99 of each answer, e.g. {@code success p(50)=1.2s p(99)=1.9s; busy p(50)=1.0s p(99)=1.1s}. */
    private static String latencyByAnswer(AnswerLatencyFigures figures) {
        StringJoiner answers = new StringJoiner("; ");
        figures.byAnswer()
                .forEach((answer, latency) -> answers.add("%s p(50)=%s p(99)=%s"
                        .formatted(answer, Durations.ms(latency.p50Ms()), Durations.ms(latency.p99Ms()))));
        return answers.toString();
    }

    /** From the release to the VUs' first requests: every first request's latency includes its part of it. */
    private static String startSpread(StartSpreadFigures spread) {
        return "p(50)=%s p(99)=%s max=%s  (release -> first request sent; counted in latency)"
                .formatted(Durations.ms(spread.p50Ms()), Durations.ms(spread.p99Ms()), Durations.ms(spread.maxMs()));
    }

    /** The open model's arrivals whose VU connected for them, against those that found a connection open. */
    private static String newConnections(NewConnectionFigures split) {
        return "%d, p(50)=%s p(99)=%s  (on an open one: %d, p(50)=%s p(99)=%s; from the scheduled arrival)"
                .formatted(
                        split.opened(),
                        Durations.ms(split.openedP50Ms()),
                        Durations.ms(split.openedP99Ms()),
                        split.reused(),
                        Durations.ms(split.reusedP50Ms()),
                        Durations.ms(split.reusedP99Ms()));
    }

    private static void costLine(StringBuilder out, RunResult run, SaleCostFigures cost) {
        long sales = run.outcomes().success();
        out.append("\n%s #%d per sale: redis calls %.2f, database connection uses %.2f, busiest shard %s"
                .formatted(
                        run.strategy(),
                        run.run(),
                        SaleCostFigures.perSale(cost.redisCalls(), sales),
                        SaleCostFigures.perSale(cost.databaseUses(), sales),
                        cost.busiestShardShare().isPresent()
                                ? percent(cost.busiestShardShare().getAsDouble())
                                : "n/a (no scripts)"));
    }

    /** Seed 002's metrics side by side, for the runs that have them. */
    private static void seatHoldTable(StringBuilder out, List<RunResult> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "strategy",
            "run",
            SeatHoldFigures.SUCCESS,
            SeatHoldFigures.CONFLICT,
            SeatHoldFigures.ERROR,
            "seat_lock_success_rate",
            "lock_seats p95",
            "p99",
            "release_seats p95",
            "p99",
            "http_req_failed",
            "audit"
        });
        for (RunResult run : runs) {
            SeatHoldFigures.of(run)
                    .ifPresent(seats -> rows.add(new String[] {
                        run.strategy(),
                        "#" + run.run(),
                        Long.toString(seats.success()),
                        Long.toString(seats.conflict()),
                        Long.toString(seats.error()),
                        percent(seats.successRate()),
                        Durations.ms(seats.lockSeats().p95Ms()),
                        Durations.ms(seats.lockSeats().p99Ms()),
                        Durations.ms(seats.releaseSeats().p95Ms()),
                        Durations.ms(seats.releaseSeats().p99Ms()),
                        percent(seats.httpReqFailed()),
                        audit(run.audit())
                    }));
        }
        if (rows.size() > 1) {
            out.append("\nseed 002 metrics (seat holds)\n");
            table(out, rows, 11);
        }
    }

    /** Aligned columns: the first two and {@code textColumn} to the left, the others (figures) to the right. */
    private static void table(StringBuilder out, List<String[]> rows, int textColumn) {
        int[] widths = new int[rows.getFirst().length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                boolean left = i < 2 || i == textColumn;
                out.append(
                                left && i == row.length - 1
                                        ? row[i]
                                        : left ? pad(row[i], widths[i]) : padLeft(row[i], widths[i]))
                        .append("  ");
            }
            out.setLength(out.length() - 2);
            out.append('\n');
        }
    }

    private static String[] row(
            String strategy,
            String run,
            double rps,
            double p50,
            double p95,
            double p99,
            String dropped,
            double wall,
            OutcomeCounts o,
            String audit,
            double best) {
        return new String[] {
            strategy,
            run,
            rate(rps, 1),
            Durations.ms(p50),
            Durations.ms(p95),
            Durations.ms(p99),
            dropped,
            "%.2fs".formatted(wall),
            o == null ? "" : Long.toString(o.success()),
            o == null ? "" : Long.toString(o.soldOut()),
            o == null ? "" : Long.toString(o.busy()),
            o == null ? "" : Long.toString(o.outcomeUnknown()),
            o == null ? "" : Long.toString(o.errors()),
            audit,
            best > 0 ? String.format(Locale.ROOT, "%.2fx", rps / best) : "-"
        };
    }

    private static String audit(AuditVerdict audit) {
        if (audit.passed()) {
            return audit.sources().isEmpty() ? "skipped" : "PASSED";
        }
        return audit.oversold() != null && audit.oversold() > 0 ? "FAILED oversold " + audit.oversold() : "FAILED";
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append("    ")
                .append(name)
                .append(".".repeat(Math.max(3, 31 - name.length())))
                .append(": ")
                .append(value)
                .append('\n');
    }

    private static String counter(long count, double seconds) {
        return "%d  %s/s".formatted(count, rate(count, seconds));
    }

    private static String rate(double count, double seconds) {
        return seconds <= 0 ? "0" : String.format(Locale.ROOT, "%.1f", count / seconds);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100.0 * share);
    }

    private static String pct(long part, long total) {
        return String.format(Locale.ROOT, "%.2f%%", 100.0 * part / total);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
