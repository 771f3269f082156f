package com.customerkpis.cli;

import com.customerkpis.kpi.Kpi;
import com.customerkpis.kpi.KpiRegistry;
import com.customerkpis.input.InputTable;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code kpi list}: every KPI with its required and optional inputs and its output table. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = KpiCli.Version.class,
    description = "List the KPIs, the input tables each requires or reads when present, and the "
        + "Delta table each writes under --output.")
public final class ListCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(render());
    out.flush();
    return ExitCodes.OK;
  }

  /** The listing: one line per KPI, then the audit tables. */
  static String render() {
    List<Kpi> kpis = KpiRegistry.select(List.of("all"));
    String fmt = "%-28s %-34s %-34s %s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(fmt, "KPI (--kpis name)", "requires", "optional", "output table"));
    for (Kpi k : kpis) {
      sb.append(String.format(fmt, k.table(), names(k.requires()),
          k.optional().isEmpty() ? "-" : names(k.optional()), "<output>/" + k.table()));
    }
    sb.append(String.format("%n"));
    sb.append(String.format("Every run also appends to <output>/_runs (one row per run) and "
        + "<output>/_quarantine (bad input rows).%n"));
    sb.append(String.format("A KPI whose required input is absent is skipped (exit 3 when it "
        + "was named in --kpis); an absent optional input changes the definition as its doc says."
        + "%n"));
    return sb.toString();
  }

  /** Table names in contract order. */
  private static String names(Collection<InputTable> tables) {
    return tables.stream().sorted().map(InputTable::tableName).collect(Collectors.joining(","));
  }
}
