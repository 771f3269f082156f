package com.customerkpis.job;

import com.customerkpis.input.ContractViolationException;
import com.customerkpis.input.TableCounts;
import com.customerkpis.input.InputTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks that keep a run from ending green when it should be red: no input at all, no KPI
 * able to run, too many bad rows in a table. Each fails with exit 3 and names what it saw.
 */
public final class RunGates {
  private RunGates() {}

  /** Fails when none of the wanted tables exists (a typo in --input, an empty prefix). */
  public static void someInputPresent(String input, Set<InputTable> wanted,
      Set<InputTable> present) {
    if (present.isEmpty() && !wanted.isEmpty()) {
      throw new ContractViolationException("no input table found under " + input
          + " (looked for " + wanted.stream().map(InputTable::tableName)
          .collect(Collectors.joining(", ")) + ")");
    }
  }

  /** Fails when every requested KPI was skipped, with each KPI's reason. */
  public static void someKpiRuns(int runnable, Map<String, String> skipped) {
    if (runnable == 0 && !skipped.isEmpty()) {
      throw new ContractViolationException("no KPI could run: " + skipped.entrySet().stream()
          .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
    }
  }

  /**
   * Fails when a table's quarantined share of rows read exceeds {@code maxShare}, or when every
   * row of a non-empty table was quarantined (whatever the threshold).
   */
  public static void badRowShare(List<TableCounts> counts, double maxShare, String quarantine,
      String runId) {
    List<String> bad = new ArrayList<>();
    for (TableCounts c : counts) {
      long q = c.quarantinedTotal();
      if (c.read() == 0 || q == 0) {
        continue;
      }
      double share = (double) q / c.read();
      String what = "table " + c.table() + ": " + q + " of " + c.read() + " rows quarantined ("
          + String.format(Locale.ROOT, "%.1f%%", share * 100) + ")";
      if (q == c.read()) {
        bad.add(what + ": every row of the table is bad");
      } else if (share > maxShare) {
        bad.add(what + ", more than --max-bad-row-share "
            + BigDecimal.valueOf(maxShare).stripTrailingZeros().toPlainString());
      }
    }
    if (!bad.isEmpty()) {
      throw new ContractViolationException(String.join("; ", bad) + " (rows and reasons in "
          + quarantine + ", run_id " + runId + ")");
    }
  }
}
