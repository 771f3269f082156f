package com.customerkpis.kpi;

import static com.customerkpis.testing.Rows.dec;
import static com.customerkpis.testing.Rows.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.customerkpis.config.KpiParams;
import com.customerkpis.input.InputTable;
import com.customerkpis.testing.Fixtures;
import com.customerkpis.testing.SchemaAssertions;
import com.customerkpis.time.Grain;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatPurchaseTest {
  // Sao Paulo is UTC-3 all year: 01:00Z on Mar 1 is still February 28 locally.
  static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

  static Fixtures fixture() {
    return new Fixtures()
        .add(InputTable.CUSTOMERS, "c1", ts("2025-12-01T12:00:00Z"), "email", "smb")
        .add(InputTable.CUSTOMERS, "c2", ts("2025-12-01T12:00:00Z"), "email", "ent")
        .add(InputTable.CUSTOMERS, "c3", ts("2025-12-01T12:00:00Z"), "email", null)
        // c1: one order before the run and one in February: a repeat buyer of February
        .add(InputTable.ORDERS, "o1", "c1", ts("2026-01-15T12:00:00Z"), dec("10.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o2", "c1", ts("2026-02-10T12:00:00Z"), dec("10.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o3", "c1", ts("2026-03-05T12:00:00Z"), dec("10.00"),
            "refunded", "web")
        // c2: two orders on one day count as two orders
        .add(InputTable.ORDERS, "o4", "c2", ts("2026-02-05T12:00:00Z"), dec("10.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o5", "c2", ts("2026-02-05T13:00:00Z"), dec("10.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o10", "c2", ts("2026-03-15T12:00:00Z"), dec("10.00"),
            " Completed ", "web")
        // c3: February locally; its April order must not make it a repeat buyer in February
        .add(InputTable.ORDERS, "o6", "c3", ts("2026-03-01T01:00:00Z"), dec("10.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o7", "c3", ts("2026-04-02T12:00:00Z"), dec("10.00"),
            "completed", "web")
        // x9 is not in customers: segment anonymous
        .add(InputTable.ORDERS, "o8", "x9", ts("2026-03-10T12:00:00Z"), dec("10.00"),
            "completed", "web")
        .add(InputTable.ORDERS, "o9", "x9", ts("2026-03-20T12:00:00Z"), dec("10.00"),
            "completed", "web");
  }

  @Test
  void handComputedBuyersRepeatBuyersAndOrders() {
    Kpi kpi = RepeatPurchase.KPI;
    var out = kpi.compute(fixture().prepare(KpiParams.defaults(SP, Grain.MONTH), "2026-02-01",
        "2026-05-31"));
    SchemaAssertions.assertComputedTypes(kpi, out);
    List<String> expected = List.of(
        "2026-02|ALL|3|2|0.6667|4|1.3333",
        "2026-02|ent|1|1|1.0000|2|2.0000",
        "2026-02|smb|1|1|1.0000|1|1.0000",
        "2026-02|unknown|1|0|0.0000|1|1.0000",
        "2026-03|ALL|2|2|1.0000|3|1.5000",
        "2026-03|anonymous|1|1|1.0000|2|2.0000",
        "2026-03|ent|1|1|1.0000|1|1.0000",
        "2026-04|ALL|1|1|1.0000|1|1.0000",
        "2026-04|unknown|1|1|1.0000|1|1.0000",
        // no orders: the ALL row with zero counts and NULL rates
        "2026-05|ALL|0|0|null|0|null");
    assertEquals(expected, Fixtures.render(out, "period", "segment", "buyers", "repeat_buyers",
        "repeat_customer_rate", "orders", "orders_per_buyer"));
  }
}
