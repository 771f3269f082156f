package com.customerkpis.cli;

import static org.apache.spark.sql.functions.*;

import com.customerkpis.job.KpiJob;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.spark.SparkSessions;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kpi report}: a summary of the KPI tables under an output root. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = KpiCli.Version.class,
    description = "Summarise the KPI tables (rows per period) and the last run.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "Output root of kpi run.")
  String output;

  @Option(names = "--html", description = "Also write the summary as an HTML file.")
  Path html;

  @Override
  public Integer call() throws IOException {
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis report", Map.of());
    String root = output.replaceAll("/+$", "");
    StringBuilder text = new StringBuilder();
    StringBuilder rows = new StringBuilder();
    for (String table : KpiRegistry.names()) {
      String path = root + "/" + table;
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      List<Row> byPeriod = spark.read().format("delta").load(path)
          .groupBy("period").agg(count(lit(1)).as("rows")).orderBy("period").collectAsList();
      text.append(String.format("%-28s %s%n", table, byPeriod.stream()
          .map(r -> r.getString(0) + ":" + r.getLong(1)).toList()));
      rows.append("<tr><td>").append(table).append("</td><td>").append(byPeriod.stream()
          .map(r -> r.getString(0) + ": " + r.getLong(1)).toList()).append("</td></tr>\n");
    }
    String runs = root + "/" + KpiJob.RUNS_TABLE;
    String last = "";
    if (DeltaTable.isDeltaTable(spark, runs)) {
      Row r = spark.read().format("delta").load(runs).orderBy(col("started_at").desc()).first();
      last = r.getAs("summary_json");
      text.append("last run: ").append(last).append('\n');
    }
    System.out.print(text);
    if (html != null) {
      String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>customer-kpis"
          + "</title></head><body><h1>customer-kpis</h1><table border=\"1\"><tr><th>table</th>"
          + "<th>rows per period</th></tr>\n" + rows + "</table><h2>last run</h2><pre>"
          + last.replace("&", "&amp;").replace("<", "&lt;") + "</pre></body></html>\n";
      Files.writeString(html, page, StandardCharsets.UTF_8);
      System.out.println("report written to " + html.toAbsolutePath());
    }
    return ExitCodes.OK;
  }
}
