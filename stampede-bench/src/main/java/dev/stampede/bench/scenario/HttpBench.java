package dev.stampede.bench.scenario;

import dev.stampede.bench.http.RequestTemplate;
import dev.stampede.bench.load.LoadModel;
import dev.stampede.bench.load.LoadRunner;
import dev.stampede.bench.load.OutcomeMap;
import dev.stampede.bench.load.SingleRequestScript;
import dev.stampede.bench.report.AuditVerdict;
import dev.stampede.bench.report.ProgressBar;
import dev.stampede.bench.report.RunResult;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Generic mode: hammers any HTTP endpoint as k6 would, then optionally audits with the user's SQL. Its one
 * "strategy" is the request itself ({@code METHOD /path}).
 */
public final class HttpBench implements Scenario {

    private final RequestTemplate request;
    private final OutcomeMap outcomes;
    private final LoadModel model;
    private final ProgressBar progress;
    private final Optional<DataSource> database;
    private final String auditSql;

    /** {@code auditSql} (null: no audit) runs over {@code database} after each run; see {@link SqlAuditor}. */
    public HttpBench(
            RequestTemplate request,
            OutcomeMap outcomes,
            LoadModel model,
            ProgressBar progress,
            Optional<DataSource> database,
            String auditSql) {
        if (auditSql != null && database.isEmpty()) {
            throw new IllegalArgumentException("--audit-sql needs --db");
        }
        this.request = request;
        this.outcomes = outcomes;
        this.model = model;
        this.progress = progress;
        this.database = database;
        this.auditSql = auditSql;
    }

    @Override
    public String describe() {
        return request.method() + " " + request.target();
    }

    @Override
    public List<String> strategies() {
        return List.of(request.method() + " " + request.target().getPath());
    }

    @Override
    public RunResult run(String label, int run) {
        return Measurement.measure(
                label,
                run,
                model,
                new SingleRequestScript(request::bytes, outcomes),
                new LoadRunner(List.of(request.base())),
                progress,
                Measurement.expectedRequests(model),
                recorder -> auditSql == null
                        ? AuditVerdict.skipped("no --audit-sql given")
                        : SqlAuditor.audit(database.orElseThrow(), auditSql, recorder.outcomes()));
    }
}
