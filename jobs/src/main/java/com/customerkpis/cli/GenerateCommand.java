package com.customerkpis.cli;

import com.customerkpis.generate.Generator;
import com.customerkpis.generate.GeneratorConfig;
import com.customerkpis.generate.GeneratorResult;
import com.customerkpis.spark.SparkSessions;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kpi generate}: a deterministic synthetic input for every contract table. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    versionProvider = KpiCli.Version.class,
    description = "Generate a realistic, seeded sample of every input table as Parquet.")
public final class GenerateCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--output", required = true, description = "Directory to write the tables to.")
  String output;

  @Option(names = "--customers", description = "Customers to generate (default: "
      + GeneratorConfig.DEFAULT_CUSTOMERS + ").")
  Long customers;

  @Option(names = "--months", description = "Months of history (default: "
      + GeneratorConfig.DEFAULT_MONTHS + ").")
  Integer months;

  @Option(names = "--start", description = "First date, YYYY-MM-DD (default: 2025-01-01).")
  String start;

  @Option(names = "--seed", description = "Random seed (default: " + GeneratorConfig.DEFAULT_SEED
      + ").")
  Long seed;

  @Option(names = "--bad-row-share", description = "Share of bad rows to inject per table, "
      + "covering every quarantine reason (default: 0).")
  Double badRowShare;

  @Option(names = "--partitions", description = "Spark partitions (default: derived from size).")
  Integer partitions;

  @Override
  public Integer call() {
    GeneratorConfig cfg;
    try {
      cfg = new GeneratorConfig(output,
          customers == null ? GeneratorConfig.DEFAULT_CUSTOMERS : customers,
          months == null ? GeneratorConfig.DEFAULT_MONTHS : months,
          start == null ? GeneratorConfig.DEFAULT_START : LocalDate.parse(start.trim()),
          seed == null ? GeneratorConfig.DEFAULT_SEED : seed,
          badRowShare == null ? GeneratorConfig.DEFAULT_BAD_ROW_SHARE : badRowShare,
          partitions == null ? GeneratorConfig.DEFAULT_PARTITIONS : partitions);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis generate", Map.of());
    GeneratorResult r = Generator.generate(spark, cfg);
    r.rowsWritten().forEach((t, n) -> System.out.printf("%-16s %,d rows%n", t, n));
    System.out.printf("generated into %s in %.1f s%n", r.outputDir(), r.seconds());
    return ExitCodes.OK;
  }
}
