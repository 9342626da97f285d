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

/** Generic mode: hammers any HTTP endpoint as k6 would, then optionally audits with the user's SQL. */
public final class HttpBench {

    private HttpBench() {}

    public static RunResult run(
            RequestTemplate request,
            OutcomeMap outcomes,
            LoadModel model,
            int run,
            ProgressBar progress,
            Optional<DataSource> database,
            String auditSql) {
        return Measurement.measure(
                request.method() + " " + request.target().getPath(),
                run,
                model,
                new SingleRequestScript(request::bytes, outcomes),
                new LoadRunner(List.of(request.base())),
                progress,
                Measurement.expectedRequests(model),
                recorder -> auditSql == null
                        ? AuditVerdict.skipped("no --audit-sql given")
                        : SqlAuditor.audit(
                                database.orElseThrow(() -> new IllegalArgumentException("--audit-sql needs --db")),
                                auditSql,
                                recorder.outcomes().success()));
    }
}
