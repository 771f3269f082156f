package com.customerkpis.generate;

import com.customerkpis.spark.SparkSessions;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Times {@link Generator#generate} outside the test suite: {@code output [customers] [months]
 * [badRowShare]} on {@code local[2]} unless spark.master is set.
 */
public final class GenerateBenchmark {
  private GenerateBenchmark() {}

  public static void main(String[] args) {
    String out = args.length > 0 ? args[0] : "/tmp/gen-1m";
    long customers = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    int months = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    double bad = args.length > 3 ? Double.parseDouble(args[3]) : 0.0;
    System.setProperty("spark.master", System.getProperty("spark.master", "local[2]"));
    SparkSession spark = SparkSessions.getOrCreate("generate-benchmark",
        Map.of("spark.ui.enabled", "false"));
    spark.sparkContext().setLogLevel("WARN");
    GeneratorConfig config = GeneratorConfig.defaults(out).withCustomers(customers)
        .withMonths(months).withStart(LocalDate.of(2025, 1, 1)).withBadRowShare(bad);
    GeneratorResult result = Generator.generate(spark, config);
    System.out.printf("generated %d customers x %d months in %.1f s%n", customers, months,
        result.seconds());
    result.rowsWritten().forEach((t, n) -> System.out.printf("  %-16s %,d%n", t, n));
    spark.stop();
  }
}
