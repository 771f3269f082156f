package com.customerkpis.testing;

import com.customerkpis.clv.ClvModels;
import com.customerkpis.kpi.ClvModel;
import com.customerkpis.kpi.ClvSummary;
import com.customerkpis.kpi.CohortRetention;
import com.customerkpis.kpi.Conversion;
import com.customerkpis.kpi.CsatByChannel;
import com.customerkpis.kpi.CustomerChurn;
import com.customerkpis.kpi.Mrr;
import com.customerkpis.report.Catalog;
import com.customerkpis.report.Report;
import com.customerkpis.report.ReportReader;
import com.customerkpis.report.Report.Cell;
import com.customerkpis.report.Report.Heatmap;
import com.customerkpis.report.Report.InputCounts;
import com.customerkpis.report.Report.LastRun;
import com.customerkpis.report.Report.Quality;
import com.customerkpis.report.Report.QuarantineCount;
import com.customerkpis.report.Report.Point;
import com.customerkpis.report.Report.Section;
import com.customerkpis.report.Report.TableInfo;
import com.customerkpis.schema.Cols;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-built report with every kind of section filled, for renderer tests and the DOM check. */
public final class ReportFixtures {
  /** A channel name that must come out escaped. */
  public static final String NASTY = "<script>alert(\"x\")</script> & 'co'";
  /** Periods of the sample. */
  public static final List<String> PERIODS = List.of("2026-01", "2026-02", "2026-03", "2026-04");
  /** The segment besides ALL. */
  public static final String SMB = "smb";
  /** Tables the sample has a section for (cohort_retention has heatmaps). */
  public static final List<String> PRESENT = List.of(CohortRetention.TABLE, CustomerChurn.TABLE,
      Conversion.BY_CHANNEL, CsatByChannel.TABLE, ClvModel.TABLE, ClvSummary.TABLE, Mrr.TABLE);

  private ReportFixtures() {}

  /** Heatmap: 4 cohorts, triangular (4 + 3 + 2 + 1 = 10 cells), sizes 40, 30, 20, 10. */
  public static Heatmap heatmap(String segment, long... sizes) {
    List<Cell> cells = new ArrayList<>();
    for (int c = 0; c < sizes.length; c++) {
      for (int o = 0; c + o < 4; o++) {
        long active = o == 0 ? sizes[c] : sizes[c] / (o + 1);
        cells.add(new Cell(PERIODS.get(c), o, PERIODS.get(c + o), sizes[c], active,
            (double) active / sizes[c]));
      }
    }
    return new Heatmap(segment, "month", PERIODS.subList(0, sizes.length), 3, cells, 0);
  }

  /** A row: column, value pairs (a null value is NULL in the table). */
  public static Point point(String period, String segment, String dim, Object... kv) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      values.put((String) kv[i], kv[i + 1] == null ? null : ((Number) kv[i + 1]).doubleValue());
    }
    return new Point(period, segment, dim, values);
  }

  private static Section section(String table, List<String> dims, int omitted,
      List<Point> points) {
    return new Section(Catalog.spec(table), "month", PERIODS, dims, omitted, points, List.of());
  }

  /**
   * The full sample: segments ALL and smb; churn (NULL rate where customers at start = 0 in
   * smb), conversion by channel (ALL, email, {@link #NASTY}; one more left out), CSAT (smb: 3 of 3
   * positive in 2026-04 only), the CLV model not converged in 2026-01 (predicted_clv NULL then),
   * MRR on ALL only; a failed last run and quarantined rows.
   */
  public static Report sample() {
    List<Point> churn = new ArrayList<>();
    long[][] all = {{100, 5, 25, 120}, {120, 6, 6, 120}, {120, 12, 12, 120}, {120, 6, 36, 150}};
    long[][] smb = {{0, 0, 10, 10}, {10, 1, 0, 9}, {9, 0, 1, 10}, {10, 2, 2, 10}};
    for (int i = 0; i < 4; i++) {
      churn.add(churnRow(PERIODS.get(i), Cols.ALL, all[i]));
      churn.add(churnRow(PERIODS.get(i), SMB, smb[i]));
    }
    List<Point> conversion = new ArrayList<>();
    double[][] rates = {{0.1, 0.12, 0.11, 0.13}, {0.2, 0.25, 0.22, 0.3}, {0.01, 0.02, 0.03, 0.02}};
    long[] visitors = {100, 50, 20};
    String[] channels = {Cols.ALL, "email", NASTY};
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 4; i++) {
        conversion.add(point(PERIODS.get(i), Cols.ALL, channels[c],
            Cols.SESSIONS, visitors[c] * 3 / 2, Cols.VISITORS, visitors[c],
            Cols.CONVERTED_VISITORS, Math.round(rates[c][i] * visitors[c]),
            Cols.CONVERSION_RATE, rates[c][i]));
      }
    }
    for (int i = 0; i < 4; i++) {
      conversion.add(point(PERIODS.get(i), SMB, Cols.ALL, Cols.SESSIONS, 6,
          Cols.VISITORS, 4, Cols.CONVERTED_VISITORS, 1, Cols.CONVERSION_RATE,
          0.25));
    }
    List<Point> csat = new ArrayList<>();
    double[][] csatRates = {{0.8, 0.82, 0.79, 0.85}, {0.7, 0.9, 0.6, 0.75}};
    long[] responses = {200, 40};
    String[] csatChannels = {Cols.ALL, "chat"};
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 4; i++) {
        csat.add(point(PERIODS.get(i), Cols.ALL, csatChannels[c], Cols.RESPONSES,
            responses[c], Cols.POSITIVE_RESPONSES,
            Math.round(csatRates[c][i] * responses[c]), Cols.CSAT, csatRates[c][i]));
      }
    }
    csat.add(point("2026-04", SMB, Cols.ALL, Cols.RESPONSES, 3,
        Cols.POSITIVE_RESPONSES, 3, Cols.CSAT, 1.0));
    List<Point> model = new ArrayList<>();
    for (String p : PERIODS) {
      boolean converged = !p.equals("2026-01");
      model.add(point(p, Cols.ALL, ClvModels.BGNBD, ClvModels.CONVERGED, converged ? 1 : 0,
          ClvModels.CUSTOMERS, 50, ClvModels.R, converged ? 0.25 : null));
      model.add(point(p, Cols.ALL, ClvModels.GAMMA_GAMMA, ClvModels.CONVERGED, 1,
          ClvModels.CUSTOMERS, 20, ClvModels.R, null));
    }
    List<Point> clv = new ArrayList<>();
    Double[][] clvAll = {{120.5, 130.25, 140.0, 150.75}, {300.0, 310.0, 305.0, 320.0},
        {null, 220.0, 215.0, 230.0}};
    for (int i = 0; i < 4; i++) {
      clv.add(point(PERIODS.get(i), Cols.ALL, null, Cols.BUYERS, 50 + 10 * i,
          Cols.HISTORICAL_CLV, clvAll[0][i], Cols.FORMULA_CLV, clvAll[1][i],
          Cols.PREDICTED_CLV, clvAll[2][i]));
    }
    List<Point> mrr = new ArrayList<>();
    double[][] mrrAll = {{12000, 12500, 13100, 12900}, {800, 900, 1000, 400},
        {300, 400, 400, 600}};
    for (int i = 0; i < 4; i++) {
      mrr.add(point(PERIODS.get(i), Cols.ALL, null, Cols.MRR_END, mrrAll[0][i], Cols.NEW_MRR,
          mrrAll[1][i], Cols.CHURNED_MRR, mrrAll[2][i]));
    }
    List<Section> sections = List.of(
        section(CustomerChurn.TABLE, List.of(), 0, churn),
        section(Conversion.BY_CHANNEL, List.of(channels), 1, conversion),
        section(CsatByChannel.TABLE, List.of(csatChannels), 0, csat),
        section(ClvModel.TABLE, List.of(ClvModels.BGNBD, ClvModels.GAMMA_GAMMA), 0, model),
        section(ClvSummary.TABLE, List.of(), 0, clv),
        section(Mrr.TABLE, List.of(), 0, mrr));
    LastRun last = new LastRun("20260401T000000Z-abc", "failed",
        Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-01T00:01:30Z"), "month",
        PERIODS, "run --input in --output out --from 2026-01-01 --to 2026-04-30",
        "boom <b>not bold</b>",
        List.of(new InputCounts("events", 100, 95, Map.of("no_identity", 3L), 2),
            new InputCounts("customers", 10, 10, Map.of(), 0)),
        Map.of("cohort_retention", 10L), Map.of("nps", "absent input surveys"));
    List<TableInfo> tables = new ArrayList<>();
    for (String t : ReportReader.KPI_TABLES) {
      boolean present = PRESENT.contains(t);
      tables.add(new TableInfo(t, present, present ? 10 : 0,
          present ? List.of("month") : List.of(), present ? "2026-01" : null,
          present ? "2026-04" : null));
    }
    return new Report("/data/out", Instant.parse("2026-04-02T00:00:00Z"),
        List.of(Cols.ALL, SMB), tables,
        List.of(heatmap(Cols.ALL, 40, 30, 20, 10), heatmap(SMB, 4, 3)), sections,
        List.of("2026-01"),
        new Quality(last, List.of(new QuarantineCount("events", "no_identity", 3, 7),
            new QuarantineCount("orders", "negative_amount", 0, 1))));
  }

  private static Point churnRow(String period, String segment, long[] v) {
    long start = v[0];
    long churned = v[1];
    return point(period, segment, null, Cols.CUSTOMERS_START, start,
        Cols.CHURNED, churned, Cols.NEW, v[2], Cols.CUSTOMERS_END,
        v[3], Cols.CHURN_RATE, start == 0 ? null : (double) churned / start,
        Cols.RETENTION_RATE, start == 0 ? null : (double) (start - churned) / start);
  }
}
