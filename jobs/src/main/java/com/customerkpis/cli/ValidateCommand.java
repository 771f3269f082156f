package com.customerkpis.cli;

import com.customerkpis.input.ContractViolationException;
import com.customerkpis.input.InputSet;
import com.customerkpis.input.TableCounts;
import com.customerkpis.input.InputTable;
import com.customerkpis.spark.SparkSessions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kpi validate}: the contract check alone, with per-table findings; writes nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    versionProvider = KpiCli.Version.class,
    description = "Check the inputs against the contract and print per-table findings.")
public final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Input root.")
  String input;

  @Option(names = "--segment-column", description = "customers column defining the segment (default: ${DEFAULT-VALUE}).")
  String segmentColumn;

  @Option(names = "--table-location", description = "Override a table's location: TABLE=PATH.")
  Map<String, String> tableLocations = new LinkedHashMap<>();

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.getOrCreate("customer-kpis validate", Map.of());
    List<String> violations = new ArrayList<>();
    List<TableCounts> counts = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    String seg = segmentColumn == null ? "segment" : segmentColumn;
    // One table at a time, so that every violation is reported, not only the first.
    for (InputTable t : InputTable.values()) {
      try (InputSet s = InputSet.read(spark, input, tableLocations, EnumSet.of(t), seg, false)) {
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
      System.out.printf("%-16s ok    read=%d kept=%d quarantined=%d %s duplicates_dropped=%d%n",
          c.table(), c.read(), c.kept(), c.quarantinedTotal(), c.quarantined(),
          c.duplicatesDropped());
    }
    for (String a : absent) {
      System.out.printf("%-16s absent (KPIs that need it are skipped)%n", a);
    }
    for (String v : violations) {
      System.out.println("VIOLATION        " + v);
    }
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
