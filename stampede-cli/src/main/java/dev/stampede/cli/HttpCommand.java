package dev.stampede.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.stampede.bench.http.RequestTemplate;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.scenario.HttpBench;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stampede bench http}: generic mode, any HTTP endpoint. */
@Command(
        name = "http",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = "stampede bench http --request='METHOD URL' [OPTIONS]",
        description = {
            "Any HTTP endpoint, as k6 would; optionally audited by SQL.",
            "",
            "Load: --vus x --iterations released at once (default), --rate for an open model, or --stages for"
                    + " ramping VUs. With --db and --audit-sql, the query's first row is the audit: a column passed"
                    + " decides it, a column orders must be at least the successes seen and at most the successes plus the"
                    + " outcome_unknown answers and requests with no answer, a column oversold must be 0. A"
                    + " failed audit exits 1.",
            ""
        })
final class HttpCommand implements Callable<Integer> {

    @Option(
            names = "--request",
            required = true,
            paramLabel = "'METHOD URL'",
            description = "The request, e.g. 'POST http://127.0.0.1:9000/api/buy'.")
    String request;

    @Option(
            names = "--body",
            paramLabel = "TEMPLATE",
            description = "Body template; {vu}, {iter} and {uuid} are replaced per request.")
    String body;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "A request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(
            names = "--outcome",
            paramLabel = "STATUS=OUTCOME,...",
            converter = OutcomeMapConverter.class,
            defaultValue = "200=success,201=success,409=sold_out,503=busy",
            description = "What each status counts as: success, sold_out, busy, outcome_unknown, other_status;"
                    + " STATUS/TYPE=OUTCOME classifies a problem+json answer by the last segment of its type first,"
                    + " e.g. 503/outcome-unknown=outcome_unknown (default: ${DEFAULT-VALUE}).")
    OutcomeMap outcomes;

    @Option(
            names = "--vus",
            paramLabel = "N",
            description = "VUs; with --rate, the most VUs busy at once (default: ${DEFAULT-VALUE}).")
    int vus = 100;

    @Option(names = "--iterations", paramLabel = "N", description = "Requests per VU (default: ${DEFAULT-VALUE}).")
    int iterations = 1;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Arrivals per second: an open model instead of --iterations.")
    Integer rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10s",
            description = "With --rate: how long arrivals go on, e.g. 30s, 2m or PT1M (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--stages",
            split = ",",
            paramLabel = "DURATION:VUS",
            converter = StageConverter.class,
            description = "Ramping VUs from 0 instead, e.g. 20s:30,30s:50,20s:0 (30 VUs after 20s, ...).")
    List<LoadModel.Stage> stages;

    @Option(
            names = "--audit-sql",
            paramLabel = "SQL",
            description = "A query run over --db after each run; columns passed / orders / oversold are checked.")
    String auditSql;

    @Mixin
    DatabaseOptions database;

    @Mixin
    RunOptions runs;

    @Mixin
    ReportOptions reporting;

    @Override
    public Integer call() {
        RequestTemplate template = RequestTemplate.parse(request, body, headers);
        LoadModel model = model();
        Optional<HikariDataSource> audited = database.connect();
        try {
            HttpBench bench = new HttpBench(
                    template, outcomes, model, reporting.progress(), audited.map(DataSource.class::cast), auditSql);
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("model", model.describe());
            parameters.put("request", request);
            return new ScenarioDriver(System.out).run("http", bench, RunPlan.of(runs), parameters, reporting);
        } finally {
            audited.ifPresent(HikariDataSource::close);
        }
    }

    private LoadModel model() {
        if (stages != null) {
            return new LoadModel.RampingVus(0, stages);
        }
        if (rate != null) {
            return new LoadModel.ConstantArrivalRate(rate, duration, Long.MAX_VALUE, vus);
        }
        return new LoadModel.PerVuIterations(vus, iterations);
    }
}
