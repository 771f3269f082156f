package com.customerkpis.report;

import static org.junit.jupiter.api.Assertions.*;

import com.customerkpis.report.Report.Point;
import com.customerkpis.report.Report.Section;
import com.customerkpis.testing.HtmlSnippets;
import com.customerkpis.testing.SharedSpark;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReportReader} on hand-written output tables. */
class ReportReaderTest {
  static final String COMMON = "period STRING, segment STRING, grain STRING, period_start DATE, "
      + "period_end DATE, run_id STRING, ";

  @TempDir
  Path tmp;

  private void write(String table, String ddl, List<Object[]> own) {
    SparkSession spark = SharedSpark.get();
    List<Row> rows = new ArrayList<>();
    for (Object[] r : own) {
      String period = (String) r[0];
      Object[] full = new Object[r.length + 4];
      full[0] = period;
      full[1] = r[1];
      full[2] = "month";
      full[3] = Date.valueOf(period + "-01");
      full[4] = Date.valueOf(period + "-28");
      full[5] = "run";
      System.arraycopy(r, 2, full, 6, r.length - 2);
      rows.add(RowFactory.create(full));
    }
    spark.createDataFrame(rows, StructType.fromDDL(COMMON + ddl)).write().format("delta")
        .save(tmp.resolve(table).toString());
  }

  @Test
  void readsSectionsAggregatesClvCustomerAndFindsUnidentifiedPeriods() {
    List<Object[]> csat = new ArrayList<>();
    for (String p : List.of("2026-01", "2026-02")) {
      csat.add(new Object[] {p, "ALL", "ALL", 450L, 400L, 0.9, 4.5});
      csat.add(new Object[] {p, "smb", "ALL", 3L, 3L, 1.0, 5.0});
      // Nine channels: ch1 has the fewest responses and is left out.
      for (int i = 1; i <= 9; i++) {
        csat.add(new Object[] {p, "ALL", "ch" + i, 10L * i, 5L * i, 0.5, 3.0});
      }
    }
    csat.add(new Object[] {"2026-02", "smb", "ch1", 0L, 0L, null, null});
    write("csat_by_channel", "channel STRING, responses BIGINT, positive_responses BIGINT, "
        + "csat DOUBLE, avg_score DOUBLE", csat);
    write("clv_customer", "customer_id STRING, frequency INT, recency_days INT, t_days INT, "
        + "monetary_value DOUBLE, revenue_to_date DECIMAL(38,2), p_alive DOUBLE, "
        + "expected_purchases DOUBLE, expected_spend DOUBLE, predicted_clv DOUBLE", List.of(
            new Object[] {"2026-02", "smb", "c1", 1, 1, 1, 1.0, new java.math.BigDecimal("10.00"),
                0.5, 1.0, 1.0, 100.0},
            new Object[] {"2026-02", "smb", "c2", 0, 0, 1, 0.0, new java.math.BigDecimal("20.00"),
                null, null, null, null},
            new Object[] {"2026-02", "ent", "c3", 2, 2, 2, 3.0, new java.math.BigDecimal("30.00"),
                1.0, 2.0, 2.0, 300.0}));
    write("clv_model", "model STRING, r DOUBLE, alpha DOUBLE, a DOUBLE, b DOUBLE, p DOUBLE, "
        + "q DOUBLE, gamma DOUBLE, log_likelihood DOUBLE, customers BIGINT, converged BOOLEAN",
        List.of(new Object[] {"2026-01", "ALL", "bgnbd", null, null, null, null, null, null, null,
                null, 2L, false},
            new Object[] {"2026-01", "ALL", "gamma_gamma", null, null, null, null, 1.0, 2.0, 3.0,
                -5.0, 2L, true},
            new Object[] {"2026-02", "ALL", "bgnbd", 0.2, 4.0, 0.5, 2.0, null, null, null, -9.0,
                3L, true}));

    Report r = ReportReader.read(SharedSpark.get(), tmp.toString());

    assertEquals(List.of("ALL", "ent", "smb"), r.segments());
    assertEquals(List.of("2026-01"), r.clvNotIdentified());
    assertEquals(List.of("csat_by_channel", "clv_customer", "clv_model"),
        r.sections().stream().map(s -> s.spec().table()).toList());
    assertEquals(18, r.tables().size());
    assertEquals(3, r.tables().stream().filter(Report.TableInfo::present).count());
    assertTrue(r.heatmaps().isEmpty());

    Section csatSection = r.sections().get(0);
    assertEquals(List.of("2026-01", "2026-02"), csatSection.periods());
    assertEquals(List.of("ALL", "ch9", "ch8", "ch7", "ch6", "ch5", "ch4", "ch3", "ch2"),
        csatSection.dimValues());
    assertEquals(1, csatSection.omittedDimValues());
    assertEquals(2 * 10, csatSection.points().size(), "ch1 rows are not read");
    Point smb = csatSection.points().stream()
        .filter(p -> p.segment().equals("smb") && p.period().equals("2026-02")).findFirst()
        .orElseThrow();
    assertEquals(Map.of("responses", 3.0, "positive_responses", 3.0, "csat", 1.0,
        "avg_score", 5.0), smb.values());

    Section clv = r.sections().get(1);
    Map<String, Map<String, Double>> bySegment = new TreeMap<>();
    clv.points().forEach(p -> bySegment.put(p.segment(), p.values()));
    assertEquals(List.of("ALL", "ent", "smb"), List.copyOf(bySegment.keySet()));
    Map<String, Double> all = bySegment.get("ALL");
    assertEquals(3.0, all.get(Catalog.CLV_BUYERS));
    assertEquals(2.0, all.get(Catalog.CLV_SCORED));
    assertEquals(1.0, all.get(Catalog.CLV_UNSCORED));
    assertEquals(200.0, all.get(Catalog.CLV_PREDICTED_AVG), 1e-9);
    assertEquals(400.0, all.get(Catalog.CLV_PREDICTED_SUM), 1e-9);
    assertEquals(0.75, all.get(Catalog.CLV_P_ALIVE_AVG), 1e-9);
    assertEquals(60.0, all.get(Catalog.CLV_REVENUE_SUM), 1e-9);
    Map<String, Double> smbClv = bySegment.get("smb");
    assertEquals(2.0, smbClv.get(Catalog.CLV_BUYERS));
    assertEquals(100.0, smbClv.get(Catalog.CLV_PREDICTED_AVG), 1e-9);
    assertEquals(30.0, smbClv.get(Catalog.CLV_REVENUE_SUM), 1e-9);

    Section model = r.sections().get(2);
    assertEquals(List.of("bgnbd", "gamma_gamma"), model.dimValues());
    assertEquals(3, model.points().size());

    String page = HtmlReport.render(r);
    assertTrue(HtmlSnippets.block(HtmlSnippets.card(page, "csat_by_channel"), "smb")
        .contains("100.0% <span class=\"ss small\" title=\"small sample: fewer than 30\">"
            + "(n=3 ⚠)</span>"));
    assertTrue(HtmlSnippets.card(page, "nps").contains("Not computed"));
  }
}
