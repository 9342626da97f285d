package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.scenario.Scenario;
import dev.stampede.bench.service.StampedeTargets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;

/**
 * What every scenario that drives Stampede instances takes (strategies, runs, targets, reports), and how such a
 * scenario is run: open the targets, set the scenario up on them, hand it to the {@link ScenarioDriver}, close them.
 */
final class ServiceScenarioOptions {

    @Mixin
    StrategyOptions strategies;

    @Mixin
    RunOptions runs;

    @Mixin
    TargetOptions targets;

    @Mixin
    ReportOptions reporting;

    /** Runs a scenario with no warm-up and no ceiling; {@code parameters} are reported after the model. */
    int run(
            String name,
            LoadModel model,
            Map<String, Object> parameters,
            BiFunction<StampedeTargets, ProgressBar, Scenario> setUp) {
        return run(name, model, parameters, RunPlan.of(strategies, runs), setUp);
    }

    /** Runs a scenario with the warm-up and the ceiling unless {@code phases} skip them. */
    int run(
            String name,
            LoadModel model,
            Map<String, Object> parameters,
            PhaseOptions phases,
            BiFunction<StampedeTargets, ProgressBar, Scenario> setUp) {
        return run(name, model, parameters, RunPlan.of(strategies, runs, phases), setUp);
    }

    private int run(
            String name,
            LoadModel model,
            Map<String, Object> parameters,
            RunPlan plan,
            BiFunction<StampedeTargets, ProgressBar, Scenario> setUp) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("model", model.describe());
        described.putAll(parameters);
        try (StampedeTargets opened = targets.open()) {
            targets.announceDashboards(opened, System.out);
            return new ScenarioDriver(System.out)
                    .run(name, setUp.apply(opened, reporting.progress()), plan, targets.describe(described), reporting);
        }
    }
}
