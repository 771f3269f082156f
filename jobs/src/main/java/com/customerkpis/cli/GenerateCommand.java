package com.customerkpis.cli;

import com.customerkpis.generate.Generator;
import com.customerkpis.generate.GeneratorConfig;
import com.customerkpis.generate.GeneratorResult;
import com.customerkpis.spark.SparkSessions;
import java.io.PrintWriter;
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

  // Defaults: the generate section of the bundled kpi.properties (the same values as
  // GeneratorConfig.defaults, which CliDefaultsTest checks).
  @Option(names = "--customers", description = "Customers to generate (default: ${DEFAULT-VALUE}).")
  Long customers;

  @Option(names = "--months", description = "Months of history (default: ${DEFAULT-VALUE}).")
  Integer months;

  @Option(names = "--start", description = "First date, YYYY-MM-DD (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
  Long seed;

  @Option(names = "--bad-row-share", description = "Share of bad rows to inject per table, "
      + "covering every quarantine reason (default: ${DEFAULT-VALUE}).")
  Double badRowShare;

  @Option(names = "--partitions", description = "Spark partitions; 0 derives them from the size "
      + "(default: ${DEFAULT-VALUE}).")
  Integer partitions;

  @Override
  public Integer call() {
    GeneratorConfig cfg = toConfig();
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis generate", Map.of());
    GeneratorResult r = Generator.generate(spark, cfg);
    PrintWriter out = spec.commandLine().getOut();
    r.rowsWritten().forEach((t, n) -> out.printf("%-16s %,d rows%n", t, n));
    out.printf("generated into %s in %.1f s%n", r.outputDir(), r.seconds());
    out.flush();
    return ExitCodes.OK;
  }

  /** The validated generator configuration; bad values are usage errors (exit 2). */
  GeneratorConfig toConfig() {
    try {
      return new GeneratorConfig(output,
          ConfigDefaults.required(customers, "--customers"),
          ConfigDefaults.required(months, "--months"),
          LocalDate.parse(ConfigDefaults.required(start, "--start").trim()),
          ConfigDefaults.required(seed, "--seed"),
          ConfigDefaults.required(badRowShare, "--bad-row-share"),
          ConfigDefaults.required(partitions, "--partitions"));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
