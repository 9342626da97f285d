package dev.stampede.cli;

import java.util.Arrays;
import java.util.List;

/**
 * What to run of a scenario: which strategies ({@code all} or a comma-separated list), how many runs of each, and
 * whether the unreported warm-up and the harness ceiling come first.
 */
record RunPlan(String strategies, int runs, boolean warmUp, boolean ceiling) {

    RunPlan {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, was " + runs);
        }
    }

    /** A sale: strategies, runs, and the phases before them. */
    static RunPlan of(StrategyOptions strategies, RunOptions runs, PhaseOptions phases) {
        return new RunPlan(strategies.strategies, runs.runs, !phases.warmUp.noWarmup, !phases.noCeiling);
    }

    /** A scenario with neither warm-up nor ceiling. */
    static RunPlan of(StrategyOptions strategies, RunOptions runs) {
        return new RunPlan(strategies.strategies, runs.runs, false, false);
    }

    /** A scenario with one thing to run: everything it offers, {@code runs} times. */
    static RunPlan of(RunOptions runs) {
        return new RunPlan("all", runs.runs, false, false);
    }

    /** The strategies named ({@code all}: every one offered, in the order offered); an unknown name is refused. */
    List<String> choose(List<String> offered) {
        List<String> chosen = strategies.equals("all") ? offered : Arrays.asList(strategies.split(","));
        chosen.stream().filter(s -> !offered.contains(s)).findFirst().ifPresent(unknown -> {
            throw new IllegalArgumentException("unknown strategy '" + unknown + "'; the service offers " + offered);
        });
        return chosen;
    }
}
