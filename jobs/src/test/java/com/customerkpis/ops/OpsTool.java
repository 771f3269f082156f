package com.customerkpis.ops;

import com.customerkpis.report.HtmlReport;
import com.customerkpis.spark.SparkSessions;
import com.customerkpis.testing.ReportFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Helpers the ops scripts (scripts/cluster-test, scripts/report-test) run from the test classes:
 * {@code compare EXPECTED ACTUAL},
 * {@code count DELTA_PATH [SQL_WHERE]}, {@code sample-report HTML_FILE} (the renderer's fixture
 * page, every chart drawn). Exit 0 on success, 1 on a mismatch or failure.
 */
public final class OpsTool {
  private OpsTool() {}

  /** Entry point of the scripts. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: OpsTool compare EXPECTED ACTUAL | count DELTA_PATH [SQL_WHERE]"
          + " | sample-report FILE");
      System.exit(2);
    }
    if (args[0].equals("sample-report")) {
      try {
        Files.writeString(Path.of(args[1]), HtmlReport.render(ReportFixtures.sample()),
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis ops",
        Map.of("spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "4"));
    spark.sparkContext().setLogLevel("WARN");
    int code = 0;
    switch (args[0]) {
      case "compare" -> {
        OutputComparison.Result r = OutputComparison.compare(spark, Path.of(args[1]),
            Path.of(args[2]));
        r.lines().forEach(System.out::println);
        r.problems().forEach(p -> System.out.println("MISMATCH " + p));
        code = r.matches() ? 0 : 1;
      }
      case "count" -> {
        Dataset<Row> d = spark.read().format("delta").load(args[1]);
        System.out.println(args.length > 2 ? d.where(args[2]).count() : d.count());
      }
      default -> {
        System.err.println("unknown command " + args[0]);
        code = 2;
      }
    }
    spark.stop();
    System.exit(code);
  }
}
