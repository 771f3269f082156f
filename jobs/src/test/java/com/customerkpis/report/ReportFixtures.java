package com.customerkpis.report;

import com.customerkpis.report.Report.Cell;
import com.customerkpis.report.Report.Chart;
import com.customerkpis.report.Report.Heatmap;
import com.customerkpis.report.Report.InputCounts;
import com.customerkpis.report.Report.LastRun;
import com.customerkpis.report.Report.Quality;
import com.customerkpis.report.Report.QuarantineCount;
import com.customerkpis.report.Report.Series;
import com.customerkpis.report.Report.TableInfo;
import com.customerkpis.report.Report.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-built report with every section filled, for the renderer's tests and the browser check. */
public final class ReportFixtures {
  /** A channel name that must come out escaped. */
  public static final String NASTY = "<script>alert(\"x\")</script> & 'co'";
  /** Periods of the sample. */
  public static final List<String> PERIODS = List.of("2026-01", "2026-02", "2026-03", "2026-04");

  private ReportFixtures() {}

  /** Heatmap: 4 cohorts, triangular (4 + 3 + 2 + 1 = 10 cells). */
  public static Heatmap heatmap() {
    List<Cell> cells = new ArrayList<>();
    long[] sizes = {40, 30, 20, 10};
    for (int c = 0; c < 4; c++) {
      for (int o = 0; c + o < 4; o++) {
        long active = o == 0 ? sizes[c] : sizes[c] / (o + 1);
        cells.add(new Cell(PERIODS.get(c), o, PERIODS.get(c + o), sizes[c], active,
            (double) active / sizes[c]));
      }
    }
    return new Heatmap("month", PERIODS, 3, cells, 0);
  }

  /** The full sample report: heatmap, the five trend charts, a failed last run, quarantine. */
  public static Report sample() {
    List<Chart> charts = List.of(
        new Chart("customer_churn", "Churn rate", "month", Unit.PERCENT, PERIODS,
            List.of(series("churn_rate", 0.05, 0.04, null, 0.07)), null),
        new Chart("conversion_by_channel", "Conversion rate by channel", "month", Unit.PERCENT,
            PERIODS, List.of(series("ALL", 0.1, 0.12, 0.11, 0.13),
                series("email", 0.2, 0.25, 0.22, 0.3), series(NASTY, 0.01, 0.02, 0.03, 0.02)),
            "1 smaller channel value(s) not drawn"),
        new Chart("csat_by_channel", "CSAT by channel", "month", Unit.PERCENT, PERIODS,
            List.of(series("ALL", 0.8, 0.82, 0.79, 0.85), series("chat", 0.7, 0.9, 0.6, 0.75)),
            null),
        new Chart("clv_summary", "Customer lifetime value", "month", Unit.MONEY, PERIODS,
            List.of(series("historical_clv", 120.5, 130.25, 140.0, 150.75),
                series("formula_clv", 300.0, 310.0, 305.0, 320.0),
                series("predicted_clv", 210.0, 220.0, 215.0, 230.0)), null),
        new Chart("mrr", "Monthly recurring revenue", "month", Unit.MONEY, PERIODS,
            List.of(series("mrr_end", 12000.0, 12500.0, 13100.0, 12900.0),
                series("new_mrr", 800.0, 900.0, 1000.0, 400.0),
                series("churned_mrr", 300.0, 400.0, 400.0, 600.0)), null));
    LastRun last = new LastRun("20260401T000000Z-abc", "failed",
        Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-01T00:01:30Z"), "month",
        PERIODS, "run --input in --output out --from 2026-01-01 --to 2026-04-30",
        "boom <b>not bold</b>",
        List.of(new InputCounts("events", 100, 95, Map.of("no_identity", 3L), 2),
            new InputCounts("customers", 10, 10, Map.of(), 0)),
        Map.of("cohort_retention", 10L), Map.of("mrr", "absent input subscriptions"));
    List<TableInfo> tables = new ArrayList<>();
    for (String t : ReportReader.KPI_TABLES) {
      boolean present = t.equals("cohort_retention") || charts.stream()
          .anyMatch(c -> c.table().equals(t));
      tables.add(new TableInfo(t, present, present ? 10 : 0,
          present ? List.of("month") : List.of(), present ? "2026-01" : null,
          present ? "2026-04" : null));
    }
    return new Report("/data/out", Instant.parse("2026-04-02T00:00:00Z"), tables, heatmap(),
        charts, new Quality(last, List.of(new QuarantineCount("events", "no_identity", 3, 7),
            new QuarantineCount("orders", "negative_amount", 0, 1))));
  }

  /** A series over {@link #PERIODS}; null leaves a gap. */
  public static Series series(String name, Double... values) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(PERIODS.get(i), values[i]);
    }
    return new Series(name, m);
  }
}
