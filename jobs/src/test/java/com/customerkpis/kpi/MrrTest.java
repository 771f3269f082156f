package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.SchemaAssertions;
import com.customerkpis.testing.SharedSpark;
import com.customerkpis.time.Grain;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import com.customerkpis.schema.Cols;

class MrrTest {
  /** Every column of an mrr row, in the order the expected strings list them. */
  static final String[] COLS = {"period", "segment", "mrr_start", "new_mrr", "expansion_mrr",
      "contraction_mrr", "churned_mrr", "reactivation_mrr", "mrr_end", "paying_customers",
      "revenue_churn_rate", "net_revenue_retention"};

  static Fixtures fixture() {
    Fixtures f = new Fixtures();
    for (String[] c : new String[][] {{"a", "smb"}, {"b", "smb"}, {"e", "smb"}, {"c", "ent"},
        {"d", "ent"}, {"f", "ent"}}) {
      f.add(InputTable.CUSTOMERS, c[0], ts("2025-10-01T00:00:00Z"), "email", c[1]);
    }
    return f
        // a: two overlapping subscriptions, one cancelled in February: contraction 20
        .add(InputTable.SUBSCRIPTIONS, "a1", "a", dec("10.00"), ts("2026-01-01T00:00:00Z"), null)
        .add(InputTable.SUBSCRIPTIONS, "a2", "a", dec("20.00"), ts("2026-01-10T00:00:00Z"),
            ts("2026-02-15T00:00:00Z"))
        // b: moves to a free plan: churned 50
        .add(InputTable.SUBSCRIPTIONS, "b1", "b", dec("50.00"), ts("2026-01-01T00:00:00Z"),
            ts("2026-02-10T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "b2", "b", dec("0.00"), ts("2026-02-10T00:00:00Z"), null)
        // c: paid in 2025, gap, back in February: reactivation 60
        .add(InputTable.SUBSCRIPTIONS, "c1", "c", dec("40.00"), ts("2025-11-01T00:00:00Z"),
            ts("2026-01-01T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "c2", "c", dec("60.00"), ts("2026-02-20T00:00:00Z"), null)
        // d: a free trial, then first paid in February: new 25
        .add(InputTable.SUBSCRIPTIONS, "d1", "d", dec("0.00"), ts("2026-01-05T00:00:00Z"),
            ts("2026-02-03T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "d2", "d", dec("25.00"), ts("2026-02-03T00:00:00Z"), null)
        // e: ends exactly at February's end (not live then: churned 15 in February), and starts
        // again exactly at March's end (live then: reactivation 15 in March)
        .add(InputTable.SUBSCRIPTIONS, "e1", "e", dec("15.00"), ts("2026-01-01T00:00:00Z"),
            ts("2026-03-01T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "e2", "e", dec("15.00"), ts("2026-04-01T00:00:00Z"), null)
        // f: upgrade: expansion 25
        .add(InputTable.SUBSCRIPTIONS, "f1", "f", dec("10.00"), ts("2026-01-01T00:00:00Z"),
            ts("2026-02-12T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "f2", "f", dec("35.00"), ts("2026-02-12T00:00:00Z"), null)
        // x is not in customers: segment anonymous, new 5
        .add(InputTable.SUBSCRIPTIONS, "x1", "x", dec("5.00"), ts("2026-02-05T00:00:00Z"), null);
  }

  @Test
  void handComputedMovementsAndIdentityOnEveryRow() {
    Kpi kpi = Mrr.KPI;
    Dataset<Row> out = kpi.compute(fixture().prepare(
        KpiParams.defaults(ZoneOffset.UTC, Grain.MONTH), "2026-02-01", "2026-03-31"));
    SchemaAssertions.assertComputedTypes(kpi, out);
    List<Row> rows = out.collectAsList();
    for (Row r : rows) {
      BigDecimal expectedEnd = money(r, Cols.MRR_START).add(money(r, Cols.NEW_MRR))
          .add(money(r, Cols.EXPANSION_MRR)).subtract(money(r, Cols.CONTRACTION_MRR))
          .subtract(money(r, Cols.CHURNED_MRR)).add(money(r, Cols.REACTIVATION_MRR));
      assertEquals(expectedEnd, money(r, Cols.MRR_END), "identity on " + r);
    }
    // start|new|expansion|contraction|churned|reactivation|end|paying|churn rate|NRR
    List<String> expected = List.of(
        "2026-02|ALL|105.00|30.00|25.00|20.00|65.00|60.00|135.00|5|0.8095|0.4286",
        "2026-02|anonymous|0.00|5.00|0.00|0.00|0.00|0.00|5.00|1|null|null",
        "2026-02|ent|10.00|25.00|25.00|0.00|0.00|60.00|120.00|3|0.0000|3.5000",
        "2026-02|smb|95.00|0.00|0.00|20.00|65.00|0.00|10.00|1|0.8947|0.1053",
        "2026-03|ALL|135.00|0.00|0.00|0.00|0.00|15.00|150.00|6|0.0000|1.0000",
        "2026-03|anonymous|5.00|0.00|0.00|0.00|0.00|0.00|5.00|1|0.0000|1.0000",
        "2026-03|ent|120.00|0.00|0.00|0.00|0.00|0.00|120.00|3|0.0000|1.0000",
        "2026-03|smb|10.00|0.00|0.00|0.00|0.00|15.00|25.00|2|0.0000|1.0000");
    assertEquals(expected, Fixtures.render(
        SharedSpark.get().createDataFrame(rows, out.schema()), "period", "segment", "mrr_start",
        "new_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr", "reactivation_mrr",
        "mrr_end", "paying_customers", "revenue_churn_rate", "net_revenue_retention"));
  }

  @Test
  void emptyPeriodAllRowAndStartExactlyAtPeriodEnd() {
    var out = Mrr.KPI.compute(fixture().prepare(
        KpiParams.defaults(ZoneOffset.UTC, Grain.MONTH), "2025-09-01", "2025-10-31"));
    assertEquals(List.of(
        "2025-09|ALL|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0|null|null",
        // c1 starts exactly at October's end: live at that instant, so new in October
        "2025-10|ALL|0.00|40.00|0.00|0.00|0.00|0.00|40.00|1|null|null",
        "2025-10|ent|0.00|40.00|0.00|0.00|0.00|0.00|40.00|1|null|null"),
        Fixtures.render(out, COLS));
  }

  /**
   * São Paulo (UTC-3), January 2026 = [2026-01-01T03:00Z, 2026-02-01T03:00Z): an upgrade at the
   * exact boundary is expansion, and an empty paid interval (end_ts = start_ts, never live) does
   * not make a later first payment a reactivation.
   */
  @Test
  void planChangeAtBoundaryAndEmptyInterval() {
    Fixtures f = new Fixtures()
        .add(InputTable.CUSTOMERS, "g", ts("2025-10-01T00:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "h", ts("2025-10-01T00:00:00Z"), "email", "ent")
        // g: 10 from P.start to P.end, 25 from P.end on: expansion 15
        .add(InputTable.SUBSCRIPTIONS, "g1", "g", dec("10.00"), ts("2026-01-01T03:00:00Z"),
            ts("2026-02-01T03:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "g2", "g", dec("25.00"), ts("2026-02-01T03:00:00Z"), null)
        // h: an empty paid interval in December, then paid from January 10: new 30
        .add(InputTable.SUBSCRIPTIONS, "h1", "h", dec("30.00"), ts("2025-12-05T00:00:00Z"),
            ts("2025-12-05T00:00:00Z"))
        .add(InputTable.SUBSCRIPTIONS, "h2", "h", dec("30.00"), ts("2026-01-10T00:00:00Z"), null);
    var out = Mrr.KPI.compute(f.prepare(
        KpiParams.defaults(java.time.ZoneId.of("America/Sao_Paulo"), Grain.MONTH),
        "2026-01-01", "2026-01-31"));
    assertEquals(List.of(
        "2026-01|ALL|10.00|30.00|15.00|0.00|0.00|0.00|55.00|2|0.0000|2.5000",
        "2026-01|ent|0.00|30.00|0.00|0.00|0.00|0.00|30.00|1|null|null",
        "2026-01|smb|10.00|0.00|15.00|0.00|0.00|0.00|25.00|1|0.0000|2.5000"),
        Fixtures.render(out, COLS));
  }

  private static BigDecimal money(Row r, String c) {
    return r.getDecimal(r.fieldIndex(c));
  }
}
