package dev.stampede.cli;

import dev.stampede.bench.report.BenchReport;
import dev.stampede.bench.report.HtmlReport;
import dev.stampede.bench.report.JsonReport;
import dev.stampede.bench.report.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a scenario's results go besides the terminal, and whether a progress bar is drawn. */
final class ReportOptions {

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML report to this file.")
    Path html;

    @Option(names = "--no-progress", description = "No progress bar (there is none unless on a terminal).")
    boolean noProgress;

    ProgressBar progress() {
        return new ProgressBar(System.err, !noProgress && System.console() != null);
    }

    /** Writes the files asked for and says where they are. */
    void write(BenchReport report, PrintStream out) {
        if (json != null) {
            JsonReport.write(report, json);
            out.println("JSON report: " + json.toAbsolutePath());
        }
        if (html != null) {
            HtmlReport.write(report, html);
            out.println("HTML report: " + html.toAbsolutePath());
        }
    }
}
