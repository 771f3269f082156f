package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.prep.Prepared;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Historical CLV columns of clv_customer and clv_summary, hand-computed. */
class ClvHistoricalTest {
  static Prepared prepared() {
    Fixtures f = new Fixtures()
        .add(InputTable.CUSTOMERS, "b1", ts("2025-01-01T00:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "b2", ts("2025-01-01T00:00:00Z"), "email", "ent")
        .add(InputTable.CUSTOMERS, "b3", ts("2026-03-20T00:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "b4", ts("2026-04-02T00:00:00Z"), "email", "smb")
        // two orders on one day: one purchase day of 150.00
        .add(InputTable.ORDERS, "o1", "b1", ts("2025-03-01T10:00:00Z"), dec("100.00"),
            "completed", null)
        .add(InputTable.ORDERS, "o2", "b1", ts("2025-03-01T15:00:00Z"), dec("50.00"),
            "completed", null)
        .add(InputTable.ORDERS, "o3", "b1", ts("2026-01-10T00:00:00Z"), dec("30.00"),
            "completed", null)
        .add(InputTable.ORDERS, "o4", "b1", ts("2026-02-10T00:00:00Z"), dec("20.00"),
            "refunded", null)
        .add(InputTable.ORDERS, "o5", "b1", ts("2026-03-05T00:00:00Z"), dec("10.00"),
            "cancelled", null)
        .add(InputTable.ORDERS, "o6", "b2", ts("2026-03-31T23:00:00Z"), dec("40.00"),
            "completed", null)
        .add(InputTable.ORDERS, "o7", "b2", ts("2026-04-01T00:00:00Z"), dec("99.00"),
            "completed", null)
        .add(InputTable.ORDERS, "o8", "x9", ts("2025-04-01T00:00:00Z"), dec("25.00"),
            "completed", null);
    return f.prepare(KpiParams.defaults(ZoneId.of("UTC"), Grain.MONTH), "2026-02-01",
        "2026-03-31");
  }

  @Test
  void buyersPurchaseDaysAndRevenue() {
    var out = ClvCustomer.KPI.compute(prepared());
    assertEquals(List.of(
        "2026-02|anonymous|x9|0|0|333|0.0000|25.00",
        "2026-02|smb|b1|1|315|364|30.0000|180.00",
        "2026-03|anonymous|x9|0|0|364|0.0000|25.00",
        "2026-03|ent|b2|0|0|0|0.0000|40.00",
        "2026-03|smb|b1|1|315|395|30.0000|180.00"),
        Fixtures.render(out, "period", "segment", "customer_id", "frequency", "recency_days",
            "t_days", "monetary_value", "revenue_to_date"));
  }

  @Test
  void summaryWithTrailingWindowEdges() {
    var out = ClvSummary.KPI.compute(prepared());
    // 2026-02: b1's first purchase day is exactly 365 days before P.end (inside the window);
    // 2026-03: it is 396 days before and drops out.
    assertEquals(List.of(
        "2026-02|ALL|2|2|4|205.00|51.2500|2.0000|102.5000|307.5000",
        "2026-02|anonymous|0|1|1|25.00|25.0000|1.0000|25.0000|75.0000",
        "2026-02|ent|1|0|0|0.00|null|null|null|null",
        "2026-02|smb|1|1|3|180.00|60.0000|3.0000|180.0000|540.0000",
        "2026-03|ALL|3|3|5|245.00|31.6667|1.0000|81.6667|95.0000",
        "2026-03|anonymous|0|1|1|25.00|25.0000|1.0000|25.0000|75.0000",
        "2026-03|ent|1|1|1|40.00|40.0000|1.0000|40.0000|120.0000",
        "2026-03|smb|2|1|3|180.00|30.0000|1.0000|180.0000|90.0000"),
        Fixtures.render(out, "period", "segment", "customers", "buyers", "orders", "revenue",
            "aov", "purchase_frequency", "historical_clv", "formula_clv"));
  }
}
