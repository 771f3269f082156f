package com.customerkpis.cli;

import com.customerkpis.report.HtmlReport;
import com.customerkpis.report.Report;
import com.customerkpis.report.ReportReader;
import com.customerkpis.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kpi report}: one self-contained HTML dashboard of the KPI tables under an output root. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = KpiCli.Version.class,
    description = "Write an HTML dashboard of the KPI tables (headline tiles, every table as a "
        + "chart and a table, a segment selector, data quality); it opens offline.")
public final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--output", required = true, description = "Output root of kpi run.")
  String output;

  @Option(names = "--html", required = true, description = "HTML file to write.")
  Path html;

  @Override
  public Integer call() throws IOException {
    // A local directory that does not exist is a typo, not an empty report; URIs (s3a:// …)
    // are left to Spark.
    if (!output.contains("://") && !Files.isDirectory(Path.of(output))) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--output '" + output + "' is not a directory");
    }
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis report", Map.of());
    Report report = ReportReader.read(spark, output);
    Path target = html.toAbsolutePath();
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, HtmlReport.render(report), StandardCharsets.UTF_8);
    long present = report.tables().stream().filter(Report.TableInfo::present).count();
    PrintWriter out = spec.commandLine().getOut();
    out.println("report of " + present + " KPI table(s) written to " + target);
    out.flush();
    return ExitCodes.OK;
  }
}
