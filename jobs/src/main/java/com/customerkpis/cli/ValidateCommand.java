package com.customerkpis.cli;

import com.customerkpis.input.ContractViolationException;
import com.customerkpis.input.InputSet;
import com.customerkpis.input.TableCounts;
import com.customerkpis.input.InputTable;
import com.customerkpis.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kpi validate}: the contract check alone, with per-table findings; writes nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    versionProvider = KpiCli.Version.class,
    description = "Check the inputs against the contract and print per-table findings.")
public final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  InputOptions inputs;

  @Mixin
  ConfigFileOption configFile;

  @Override
  public Integer call() {
    String seg;
    try {
      seg = inputs.segmentColumn();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    String input = inputs.input();
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis validate", Map.of());
    List<String> violations = new ArrayList<>();
    List<TableCounts> counts = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    // One table at a time, so that every violation is reported, not only the first.
    for (InputTable t : InputTable.values()) {
      try (InputSet s = InputSet.read(spark, input, inputs.tableLocations(), EnumSet.of(t), seg, false)) {
        if (s.present().isEmpty()) {
          absent.add(t.tableName());
          continue;
        }
        counts.addAll(s.counts());
      } catch (ContractViolationException e) {
        violations.add(e.getMessage());
      }
    }
    for (TableCounts c : counts) {
      out.printf("%-16s ok    read=%d kept=%d quarantined=%d %s duplicates_dropped=%d%n",
          c.table(), c.read(), c.kept(), c.quarantinedTotal(), c.quarantined(),
          c.duplicatesDropped());
    }
    for (String a : absent) {
      out.printf("%-16s absent (KPIs that need it are skipped)%n", a);
    }
    for (String v : violations) {
      out.println("VIOLATION        " + v);
    }
    // Findings first, then (on a violation) the reason on stderr's last line.
    out.flush();
    if (violations.isEmpty() && counts.isEmpty()) {
      throw new ContractViolationException("no input table found under " + input
          + " (looked for " + String.join(", ", absent) + ")");
    }
    if (!violations.isEmpty()) {
      throw new ContractViolationException(violations.size() + " contract violation(s): "
          + String.join("; ", violations));
    }
    return ExitCodes.OK;
  }
}
